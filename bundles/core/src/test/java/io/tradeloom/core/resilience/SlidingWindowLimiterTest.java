package io.tradeloom.core.resilience;

import org.junit.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class SlidingWindowLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    public void grantsTheLimitThenWaitsForTheOldestToLeaveTheWindow() {
        SlidingWindowLimiter l = new SlidingWindowLimiter(3, 1000, now::get);
        assertTrue(l.tryAcquire());
        now.addAndGet(ms(100));
        assertTrue(l.tryAcquire());
        assertTrue(l.tryAcquire());
        assertFalse(l.tryAcquire());
        assertEquals(ms(900), l.nanosUntilFree());
        now.addAndGet(ms(899));
        assertFalse(l.tryAcquire());
        now.addAndGet(ms(1));
        assertTrue(l.tryAcquire());
        assertFalse(l.tryAcquire());
    }

    /** Whatever the arrival pattern, no window of the configured length ever holds more than the limit. */
    @Test
    public void neverMoreThanTheLimitInAnySlidingWindow() {
        int limit = 5;
        long window = ms(1000);
        SlidingWindowLimiter l = new SlidingWindowLimiter(limit, 1000, now::get);
        List<Long> granted = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            now.addAndGet(random.nextInt(3) == 0 ? ms(random.nextInt(400)) : 0);
            if (l.tryAcquire()) {
                granted.add(now.get());
            }
        }
        assertTrue("enough permits to mean something: " + granted.size(), granted.size() > 100);
        for (int i = limit; i < granted.size(); i++) {
            assertTrue("permits " + (i - limit) + ".." + i + " within one window",
                    granted.get(i) - granted.get(i - limit) >= window);
        }
    }

    private static long ms(long m) {
        return m * 1_000_000L;
    }

    /** A limiter that replaces another counts the old one's recent grants: a change never allows a burst. */
    @Test
    public void aReplacementCountsTheGrantsOfTheLimiterItReplaces() {
        SlidingWindowLimiter old = new SlidingWindowLimiter(5, 1000, now::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(old.tryAcquire());
            now.addAndGet(ms(100));
        }
        // now = start + 500 ms; grants at 0, 100, 200, 300, 400 ms. The new limit is 3 per second.
        SlidingWindowLimiter next = new SlidingWindowLimiter(3, 1000, now::get, old);
        assertFalse("the last 3 grants of the old limiter fill the new window", next.tryAcquire());
        now.addAndGet(ms(699));
        assertFalse(next.tryAcquire());
        now.addAndGet(ms(1)); // the grant at 200 ms is now a full window old
        assertTrue(next.tryAcquire());
        assertFalse(next.tryAcquire());
    }

    @Test
    public void aReplacementWithRoomLeftGrantsOnlyTheRest() {
        SlidingWindowLimiter old = new SlidingWindowLimiter(10, 1000, now::get);
        assertTrue(old.tryAcquire());
        assertTrue(old.tryAcquire());
        SlidingWindowLimiter next = new SlidingWindowLimiter(4, 1000, now::get, old);
        assertTrue(next.tryAcquire());
        assertTrue(next.tryAcquire());
        assertFalse(next.tryAcquire());
    }
}
