package io.tradeloom.domain.venue;

import io.tradeloom.domain.instrument.Instrument;

import java.util.Collection;

/**
 * What every adapter registers per configured connection. The core tracks these services: one arriving makes a
 * venue appear in {@code tradeloom:venues} and JMX, one leaving removes it and fails its work over.
 *
 * <p>Brokers also consume {@code OrderCommand}s and produce {@code Execution}s, and vendors produce
 * market-data events, over the Camel endpoints named in the camel-runtime API.
 */
public interface Venue {

    VenueDescriptor descriptor();

    /** Current connection health; cheap, called often. */
    VenueHealth health();

    /**
     * Instruments this venue trades or quotes. An empty collection from a broker means "whatever the platform
     * has market data for".
     */
    Collection<Instrument> instruments();

    default String id() {
        return descriptor().id();
    }
}
