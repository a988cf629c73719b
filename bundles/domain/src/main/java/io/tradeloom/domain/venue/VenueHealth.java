package io.tradeloom.domain.venue;

import java.time.Instant;
import java.util.Objects;

/** What an adapter says about its connection, with a human-readable detail and when the state began. */
public record VenueHealth(VenueState state, String detail, Instant since) {

    public VenueHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        detail = detail == null ? "" : detail;
    }

    public static VenueHealth of(VenueState state, String detail) {
        return new VenueHealth(state, detail, Instant.now());
    }
}
