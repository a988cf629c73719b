package io.tradeloom.broker.paper.internal;

import io.tradeloom.domain.calendar.TradingCalendar;
import org.junit.Test;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** When DAY orders expire: at each session close of the venue's calendar, on a clock and a scheduler the test moves. */
public class DayOrderExpiryTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    /** New York hours; Thanksgiving 2026-11-26 closed, the day after closes at 13:00. */
    private static final TradingCalendar XNYS = TradingCalendar.builder("XNYS", NY)
            .hours(LocalTime.of(9, 30), LocalTime.of(16, 0))
            .weekend(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY))
            .holiday(LocalDate.parse("2026-11-26"), "Thanksgiving Day")
            .earlyClose(LocalDate.parse("2026-11-27"), LocalTime.of(13, 0))
            .build();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T15:00:00Z")); // Mon 10:00 New York
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Instant> expiredBefore = new ArrayList<>();
    private final Map<String, TradingCalendar> loaded = new ConcurrentHashMap<>(Map.of("XNYS", XNYS));
    private volatile String calendar = "XNYS";
    private final DayOrderExpiry expiry = new DayOrderExpiry("paper", () -> calendar,
            id -> Optional.ofNullable(loaded.get(id)), clock, scheduler, close -> {
                expiredBefore.add(close);
                return 1;
            });

    private static Instant ny(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    @Test
    public void atStartTheLastCloseIsCaughtUpAndEachCloseThenEndsTheDayIncludingEarlyClosesAndHolidays() {
        expiry.start();
        scheduler.runDue();
        // Monday 10:00: the last close was Friday's.
        assertEquals(List.of(ny("2026-11-20T16:00")), expiredBefore);
        assertEquals(ny("2026-11-23T16:00").plusMillis(1), scheduler.nextDue());

        clock.set(scheduler.nextDue());
        scheduler.runDue();
        assertEquals(ny("2026-11-23T16:00"), expiredBefore.get(1));
        // Tuesday, Wednesday; Thursday is Thanksgiving; Friday closes early at 13:00; then Monday.
        List<Instant> closes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.set(scheduler.nextDue());
            scheduler.runDue();
            closes.add(expiredBefore.get(expiredBefore.size() - 1));
        }
        assertEquals(List.of(ny("2026-11-24T16:00"), ny("2026-11-25T16:00"), ny("2026-11-27T13:00"),
                ny("2026-11-30T16:00")), closes);
        assertEquals("one expiry per close", 6, expiredBefore.size());
    }

    @Test
    public void aRunBeforeTheCloseExpiresNothingNewAndKeepsTheSameClose() {
        expiry.start();
        scheduler.runDue();
        clock.set(ny("2026-11-23T12:00"));
        expiry.calendarChanged(); // runs again before the close
        scheduler.runDue();
        assertEquals(List.of(ny("2026-11-20T16:00")), expiredBefore);
        assertEquals(ny("2026-11-23T16:00").plusMillis(1), scheduler.nextDue());
        assertEquals("the earlier timer was canceled", 1, scheduler.pending());
    }

    @Test
    public void aCalendarNotLoadedYetIsLookedUpAgainEveryMinute() {
        loaded.remove("XNYS");
        expiry.start();
        scheduler.runDue();
        assertTrue(expiredBefore.isEmpty());
        assertEquals(clock.instant().plus(DayOrderExpiry.RETRY), scheduler.nextDue());
        loaded.put("XNYS", XNYS);
        clock.set(scheduler.nextDue());
        scheduler.runDue();
        assertEquals(List.of(ny("2026-11-20T16:00")), expiredBefore);
    }

    @Test
    public void switchingToTheBuiltInCalendarEndsTheDayAtMidnightUtc() {
        expiry.start();
        scheduler.runDue();
        calendar = TradingCalendar.ALWAYS_OPEN_ID;
        loaded.put(TradingCalendar.ALWAYS_OPEN_ID, TradingCalendar.alwaysOpen());
        expiry.calendarChanged();
        scheduler.runDue();
        // Monday 15:00 UTC: the built-in calendar's last close was midnight, after Friday's New York close.
        assertEquals(List.of(ny("2026-11-20T16:00"), Instant.parse("2026-11-23T00:00:00Z")), expiredBefore);
        assertEquals(Instant.parse("2026-11-24T00:00:00Z").plusMillis(1), scheduler.nextDue());
        assertEquals(1, scheduler.pending());
    }

    @Test
    public void closedItSchedulesNothingMore() {
        expiry.start();
        scheduler.runDue();
        expiry.close();
        clock.set(scheduler.nextDue() == null ? clock.instant() : scheduler.nextDue());
        scheduler.runDue();
        assertEquals(1, expiredBefore.size());
        assertEquals(0, scheduler.pending());
    }

    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Runs what is due on the test's clock when told to; canceled tasks never run. */
    static final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        private final ManualClock clock;
        private final List<Task> tasks = new ArrayList<>();

        ManualScheduler(ManualClock clock) {
            this.clock = clock;
        }

        final class Task implements ScheduledFuture<Object> {
            final Runnable r;
            final Instant due;
            boolean canceled;
            boolean done;

            Task(Runnable r, Instant due) {
                this.r = r;
                this.due = due;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(Duration.between(clock.instant(), due));
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
            }

            @Override
            public boolean cancel(boolean mayInterrupt) {
                canceled = true;
                return !done;
            }

            @Override
            public boolean isCancelled() {
                return canceled;
            }

            @Override
            public boolean isDone() {
                return done || canceled;
            }

            @Override
            public Object get() {
                return null;
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                return null;
            }
        }

        synchronized void runDue() {
            while (true) {
                Task next = tasks.stream().filter(t -> !t.canceled && !t.done && !t.due.isAfter(clock.instant()))
                        .min(java.util.Comparator.comparing(t -> t.due)).orElse(null);
                if (next == null) {
                    return;
                }
                next.done = true;
                next.r.run();
            }
        }

        synchronized Instant nextDue() {
            return tasks.stream().filter(t -> !t.canceled && !t.done).map(t -> t.due).min(Instant::compareTo)
                    .orElse(null);
        }

        synchronized int pending() {
            return (int) tasks.stream().filter(t -> !t.canceled && !t.done).count();
        }

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Task t = new Task(command, clock.instant().plusNanos(unit.toNanos(delay)));
            tasks.add(t);
            return t;
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
