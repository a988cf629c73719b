package io.tradeloom.domain.calendar;

import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.io.IOException;
import java.nio.file.Paths;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class TradingCalendarTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    /** The shipped etc/io.tradeloom.calendar-XNYS.cfg. */
    private static TradingCalendar xnys() throws IOException {
        return TradingCalendars.load(Paths.get("..", "..", "etc", "io.tradeloom.calendar-XNYS.cfg"));
    }

    private static Instant ny(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(NY).toInstant();
    }

    @Test
    public void springForwardMovesTheSessionAnHourEarlierInUtcAndTheNightIsNoGap() throws IOException {
        TradingCalendar c = xnys();
        // DST began Sunday 2025-03-09: Friday's session is 14:30-21:00 UTC, Monday's 13:30-20:00 UTC.
        Session fri = c.session(LocalDate.parse("2025-03-07")).orElseThrow();
        Session mon = c.session(LocalDate.parse("2025-03-10")).orElseThrow();
        assertEquals(Instant.parse("2025-03-07T14:30:00Z"), fri.open());
        assertEquals(Instant.parse("2025-03-07T21:00:00Z"), fri.close());
        assertEquals(Instant.parse("2025-03-10T13:30:00Z"), mon.open());
        assertEquals(Instant.parse("2025-03-10T20:00:00Z"), mon.close());
        assertEquals(mon.open(), c.nextOpen(fri.close()));
        assertEquals(List.of(), c.missingBetween(MINUTE, ny("2025-03-07T15:59"), ny("2025-03-10T09:30"), 1000));
        List<Instant> monday = c.barStarts(MINUTE, mon.open().minusSeconds(3600), mon.close().plusSeconds(3600));
        assertEquals(390, monday.size());
        assertEquals(mon.open(), monday.get(0));
        assertEquals(ny("2025-03-10T15:59"), monday.get(389));
    }

    @Test
    public void fallBackMovesTheSessionAnHourLaterInUtc() throws IOException {
        TradingCalendar c = xnys();
        // DST ended Sunday 2025-11-02.
        assertEquals(Instant.parse("2025-10-31T13:30:00Z"), c.session(LocalDate.parse("2025-10-31")).orElseThrow().open());
        Session mon = c.session(LocalDate.parse("2025-11-03")).orElseThrow();
        assertEquals(Instant.parse("2025-11-03T14:30:00Z"), mon.open());
        assertEquals(Instant.parse("2025-11-03T21:00:00Z"), mon.close());
        assertEquals(mon.open(), c.nextOpen(Instant.parse("2025-10-31T20:00:00Z")));
        assertTrue(c.isOpen(Instant.parse("2025-11-03T14:30:00Z")));
        assertFalse(c.isOpen(Instant.parse("2025-11-03T14:29:59Z")));
        assertFalse(c.isOpen(Instant.parse("2025-11-03T21:00:00Z")));
    }

    @Test
    public void aSessionAcrossADstChangeHasTwentyThreeOrTwentyFiveHourlyBars() {
        TradingCalendar c = TradingCalendar.builder("NY24", NY).hours(LocalTime.MIDNIGHT, null).weekend(Set.of())
                .build();
        Instant sunday = LocalDate.parse("2025-03-09").atStartOfDay(NY).toInstant();
        assertEquals(23, c.barStarts(Duration.ofHours(1), sunday, sunday.plus(Duration.ofHours(30))).stream()
                .filter(t -> c.dateOf(t).equals(LocalDate.parse("2025-03-09"))).count());
        Instant fallSunday = LocalDate.parse("2025-11-02").atStartOfDay(NY).toInstant();
        assertEquals(25, c.barStarts(Duration.ofHours(1), fallSunday, LocalDate.parse("2025-11-03")
                .atStartOfDay(NY).toInstant()).size());
    }

    @Test
    public void aHolidayHasNoSessionAndTheNextOpenSkipsIt() throws IOException {
        TradingCalendar c = xnys();
        LocalDate july4 = LocalDate.parse("2025-07-04");
        assertFalse(c.isTradingDay(july4));
        assertTrue(c.session(july4).isEmpty());
        assertEquals("Independence Day", c.holidays().get(july4));
        assertFalse(c.isOpen(ny("2025-07-04T11:00")));
        // Thursday's early close -> Monday's open (Friday is the holiday, then the weekend)
        assertEquals(ny("2025-07-07T09:30"), c.nextOpen(ny("2025-07-03T13:00")));
        assertEquals(List.of(), c.missingBetween(MINUTE, ny("2025-07-03T12:59"), ny("2025-07-07T09:30"), 1000));
    }

    @Test
    public void anEarlyCloseEndsTheSessionAndItsBarsAt13() throws IOException {
        TradingCalendar c = xnys();
        Session s = c.session(LocalDate.parse("2025-11-28")).orElseThrow();
        assertTrue(s.earlyClose());
        assertEquals(ny("2025-11-28T13:00"), s.close());
        assertEquals(ny("2025-11-28T17:00"), s.extendedClose()); // late sessions end at 17:00 that day
        assertEquals(ny("2025-11-26T20:00"), c.session(LocalDate.parse("2025-11-26")).orElseThrow().extendedClose());
        List<Instant> bars = c.barStarts(MINUTE, ny("2025-11-28T00:00"), ny("2025-11-29T00:00"));
        assertEquals(210, bars.size());
        assertEquals(ny("2025-11-28T12:59"), bars.get(bars.size() - 1));
        assertFalse(c.isOpen(ny("2025-11-28T13:30")));
        // Missing the last two minutes before an early close is a gap of exactly those two.
        assertEquals(List.of(ny("2025-11-28T12:58"), ny("2025-11-28T12:59")),
                c.missingBetween(MINUTE, ny("2025-11-28T12:57"), ny("2025-12-01T09:30"), 1000));
    }

    @Test
    public void theWeekendHasNoSessions() throws IOException {
        TradingCalendar c = xnys();
        assertFalse(c.isTradingDay(LocalDate.parse("2025-03-08")));
        assertFalse(c.isOpen(ny("2025-03-08T11:00")));
        assertEquals(5, c.tradingDays(LocalDate.parse("2025-03-10"), LocalDate.parse("2025-03-16")).size());
        // Thanksgiving week: Thursday closed
        assertEquals(List.of(LocalDate.parse("2025-11-24"), LocalDate.parse("2025-11-25"),
                        LocalDate.parse("2025-11-26"), LocalDate.parse("2025-11-28")),
                c.tradingDays(LocalDate.parse("2025-11-24"), LocalDate.parse("2025-11-30")));
        assertEquals(List.of(), c.barStarts(MINUTE, ny("2025-03-08T00:00"), ny("2025-03-10T00:00")));
    }

    @Test
    public void theAlwaysOpenCalendarHasABarEveryIntervalAcrossMidnightAndWeekends() {
        TradingCalendar c = TradingCalendar.alwaysOpen();
        assertEquals(TradingCalendar.ALWAYS_OPEN_ID, c.id());
        Instant sat = Instant.parse("2025-03-08T23:58:00Z");
        assertTrue(c.isOpen(sat));
        assertEquals(List.of(sat, sat.plusSeconds(60), sat.plusSeconds(120), sat.plusSeconds(180)),
                c.barStarts(MINUTE, sat, sat.plusSeconds(240)));
        assertEquals(List.of(Instant.parse("2025-03-09T00:00:00Z"), Instant.parse("2025-03-09T00:01:00Z")),
                c.missingBetween(MINUTE, Instant.parse("2025-03-08T23:59:00Z"), Instant.parse("2025-03-09T00:02:00Z"),
                        1000));
        assertEquals(7, c.tradingDays(LocalDate.parse("2025-03-03"), LocalDate.parse("2025-03-09")).size());
        assertEquals(Instant.parse("2025-03-09T00:00:00Z"), c.nextOpen(sat));
    }

    @Test
    public void anIntervalThatDoesNotDivideTheSessionEndsWithAPartialBar() throws IOException {
        TradingCalendar c = xnys();
        Duration seven = Duration.ofMinutes(7);
        List<Instant> bars = c.barStarts(seven, ny("2025-03-12T00:00"), ny("2025-03-13T00:00"));
        // 390 minutes = 55 bars of 7 plus one of 5
        assertEquals(56, bars.size());
        assertEquals(ny("2025-03-12T15:55"), bars.get(55));
        // The partial bar missing is a gap; the night after it is none
        assertEquals(List.of(ny("2025-03-12T15:55")),
                c.missingBetween(seven, ny("2025-03-12T15:48"), ny("2025-03-13T09:30"), 1000));
        assertEquals(List.of(), c.missingBetween(seven, ny("2025-03-12T15:55"), ny("2025-03-13T09:30"), 1000));
    }

    @Test
    public void clockAlignedHourlyBarsKeepTheirOwnGrid() throws IOException {
        TradingCalendar c = xnys();
        Duration hour = Duration.ofHours(1);
        // A 09:00 bar covers the 09:30 open; 15:00 is the last
        assertEquals(List.of(), c.missingBetween(hour, ny("2025-03-12T15:00"), ny("2025-03-13T09:00"), 100));
        assertEquals(List.of(ny("2025-03-13T10:00"), ny("2025-03-13T11:00")),
                c.missingBetween(hour, ny("2025-03-13T09:00"), ny("2025-03-13T12:00"), 100));
        assertEquals(List.of(ny("2025-03-12T15:00"), ny("2025-03-13T09:00")),
                c.missingBetween(hour, ny("2025-03-12T14:00"), ny("2025-03-13T10:00"), 100));
    }

    @Test
    public void dailyBarsAreExpectedOncePerTradingDayWhateverMidnightTheyAreStampedAt() throws IOException {
        TradingCalendar c = xnys();
        // UTC-midnight and New-York-midnight stamps of the same trading day
        assertEquals(LocalDate.parse("2025-03-12"), c.tradingDateOfDailyBar(Instant.parse("2025-03-12T00:00:00Z")));
        assertEquals(LocalDate.parse("2025-03-12"), c.tradingDateOfDailyBar(ny("2025-03-12T00:00")));
        // Friday -> Monday: no gap; Wednesday -> Friday: Thursday; Thursday July 3 -> Monday July 7: the holiday is none
        assertEquals(List.of(), c.missingBetween(DAY, ny("2025-03-07T00:00"), ny("2025-03-10T00:00"), 10));
        assertEquals(List.of(ny("2025-03-13T00:00")),
                c.missingBetween(DAY, Instant.parse("2025-03-12T00:00:00Z"), Instant.parse("2025-03-14T00:00:00Z"), 10));
        assertEquals(List.of(), c.missingBetween(DAY, ny("2025-07-03T00:00"), ny("2025-07-07T00:00"), 10));
        assertEquals(List.of(ny("2025-07-03T00:00")), c.barStarts(DAY, ny("2025-07-03T00:00"), ny("2025-07-07T00:00")));
        // Weekly bars are not checked
        assertEquals(List.of(), c.missingBetween(Duration.ofDays(7), ny("2025-03-03T00:00"), ny("2025-03-24T00:00"), 10));
    }

    @Test
    public void missingBarsAreListedUpToTheLimitPlusOne() throws IOException {
        List<Instant> l = xnys().missingBetween(MINUTE, ny("2025-03-12T09:30"), ny("2025-03-14T15:00"), 10);
        assertEquals(11, l.size());
    }

    @Test
    public void theShippedXnysHolidaysAndEarlyClosesFollowTheNyseRules() throws IOException {
        TradingCalendar c = xnys();
        Set<LocalDate> expected = new TreeSet<>();
        Set<LocalDate> early = new TreeSet<>();
        for (int y = 2025; y <= 2027; y++) {
            expected.addAll(nyseHolidays(y));
            early.addAll(nyseEarlyCloses(y, nyseHolidays(y)));
        }
        Set<LocalDate> shipped = new TreeSet<>(c.holidays().keySet());
        // Unscheduled closures are not derivable from rules.
        assertTrue(shipped.remove(LocalDate.parse("2025-01-09")));
        assertEquals(expected, shipped);
        assertEquals(early, c.earlyCloses().keySet());
        assertTrue(c.earlyCloses().values().stream().allMatch(t -> t.equals(LocalTime.of(13, 0))));
        assertEquals(NY, c.zone());
        assertEquals(LocalTime.of(9, 30), c.open());
        assertEquals(LocalTime.of(16, 0), c.close());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), c.weekend());
        assertEquals(LocalTime.of(4, 0), c.preOpen().orElseThrow());
        assertEquals(LocalTime.of(20, 0), c.postClose().orElseThrow());
    }

    /** The NYSE holiday rules, written independently of the shipped file. */
    private static Set<LocalDate> nyseHolidays(int y) {
        Set<LocalDate> h = new TreeSet<>();
        LocalDate newYear = LocalDate.of(y, 1, 1);
        if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            h.add(observed(newYear));
        }
        h.add(nth(y, 1, DayOfWeek.MONDAY, 3));
        h.add(nth(y, 2, DayOfWeek.MONDAY, 3));
        h.add(easter(y).minusDays(2));
        h.add(LocalDate.of(y, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        h.add(observed(LocalDate.of(y, 6, 19)));
        h.add(observed(LocalDate.of(y, 7, 4)));
        h.add(nth(y, 9, DayOfWeek.MONDAY, 1));
        h.add(nth(y, 11, DayOfWeek.THURSDAY, 4));
        h.add(observed(LocalDate.of(y, 12, 25)));
        return h;
    }

    private static Set<LocalDate> nyseEarlyCloses(int y, Set<LocalDate> holidays) {
        Set<LocalDate> e = new TreeSet<>();
        e.add(nth(y, 11, DayOfWeek.THURSDAY, 4).plusDays(1));
        for (LocalDate d : List.of(LocalDate.of(y, 7, 3), LocalDate.of(y, 12, 24))) {
            boolean weekday = d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && !holidays.contains(d)) {
                e.add(d);
            }
        }
        return e;
    }

    private static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    private static LocalDate nth(int y, int month, DayOfWeek day, int n) {
        return LocalDate.of(y, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    /** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    private static LocalDate easter(int y) {
        int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(y, month, day);
    }

    // ------------------------------------------------------------------ configuration errors

    private static Map<String, Object> cfg(String... kv) {
        Map<String, Object> m = new TreeMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.tradeloom.calendar-test.cfg");
        m.put("id", "TEST");
        m.put("zone", "America/New_York");
        m.put("open", "09:30");
        m.put("close", "16:00");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String error(String... kv) {
        return assertThrows(SettingsException.class, () -> TradingCalendars.parse(cfg(kv))).getMessage();
    }

    @Test
    public void aWrongValueNamesFileKeyAndValue() {
        assertEquals("io.tradeloom.calendar-test.cfg: open=9h30 not a time of day (HH:mm)", error("open", "9h30"));
        assertTrue(error("zone", "Mars/Olympus").startsWith(
                "io.tradeloom.calendar-test.cfg: zone=Mars/Olympus not a time zone"));
        assertEquals("io.tradeloom.calendar-test.cfg: holiday.2025-02-30=2025-02-30 is not a date (yyyy-MM-dd) in"
                + " the key", error("holiday.2025-02-30", "Nothing"));
        assertEquals("io.tradeloom.calendar-test.cfg: early.close.2025-11-28=17:00 must be after the open 09:30 and"
                + " not after the close", error("early.close.2025-11-28", "17:00"));
        assertEquals("io.tradeloom.calendar-test.cfg: weekend=caturday is not a day of the week (monday..sunday, or"
                + " none)", error("weekend", "saturday,caturday"));
        assertEquals("io.tradeloom.calendar-test.cfg: close=09:00 is not after the open 09:30", error("close", "09:00"));
        assertEquals("io.tradeloom.calendar-test.cfg: bars.hours=overnight must be one of [regular, extended]",
                error("bars.hours", "overnight"));
        assertEquals("io.tradeloom.calendar-test.cfg: id=(missing) is required", error("id", ""));
        assertEquals("io.tradeloom.calendar-test.cfg: early.post.close=17:00 needs a post.close (there is no"
                + " post-market to shorten)", error("early.post.close", "17:00"));
    }

    @Test
    public void aMinimalCfgHasTheDefaults() {
        TradingCalendar c = TradingCalendars.parse(cfg("holiday.2025-12-25", "Christmas", "early.close.2025-12-24",
                "13:00"));
        assertEquals("TEST", c.id());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), c.weekend());
        assertTrue(c.preOpen().isEmpty());
        assertEquals(TradingCalendar.Hours.REGULAR, c.barHours());
        assertEquals(Map.of(LocalDate.parse("2025-12-24"), LocalTime.of(13, 0)), c.earlyCloses());
        TradingCalendar all = TradingCalendars.parse(cfg("open", "00:00", "close", "24:00", "weekend", "none"));
        assertTrue(all.isOpen(ny("2025-03-08T23:59")));
    }
}
