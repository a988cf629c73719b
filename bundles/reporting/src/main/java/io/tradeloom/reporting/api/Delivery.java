package io.tradeloom.reporting.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one report at one destination.
 *
 * @param seq        the report's sequence number in the store (creation order)
 * @param attempts   how many times it was handed to the destination
 * @param lastError  the last failure or rejection reason, null if none
 * @param createdAt  when the report was queued for this destination
 * @param updatedAt  when the state last changed
 */
public record Delivery(long seq, String reportId, String destination, DeliveryState state, int attempts,
                       String lastError, Instant createdAt, Instant updatedAt) {

    public Delivery {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(state, "state");
    }

    public Delivery with(DeliveryState newState, int newAttempts, String error, Instant at) {
        return new Delivery(seq, reportId, destination, newState, newAttempts, error, createdAt, at);
    }
}
