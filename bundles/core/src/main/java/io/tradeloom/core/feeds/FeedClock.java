package io.tradeloom.core.feeds;

import java.time.Instant;

/** Time for the feed rules; tests drive a controllable one instead of sleeping. */
public interface FeedClock {

    /** Monotonic nanoseconds, for intervals. */
    long nanos();

    /** Wall-clock time, for display. */
    Instant now();

    FeedClock SYSTEM = new FeedClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
}
