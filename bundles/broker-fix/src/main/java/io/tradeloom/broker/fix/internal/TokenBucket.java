package io.tradeloom.broker.fix.internal;

/**
 * Orders-per-second limit of one venue. Small enough not to justify a dependency for one bucket; the
 * platform-wide rate limiting of the order-flow work will replace it.
 */
final class TokenBucket {

    private final long ratePerSecond;
    private double tokens;
    private long lastNanos = System.nanoTime();

    TokenBucket(long ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
        this.tokens = ratePerSecond;
    }

    /** True if one more order may go now; 0 means unlimited. */
    synchronized boolean tryAcquire() {
        if (ratePerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(ratePerSecond, tokens + (now - lastNanos) * ratePerSecond / 1e9);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
