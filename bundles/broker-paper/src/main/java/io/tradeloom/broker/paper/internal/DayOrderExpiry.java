package io.tradeloom.broker.paper.internal;

import io.tradeloom.domain.calendar.Session;
import io.tradeloom.domain.calendar.TradingCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Ends the paper venue's DAY orders at each session close of its trading calendar, as a broker does: at the close,
 * every DAY order accepted before it expires (an EXPIRED report to the core); GTC orders stay. When the venue
 * starts, DAY orders restored from its store that were accepted before the last close expire at once (the
 * container was down at that close). Which calendar: {@code calendar} in the venue's file, default
 * {@value TradingCalendar#ALWAYS_OPEN_ID} (sessions end at midnight UTC). A calendar that is not loaded (yet: the
 * calendar files are read in parallel with the venue's) is looked up again every minute, with one warning.
 */
final class DayOrderExpiry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DayOrderExpiry.class);
    static final Duration RETRY = Duration.ofMinutes(1);
    private static final int DAYS_SEARCHED = 400;

    private final String venueId;
    private final Supplier<String> calendarId;
    private final Function<String, Optional<TradingCalendar>> calendars;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    /** Expires the DAY orders accepted before the given close; returns how many. */
    private final ToIntFunction<Instant> expireBefore;
    private ScheduledFuture<?> next;
    private Instant lastClose;
    private String missingWarned;
    private boolean closed;

    DayOrderExpiry(String venueId, Supplier<String> calendarId, Function<String, Optional<TradingCalendar>> calendars,
                   Clock clock, ScheduledExecutorService scheduler, ToIntFunction<Instant> expireBefore) {
        this.venueId = venueId;
        this.calendarId = calendarId;
        this.calendars = calendars;
        this.clock = clock;
        this.scheduler = scheduler;
        this.expireBefore = expireBefore;
    }

    /** Catches up with the last close and schedules the next, on the scheduler's thread. */
    void start() {
        scheduler.execute(this::run);
    }

    /** The calendar setting changed: the next close is that of the new calendar. */
    synchronized void calendarChanged() {
        if (next != null) {
            next.cancel(false);
        }
        missingWarned = null;
        scheduler.execute(this::run);
    }

    private synchronized void run() {
        if (closed) {
            return;
        }
        String id = calendarId.get();
        Optional<TradingCalendar> cal = calendars.apply(id);
        if (cal.isEmpty()) {
            if (!id.equals(missingWarned)) {
                missingWarned = id;
                LOG.warn("paper broker {}: calendar={} is not loaded (etc/io.tradeloom.calendar-{}.cfg); DAY orders"
                        + " expire at its session closes once it is (looked up again every minute)", venueId, id, id);
            }
            next = scheduler.schedule(this::run, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        if (missingWarned != null) {
            LOG.info("paper broker {}: calendar {} loaded; DAY orders expire at its session closes", venueId, id);
            missingWarned = null;
        }
        TradingCalendar c = cal.get();
        Instant now = clock.instant();
        Instant last = lastCloseAtOrBefore(c, now);
        if (last != null && (lastClose == null || last.isAfter(lastClose))) {
            int n = expireBefore.applyAsInt(last);
            if (n > 0) {
                LOG.info("paper broker {}: {} DAY order(s) accepted before the {} close of {} expired", venueId, n,
                        c.id(), last);
            }
            lastClose = last;
        }
        Instant close = nextCloseAfter(c, now);
        if (close == null) {
            LOG.warn("paper broker {}: calendar {} has no session close within {} days of {}; DAY orders are"
                    + " checked again in a day", venueId, c.id(), DAYS_SEARCHED, now);
            next = scheduler.schedule(this::run, 1, TimeUnit.DAYS);
            return;
        }
        // A scheduler may fire a little early on a clock that is adjusted: the run then finds no new close and
        // schedules the same one again.
        next = scheduler.schedule(this::run, Math.max(0, Duration.between(now, close).toMillis()) + 1,
                TimeUnit.MILLISECONDS);
    }

    /** The latest regular close at or before {@code t}, or null when none within the searched days. */
    static Instant lastCloseAtOrBefore(TradingCalendar c, Instant t) {
        LocalDate d = c.dateOf(t);
        for (int i = 0; i < DAYS_SEARCHED; i++, d = d.minusDays(1)) {
            Optional<Session> s = c.session(d);
            if (s.isPresent() && !s.get().close().isAfter(t)) {
                return s.get().close();
            }
        }
        return null;
    }

    /** The first regular close strictly after {@code t}, or null when none within the searched days. */
    static Instant nextCloseAfter(TradingCalendar c, Instant t) {
        LocalDate d = c.dateOf(t).minusDays(1); // a session that began the day before may still be open
        for (int i = 0; i < DAYS_SEARCHED; i++, d = d.plusDays(1)) {
            Optional<Session> s = c.session(d);
            if (s.isPresent() && s.get().close().isAfter(t)) {
                return s.get().close();
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
