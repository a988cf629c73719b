package io.tradeloom.domain.marketdata;

import java.time.Instant;

/** A normalized market-data event from one source venue. */
public sealed interface MarketDataEvent permits Quote, Trade, Bar {

    /** Our symbol. */
    String symbol();

    /** Venue id of the source. */
    String source();

    /** Event time as given by the venue, UTC, at the venue's precision. */
    Instant timestamp();

    /** When the platform received it. */
    Instant receivedAt();
}
