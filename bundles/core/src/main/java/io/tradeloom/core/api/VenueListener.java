package io.tradeloom.core.api;

import io.tradeloom.domain.venue.Venue;

/** Told when a venue's adapter service arrives or leaves (bundle installed, stopped, uninstalled, updated). */
public interface VenueListener {

    default void venueAdded(Venue venue) {
    }

    void venueRemoved(String venueId);
}
