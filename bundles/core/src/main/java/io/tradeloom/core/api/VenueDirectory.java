package io.tradeloom.core.api;

import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Venue;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The venues deployed in this container right now. */
public interface VenueDirectory {

    List<VenueView> venues();

    Optional<VenueView> venue(String id);

    Optional<Venue> adapter(String id);

    /** Every instrument some venue quotes or trades, by our symbol. */
    Collection<Instrument> instruments();

    Optional<Instrument> instrument(String symbol);

    void addListener(VenueListener listener);

    void removeListener(VenueListener listener);
}
