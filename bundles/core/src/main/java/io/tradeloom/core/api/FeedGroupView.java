package io.tradeloom.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One feed group as operators see it.
 *
 * @param sources           source venue ids in priority order (first = primary)
 * @param active            the source whose ticks pass now
 * @param lastSwitch        when the active source last changed, null if never
 * @param lastReason        why, e.g. "venue sim DOWN: stopped", "silent for 812 ms (limit 500 ms)", "forced by operator"
 * @param forced            true while an operator-forced source holds (no failback)
 * @param sourceStatus      per source: OK, DOWN, SILENT or LOW_QUALITY with the detail
 * @param droppedStandby    ticks of the group's symbols from sources that were not active (not an error)
 * @param droppedOutOfOrder ticks dropped because they were not newer than the last passed tick of that symbol
 */
public record FeedGroupView(String name, List<String> sources, List<String> symbols, String active, long switches,
                            Instant lastSwitch, String lastReason, boolean forced, Map<String, String> sourceStatus,
                            long droppedStandby, long droppedOutOfOrder) {
}
