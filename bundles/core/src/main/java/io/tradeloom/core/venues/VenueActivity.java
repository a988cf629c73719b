package io.tradeloom.core.venues;

/** Counting hooks for the core's own use: messages in and out per venue, and errors. */
public interface VenueActivity {

    void received(String venueId);

    void sent(String venueId);

    void error(String venueId);
}
