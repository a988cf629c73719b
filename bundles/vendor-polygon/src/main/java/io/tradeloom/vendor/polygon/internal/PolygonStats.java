package io.tradeloom.vendor.polygon.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one Polygon venue; read by its MBean and the venue health detail. */
public final class PolygonStats {
    final LongAdder frames = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder quotes = new LongAdder();
    final LongAdder trades = new LongAdder();
    final LongAdder bars = new LongAdder();
    final LongAdder statuses = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder truncated = new LongAdder();
    final LongAdder oversized = new LongAdder();
    final LongAdder unknown = new LongAdder();
    final LongAdder deliveryFailures = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder silences = new LongAdder();
    final LongAdder authFailures = new LongAdder();

    public long frames() {
        return frames.sum();
    }

    public long events() {
        return events.sum();
    }

    public long quotes() {
        return quotes.sum();
    }

    public long trades() {
        return trades.sum();
    }

    public long bars() {
        return bars.sum();
    }

    public long statuses() {
        return statuses.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    public long truncated() {
        return truncated.sum();
    }

    public long oversized() {
        return oversized.sum();
    }

    public long unknown() {
        return unknown.sum();
    }

    public long deliveryFailures() {
        return deliveryFailures.sum();
    }

    public long connects() {
        return connects.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    public long disconnects() {
        return disconnects.sum();
    }

    public long silences() {
        return silences.sum();
    }

    public long authFailures() {
        return authFailures.sum();
    }

    /** Bad input of every kind. */
    public long errors() {
        return malformed() + truncated() + oversized() + unknown();
    }
}
