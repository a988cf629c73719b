package io.tradeloom.domain.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A venue's trading calendar: the time zone its hours are given in, the regular session (optionally pre- and
 * post-market hours), the weekend days, full-day holidays and early closes. Sessions are defined in local time, so
 * a 09:30 open is 14:30 UTC in winter and 13:30 UTC in summer; a session never spans local midnight (a close of
 * 24:00 ends the day). Immutable; built by {@link TradingCalendars#parse} from a {@code .cfg} or by
 * {@link #builder}.
 *
 * <p>Bars: an intraday bar stream is expected to have a bar starting at the open and every interval after it while
 * the bar starts before the close; an interval that does not divide the session gives a last, partial bar. A bar of
 * one day is expected once per trading day; its trading day is the local date of its start plus 12 hours, which
 * accepts the usual stamps (local midnight, UTC midnight) of any zone within 12 hours of UTC.
 */
public final class TradingCalendar {

    /** Which hours bars are expected in. */
    public enum Hours { REGULAR, EXTENDED }

    /** Id of the built-in calendar that is always open (crypto): UTC, every day, 00:00-24:00. */
    public static final String ALWAYS_OPEN_ID = "24x7";

    private static final int DAY_SECONDS = 86_400;
    private static final int MAX_DAYS_SEARCHED = 3700;

    private static final TradingCalendar ALWAYS_OPEN = builder(ALWAYS_OPEN_ID, ZoneOffset.UTC)
            .hours(LocalTime.MIDNIGHT, null).weekend(Set.of()).build();

    private final String id;
    private final ZoneId zone;
    private final int open;
    private final int close;
    private final int preOpen;
    private final int postClose;
    /** Post-market close on early-close days, or -1: post-market keeps its hours (none: ends with the close). */
    private final int earlyPostClose;
    private final Set<DayOfWeek> weekend;
    private final Map<LocalDate, String> holidays;
    private final Map<LocalDate, Integer> earlyCloses;
    private final Hours barHours;

    private TradingCalendar(Builder b) {
        this.id = b.id;
        this.zone = b.zone;
        this.open = b.open;
        this.close = b.close;
        this.preOpen = b.preOpen < 0 ? b.open : b.preOpen;
        this.postClose = b.postClose < 0 ? b.close : b.postClose;
        this.earlyPostClose = b.earlyPostClose;
        this.weekend = Collections.unmodifiableSet(b.weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class)
                : EnumSet.copyOf(b.weekend));
        this.holidays = Collections.unmodifiableMap(new TreeMap<>(b.holidays));
        this.earlyCloses = Collections.unmodifiableMap(new TreeMap<>(b.earlyCloses));
        this.barHours = b.barHours;
    }

    /** The built-in calendar that is always open (id {@value #ALWAYS_OPEN_ID}). */
    public static TradingCalendar alwaysOpen() {
        return ALWAYS_OPEN;
    }

    public static Builder builder(String id, ZoneId zone) {
        return new Builder(id, zone);
    }

    public String id() {
        return id;
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalTime open() {
        return LocalTime.ofSecondOfDay(open);
    }

    /** Regular close; {@code null} for 24:00 (the end of the day). */
    public LocalTime close() {
        return close == DAY_SECONDS ? null : LocalTime.ofSecondOfDay(close);
    }

    /** Pre-market open, empty when the calendar has none. */
    public Optional<LocalTime> preOpen() {
        return preOpen == open ? Optional.empty() : Optional.of(LocalTime.ofSecondOfDay(preOpen));
    }

    /** Post-market close, empty when the calendar has none (24:00 is shown as MIDNIGHT). */
    public Optional<LocalTime> postClose() {
        return postClose == close ? Optional.empty()
                : Optional.of(postClose == DAY_SECONDS ? LocalTime.MIDNIGHT : LocalTime.ofSecondOfDay(postClose));
    }

    public Set<DayOfWeek> weekend() {
        return weekend;
    }

    /** Full-day holidays by date, with their names (may be empty). */
    public Map<LocalDate, String> holidays() {
        return holidays;
    }

    /** Early closes: date -> local close time. */
    public Map<LocalDate, LocalTime> earlyCloses() {
        Map<LocalDate, LocalTime> out = new TreeMap<>();
        earlyCloses.forEach((d, s) -> out.put(d, LocalTime.ofSecondOfDay(s)));
        return Collections.unmodifiableMap(out);
    }

    /** The hours bar streams of this calendar are expected in (gap detection). */
    public Hours barHours() {
        return barHours;
    }

    // ------------------------------------------------------------------ days and sessions

    /** Not a weekend day and not a holiday. */
    public boolean isTradingDay(LocalDate date) {
        return !weekend.contains(date.getDayOfWeek()) && !holidays.containsKey(date);
    }

    /** The trading days in [from, toInclusive], oldest first. */
    public List<LocalDate> tradingDays(LocalDate from, LocalDate toInclusive) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(toInclusive); d = d.plusDays(1)) {
            if (isTradingDay(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The session of this date, empty on a weekend day or holiday. */
    public Optional<Session> session(LocalDate date) {
        if (!isTradingDay(date)) {
            return Optional.empty();
        }
        Integer early = earlyCloses.get(date);
        int c = early == null ? close : early;
        // No post-market configured: the extended hours end with the (early) close; else post-market keeps its hours.
        int post = postClose == close ? c : early != null && earlyPostClose >= 0 ? Math.max(c, earlyPostClose)
                : postClose;
        return Optional.of(new Session(date, at(date, open), at(date, c), at(date, preOpen), at(date, post),
                early != null));
    }

    /** The local date of an instant in this calendar's zone. */
    public LocalDate dateOf(Instant t) {
        return LocalDate.ofInstant(t, zone);
    }

    /** Whether the regular session is open at {@code t} (open inclusive, close exclusive). */
    public boolean isOpen(Instant t) {
        return isOpen(t, Hours.REGULAR);
    }

    public boolean isOpen(Instant t, Hours hours) {
        return sessionAt(t, hours).isPresent();
    }

    /** The session whose hours contain {@code t}, if any. */
    public Optional<Session> sessionAt(Instant t, Hours hours) {
        return session(dateOf(t)).filter(s -> s.contains(t, hours));
    }

    /** The first regular open strictly after {@code t}. */
    public Instant nextOpen(Instant t) {
        LocalDate d = dateOf(t);
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, d = d.plusDays(1)) {
            Optional<Session> s = session(d);
            if (s.isPresent() && s.get().open().isAfter(t)) {
                return s.get().open();
            }
        }
        throw new IllegalStateException("calendar " + id + ": no session within " + MAX_DAYS_SEARCHED
                + " days after " + t);
    }

    /** The trading day a bar of one day or longer that starts at {@code start} belongs to (local date of start + 12 h). */
    public LocalDate tradingDateOfDailyBar(Instant start) {
        return dateOf(start.plus(Duration.ofHours(12)));
    }

    // ------------------------------------------------------------------ bars

    /** The regular-hours bar starts of {@code interval} in [from, to); see {@link #barStarts(Duration, Instant, Instant, Hours, int)}. */
    public List<Instant> barStarts(Duration interval, Instant from, Instant to) {
        return barStarts(interval, from, to, Hours.REGULAR, Integer.MAX_VALUE);
    }

    /**
     * The start times a bar stream of {@code interval} should have produced in [from, to), oldest first, at most
     * {@code limit + 1} of them (so that a caller can tell "more than limit" without listing them all). Intraday:
     * per session, the open and every interval after it while it starts before the close (the last bar may be
     * partial). One day or longer: the local midnight of each trading day.
     */
    public List<Instant> barStarts(Duration interval, Instant from, Instant to, Hours hours, int limit) {
        requirePositive(interval);
        List<Instant> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        LocalDate last = dateOf(to);
        for (LocalDate d = dateOf(from).minusDays(1); !d.isAfter(last) && out.size() <= limit; d = d.plusDays(1)) {
            if (daily(interval)) {
                Instant midnight = at(d, 0);
                if (isTradingDay(d) && !midnight.isBefore(from) && midnight.isBefore(to)) {
                    out.add(midnight);
                }
                continue;
            }
            Optional<Session> s = session(d);
            if (s.isPresent()) {
                grid(s.get().start(hours), s.get().end(hours), interval, from, to, out, limit);
            }
        }
        return out;
    }

    /**
     * The bars a stream of {@code interval} should have produced strictly between two bars it did produce (starts
     * {@code last} and {@code next}), in {@link #barHours()}, oldest first, at most {@code limit + 1} of them.
     * Intraday, the stream's own alignment is kept where it is known: in the session of {@code last}, every interval
     * after it until the close; in the session of {@code next}, every interval before it whose bar overlaps the
     * session (an hourly bar stamped 09:00 covers a 09:30 open); whole sessions in between on the calendar's grid
     * from the open. Daily bars: the local midnight of each trading day strictly between the two bars' trading days.
     * Bars longer than a day are not checked (empty).
     */
    public List<Instant> missingBetween(Duration interval, Instant last, Instant next, int limit) {
        requirePositive(interval);
        List<Instant> out = new ArrayList<>();
        if (interval.compareTo(Duration.ofDays(1)) > 0) {
            return out;
        }
        if (daily(interval)) {
            LocalDate from = tradingDateOfDailyBar(last).plusDays(1);
            LocalDate to = tradingDateOfDailyBar(next).minusDays(1);
            for (LocalDate d = from; !d.isAfter(to) && out.size() <= limit; d = d.plusDays(1)) {
                if (isTradingDay(d)) {
                    out.add(at(d, 0));
                }
            }
            return out;
        }
        Instant first = last.plus(interval);
        if (!first.isBefore(next)) {
            return out;
        }
        Hours hours = barHours;
        Optional<Session> ofLast = sessionOfBar(last, interval, hours);
        Optional<Session> ofNext = sessionOfBar(next, interval, hours);
        // 1. the rest of last's session, on the stream's own grid
        if (ofLast.isPresent()) {
            Instant end = min(ofLast.get().end(hours), next);
            for (Instant t = first; t.isBefore(end) && out.size() <= limit; t = t.plus(interval)) {
                out.add(t);
            }
        }
        // 2. whole sessions in between, on the calendar's grid
        LocalDate d = ofLast.map(s -> s.date().plusDays(1)).orElse(dateOf(last));
        LocalDate until = ofNext.map(s -> s.date().minusDays(1)).orElse(dateOf(next));
        for (; !d.isAfter(until) && out.size() <= limit; d = d.plusDays(1)) {
            Optional<Session> s = session(d);
            if (s.isPresent()) {
                grid(s.get().start(hours), s.get().end(hours), interval, first, next, out, limit);
            }
        }
        // 3. the start of next's session, on the stream's own grid backwards from next
        if (ofNext.isPresent() && !ofNext.equals(ofLast)) {
            Instant start = ofNext.get().start(hours);
            List<Instant> head = new ArrayList<>();
            for (Instant t = next.minus(interval); t.plus(interval).isAfter(start) && !t.isBefore(first)
                    && out.size() + head.size() <= limit; t = t.minus(interval)) {
                head.add(t);
            }
            Collections.reverse(head);
            out.addAll(head);
        }
        return out;
    }

    /** The session a bar [start, start + interval) overlaps, if any (an hourly bar at 09:00 belongs to a 09:30 open). */
    private Optional<Session> sessionOfBar(Instant start, Duration interval, Hours hours) {
        Instant end = start.plus(interval);
        return session(dateOf(start)).filter(s -> start.isBefore(s.end(hours)) && end.isAfter(s.start(hours)));
    }

    private static void grid(Instant start, Instant end, Duration interval, Instant from, Instant to,
                             List<Instant> out, int limit) {
        for (Instant t = start; t.isBefore(end) && t.isBefore(to) && out.size() <= limit; t = t.plus(interval)) {
            if (!t.isBefore(from)) {
                out.add(t);
            }
        }
    }

    private static boolean daily(Duration interval) {
        return interval.compareTo(Duration.ofDays(1)) >= 0;
    }

    private static void requirePositive(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval=" + interval + ": must be positive");
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Local time (seconds of the day, 86400 = 24:00) on a date, as an instant; a time in a DST gap moves forward. */
    private Instant at(LocalDate d, int secondOfDay) {
        if (secondOfDay >= DAY_SECONDS) {
            return d.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(d, LocalTime.ofSecondOfDay(secondOfDay), zone).toInstant();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TradingCalendar c && id.equals(c.id) && zone.equals(c.zone) && open == c.open
                && close == c.close && preOpen == c.preOpen && postClose == c.postClose
                && earlyPostClose == c.earlyPostClose && weekend.equals(c.weekend)
                && holidays.equals(c.holidays) && earlyCloses.equals(c.earlyCloses) && barHours == c.barHours;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, zone, open, close, holidays.size(), earlyCloses.size());
    }

    @Override
    public String toString() {
        return "TradingCalendar[" + id + " " + zone + " " + open() + "-" + (close() == null ? "24:00" : close())
                + ", weekend " + weekend + ", " + holidays.size() + " holidays, " + earlyCloses.size()
                + " early closes]";
    }

    /** Builds a calendar; {@link #build} checks that the hours make sense. */
    public static final class Builder {
        private final String id;
        private final ZoneId zone;
        private int open = 0;
        private int close = DAY_SECONDS;
        private int preOpen = -1;
        private int postClose = -1;
        private int earlyPostClose = -1;
        private Set<DayOfWeek> weekend = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        private final Map<LocalDate, String> holidays = new TreeMap<>();
        private final Map<LocalDate, Integer> earlyCloses = new TreeMap<>();
        private Hours barHours = Hours.REGULAR;

        private Builder(String id, ZoneId zone) {
            this.id = Objects.requireNonNull(id, "id");
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        /** Regular hours; {@code close == null} means 24:00. */
        public Builder hours(LocalTime open, LocalTime close) {
            this.open = open.toSecondOfDay();
            this.close = close == null ? DAY_SECONDS : close.toSecondOfDay();
            return this;
        }

        /** Pre-market open and post-market close (either may be null: none; post {@code null} with 24:00 not needed). */
        public Builder extended(LocalTime preOpen, LocalTime postClose) {
            this.preOpen = preOpen == null ? -1 : preOpen.toSecondOfDay();
            this.postClose = postClose == null ? -1
                    : postClose.equals(LocalTime.MIDNIGHT) ? DAY_SECONDS : postClose.toSecondOfDay();
            return this;
        }

        /** Post-market close on early-close days (NYSE's late sessions end at 17:00 then); null: unchanged. */
        public Builder earlyPostClose(LocalTime t) {
            this.earlyPostClose = t == null ? -1 : t.toSecondOfDay();
            return this;
        }

        public Builder weekend(Set<DayOfWeek> days) {
            this.weekend = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
            return this;
        }

        public Builder holiday(LocalDate date, String name) {
            holidays.put(date, name == null ? "" : name);
            return this;
        }

        public Builder earlyClose(LocalDate date, LocalTime close) {
            earlyCloses.put(date, close.toSecondOfDay());
            return this;
        }

        public Builder barHours(Hours hours) {
            this.barHours = hours;
            return this;
        }

        /** @throws IllegalArgumentException naming the first thing that does not make sense */
        public TradingCalendar build() {
            if (open >= close) {
                throw new IllegalArgumentException("open " + LocalTime.ofSecondOfDay(open) + " is not before close "
                        + text(close));
            }
            if (preOpen >= 0 && preOpen > open) {
                throw new IllegalArgumentException("pre-market open " + LocalTime.ofSecondOfDay(preOpen)
                        + " is after the open " + LocalTime.ofSecondOfDay(open));
            }
            if (postClose >= 0 && postClose < close) {
                throw new IllegalArgumentException("post-market close " + text(postClose)
                        + " is before the close " + text(close));
            }
            if (weekend.size() == 7) {
                throw new IllegalArgumentException("every day of the week is a weekend day");
            }
            for (Map.Entry<LocalDate, Integer> e : earlyCloses.entrySet()) {
                if (e.getValue() <= open || e.getValue() > close) {
                    throw new IllegalArgumentException("early close " + e.getKey() + " at " + text(e.getValue())
                            + " is not after the open and not later than the close");
                }
                if (holidays.containsKey(e.getKey())) {
                    throw new IllegalArgumentException(e.getKey() + " is both a holiday and an early close");
                }
            }
            return new TradingCalendar(this);
        }

        private static String text(int secondOfDay) {
            return secondOfDay >= DAY_SECONDS ? "24:00" : LocalTime.ofSecondOfDay(secondOfDay).toString();
        }
    }
}
