package io.tradeloom.broker.paper.internal;

import java.util.ArrayDeque;

/** The most arrivals ever seen within any window of the given length: the counterparty's view of a rate. */
final class PeakRate {

    private final long windowNanos;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private int peak;

    PeakRate(long windowMillis) {
        this.windowNanos = windowMillis * 1_000_000L;
    }

    synchronized void arrived(long nanos) {
        recent.addLast(nanos);
        while (nanos - recent.peekFirst() >= windowNanos) {
            recent.pollFirst();
        }
        peak = Math.max(peak, recent.size());
    }

    synchronized int peak() {
        return peak;
    }
}
