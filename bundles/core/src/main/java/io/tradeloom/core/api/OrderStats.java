package io.tradeloom.core.api;

import java.util.Map;

/**
 * Order-flow figures.
 *
 * @param countsByState     orders per OrderStatus name
 * @param rejects           orders rejected by the platform or the venue
 * @param meanAckLatencyMicros mean time from accept to the venue's first answer, -1 before any
 * @param maxAckLatencyMicros  maximum of the same
 */
public record OrderStats(Map<String, Long> countsByState, long rejects, long meanAckLatencyMicros,
                         long maxAckLatencyMicros) {
}
