package io.tradeloom.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code System.nanoTime()} stamps keyed by order id, written by a FIX or Camel thread and taken by the
 * benchmark thread. The stamp is always taken by the thread that observes the event, so how the benchmark
 * thread waits (it parks; the machine may have few cores) never shows in a measured latency, only in
 * throughput.
 */
final class TimeBook {

    /** Returned by {@link #await} when nothing arrived in time. */
    static final long MISSING = Long.MIN_VALUE;

    private final ConcurrentHashMap<String, Long> stamps = new ConcurrentHashMap<>();
    private final boolean wakeWaiter;
    private volatile Thread waiter;

    /**
     * @param wakeWaiter unpark the waiting thread on every stamp; off for stamps that are only read after
     *                   another one (the acceptor's), so they never wake the benchmark thread early
     */
    TimeBook(boolean wakeWaiter) {
        this.wakeWaiter = wakeWaiter;
    }

    void put(String key, long nanos) {
        stamps.put(key, nanos);
        if (wakeWaiter) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    boolean contains(String key) {
        return stamps.containsKey(key);
    }

    /** Takes (removes) the stamp for {@code key}, waiting up to {@code timeoutNanos}; {@link #MISSING} if none. */
    long await(String key, long timeoutNanos) {
        Long v = stamps.remove(key);
        if (v != null) {
            return v;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        waiter = Thread.currentThread();
        try {
            while ((v = stamps.remove(key)) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return MISSING;
                }
                // Woken by put(); the bound only covers a wake-up lost to the waiter/put race.
                LockSupport.parkNanos(this, Math.min(left, 1_000_000L));
            }
            return v;
        } finally {
            waiter = null;
        }
    }

    int size() {
        return stamps.size();
    }

    void clear() {
        stamps.clear();
    }
}
