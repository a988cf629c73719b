package io.tradeloom.core.resilience;

import java.util.function.LongSupplier;

/**
 * At most {@code limit} permits in any window of {@code windowNanos}: the times of the last {@code limit}
 * permits are kept in a ring, and a permit is granted only when the oldest of them is a full window old.
 * A token bucket (or resilience4j's cycle-based RateLimiter) may grant up to twice the limit across a cycle
 * boundary; a venue that counts in a sliding window would reject those, so this one never does.
 */
public final class SlidingWindowLimiter {

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final long[] granted;
    private int next;
    private int count;

    public SlidingWindowLimiter(int limit, long windowMillis, LongSupplier nanoTime) {
        if (limit <= 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("limit and window must be > 0 (were " + limit + ", " + windowMillis
                    + ")");
        }
        this.limit = limit;
        this.windowNanos = windowMillis * 1_000_000L;
        this.nanoTime = nanoTime;
        this.granted = new long[limit];
    }

    /** Takes a permit if one is free now. */
    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        if (count == limit && now - granted[next] < windowNanos) {
            return false;
        }
        granted[next] = now;
        next = (next + 1) % limit;
        count = Math.min(limit, count + 1);
        return true;
    }

    /** Nanoseconds until a permit is free; 0 when one is free now. */
    public synchronized long nanosUntilFree() {
        if (count < limit) {
            return 0;
        }
        long wait = granted[next] + windowNanos - nanoTime.getAsLong();
        return Math.max(0, wait);
    }

    public int limit() {
        return limit;
    }

    public long windowMillis() {
        return windowNanos / 1_000_000L;
    }
}
