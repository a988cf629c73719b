package io.tradeloom.domain.venue;

/** Connection state of a venue as operators see it. HALTED is set by the platform, never by an adapter. */
public enum VenueState {
    CONNECTING, UP, DEGRADED, DOWN, HALTED
}
