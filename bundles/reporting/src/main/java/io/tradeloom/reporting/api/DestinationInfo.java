package io.tradeloom.reporting.api;

import java.util.Map;

/**
 * One configured destination with its counts per state and the age of its oldest pending (PENDING or SENT)
 * report in milliseconds (0 when none).
 */
public record DestinationInfo(String name, String type, String target, Map<DeliveryState, Long> counts,
                              long oldestPendingAgeMillis) {
}
