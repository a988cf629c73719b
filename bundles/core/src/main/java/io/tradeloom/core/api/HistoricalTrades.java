package io.tradeloom.core.api;

import io.tradeloom.domain.marketdata.Trade;

import java.time.Instant;
import java.util.List;

/**
 * A vendor that can answer for past trades (REST trades with their sequence numbers); sequence-gap backfill asks
 * the source whose trade stream skipped sequence numbers. Registered as an OSGi service by the vendor bundle, one
 * per source venue, like {@link HistoricalBars}.
 */
public interface HistoricalTrades {

    /** Venue id of the source these trades come from. */
    String source();

    /**
     * Trades of our {@code symbol} whose timestamp lies in [from, to] (both inclusive), each with the venue's
     * {@link Trade#sequence()}; any order (the caller sorts and keeps only the sequence numbers it misses).
     *
     * @throws Exception when the vendor cannot answer (the caller logs it and retries later)
     */
    List<Trade> trades(String symbol, Instant from, Instant to) throws Exception;
}
