package io.tradeloom.core.api;

import io.tradeloom.domain.marketdata.Bar;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A vendor that can answer for past bars (REST aggregates); gap backfill asks the source whose stream has the gap.
 * Registered as an OSGi service by the vendor bundle, one per source venue.
 */
public interface HistoricalBars {

    /** Venue id of the source these bars come from. */
    String source();

    /**
     * Bars of {@code interval} for our {@code symbol} whose start lies in [from, to), oldest first.
     *
     * @throws Exception when the vendor cannot answer (the caller logs it and retries later)
     */
    List<Bar> bars(String symbol, Duration interval, Instant from, Instant to) throws Exception;
}
