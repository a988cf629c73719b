package io.tradeloom.core.venues;

/** Counting hooks for the core's own use: messages in and out per venue, and errors. */
public interface VenueActivity {

    void received(String venueId);

    /** {@code count} messages at once (one wire frame's events): the same as that many {@link #received}. */
    default void received(String venueId, int count) {
        for (int i = 0; i < count; i++) {
            received(venueId);
        }
    }

    void sent(String venueId);

    void error(String venueId);
}
