package io.tradeloom.reporting.api;

import io.tradeloom.domain.report.TransactionReport;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The reporting service: what was reported, where it stands, and the operator's resend. */
public interface Reporting {

    /** Deliveries newest first, filtered by state and destination when not null. */
    List<Delivery> deliveries(DeliveryState state, String destination, int max);

    Optional<TransactionReport> report(String reportId);

    List<DestinationInfo> destinations();

    /**
     * Puts the report back to PENDING at every destination (or the named one) where it is REJECTED or FAILED.
     * ACKED deliveries are never resent. Returns the deliveries that were requeued.
     *
     * @throws IllegalArgumentException if no such report or destination exists
     */
    List<Delivery> resend(String reportId, String destination);

    /**
     * Writes the end-of-day batch of one trading date (null: today in the schedule's zone) now (files per account and venue; idempotent) and returns
     * the files written.
     *
     * @throws UnsupportedOperationException where no end-of-day batch is configured
     */
    default List<Path> endOfDay(LocalDate date) {
        throw new UnsupportedOperationException("no end-of-day batch here");
    }
}
