package io.tradeloom.domain.venue;

/** A broker takes orders; a vendor supplies market data. */
public enum VenueKind {
    BROKER, VENDOR
}
