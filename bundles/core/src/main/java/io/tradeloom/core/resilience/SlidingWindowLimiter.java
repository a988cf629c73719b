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
        this(limit, windowMillis, nanoTime, null);
    }

    /**
     * A limiter that replaces {@code previous} (after a settings change) and counts its most recent grants as its
     * own, so that the venue never sees more than the new limit in a window that spans the change.
     */
    public SlidingWindowLimiter(int limit, long windowMillis, LongSupplier nanoTime, SlidingWindowLimiter previous) {
        if (limit <= 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("limit and window must be > 0 (were " + limit + ", " + windowMillis
                    + ")");
        }
        this.limit = limit;
        this.windowNanos = windowMillis * 1_000_000L;
        this.nanoTime = nanoTime;
        this.granted = new long[limit];
        if (previous != null) {
            long[] recent = previous.recentGrants();
            for (int i = Math.max(0, recent.length - limit); i < recent.length; i++) {
                granted[next] = recent[i];
                next = (next + 1) % limit;
                count++;
            }
        }
    }

    /** The times of the grants this limiter remembers, oldest first. */
    synchronized long[] recentGrants() {
        long[] out = new long[count];
        int start = count < granted.length ? 0 : next;
        for (int i = 0; i < count; i++) {
            out[i] = granted[(start + i) % granted.length];
        }
        return out;
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
