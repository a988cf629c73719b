package io.tradeloom.core.feeds;

import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.core.calendar.CalendarRegistry;
import io.tradeloom.domain.calendar.TradingCalendar;
import io.tradeloom.domain.calendar.TradingCalendars;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import org.junit.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Bar gap detection by the stream's trading calendar (the shipped XNYS preset): bars missing before the close or
 * after the open are backfilled exactly, nights, weekends and holidays are no gaps, daily bars are checked per
 * trading day.
 */
public class CalendarGapTest {

    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);

    /** The shipped etc/io.tradeloom.calendar-XNYS.cfg. */
    static TradingCalendar xnys() throws IOException {
        return TradingCalendars.load(Paths.get("..", "..", "etc", "io.tradeloom.calendar-XNYS.cfg"));
    }

    /** Answers from a fixed list of bars (more than asked, as a vendor may), recording each request. */
    private static final class Vendor implements HistoricalBars {
        final List<String> requests = new ArrayList<>();
        final List<Bar> history = new ArrayList<>();

        @Override
        public String source() {
            return "a";
        }

        @Override
        public List<Bar> bars(String symbol, Duration interval, Instant from, Instant to) {
            requests.add(from + " " + to);
            return List.copyOf(history);
        }
    }

    private static FeedHarness harness(Vendor v, String... settings) throws IOException {
        Map<String, Object> s = new HashMap<>();
        s.put("calendar.source.a", "XNYS");
        for (int i = 0; i < settings.length; i += 2) {
            s.put(settings[i], settings[i + 1]);
        }
        FeedHarness h = new FeedHarness(FeedSettings.parse(s));
        CalendarRegistry calendars = new CalendarRegistry();
        calendars.put(xnys(), "io.tradeloom.calendar-XNYS.cfg");
        h.engine.calendars(calendars::calendar);
        h.historical.put("a", v);
        return h;
    }

    private static Instant ny(String local) {
        return LocalDateTime.parse(local).atZone(NY).toInstant();
    }

    private static Bar bar(Instant at, Duration interval) {
        BigDecimal c = new BigDecimal("100");
        return new Bar("AAPL", "a", interval, c, c.add(BigDecimal.ONE), c.subtract(BigDecimal.ONE), c, BigDecimal.TEN,
                at, at.plus(interval));
    }

    private static Bar minute(String local) {
        return bar(ny(local), MINUTE);
    }

    private static Bar daily(String date) {
        return bar(LocalDate.parse(date).atStartOfDay(NY).toInstant(), DAY);
    }

    private static List<Instant> heard(FeedHarness h) {
        return h.heard.stream().map(MarketDataEvent::timestamp).toList();
    }

    private static double completeness(FeedHarness h) {
        return h.engine.quality("a", "AAPL").orElseThrow().completeness();
    }

    @Test
    public void minutesMissedBeforeTheCloseAreBackfilledAndTheNightIsNot() throws IOException {
        Vendor v = new Vendor();
        for (String t : List.of("2025-03-11T15:57", "2025-03-11T15:58", "2025-03-11T15:59", "2025-03-11T16:00",
                "2025-03-11T20:00", "2025-03-12T04:00", "2025-03-12T09:30")) {
            v.history.add(minute(t));
        }
        FeedHarness h = harness(v);
        h.send(1, minute("2025-03-11T15:56"));
        h.send(1, minute("2025-03-11T15:57"));
        h.send(1, minute("2025-03-12T09:30")); // 15:58 and 15:59 missing; the night is none
        assertEquals(1, h.engine.gapsDetected());
        h.send(1, minute("2025-03-12T09:31"));
        h.runBackfills();

        assertEquals(List.of(ny("2025-03-11T15:58") + " " + ny("2025-03-11T16:00")), v.requests);
        assertEquals(List.of(ny("2025-03-11T15:56"), ny("2025-03-11T15:57"), ny("2025-03-12T09:30"),
                ny("2025-03-12T09:31"), ny("2025-03-11T15:58"), ny("2025-03-11T15:59")), heard(h));
        assertEquals(2, h.engine.barsBackfilled());
        assertEquals(0, h.engine.backfillDuplicates());
        assertTrue(completeness(h) < 1);
    }

    @Test
    public void eachContiguousRunIsOneRequestForExactlyItsBars() throws IOException {
        Vendor v = new Vendor();
        for (String t : List.of("2025-03-11T15:58", "2025-03-11T15:59", "2025-03-12T09:30", "2025-03-12T09:31")) {
            v.history.add(minute(t));
        }
        FeedHarness h = harness(v);
        h.send(1, minute("2025-03-11T15:57"));
        h.send(1, minute("2025-03-12T09:32")); // 15:58, 15:59 and 09:30, 09:31 missing: two runs
        h.send(1, minute("2025-03-12T09:31")); // late, before the backfill answers
        assertEquals(2, h.engine.gapsDetected());
        h.runBackfills();
        assertEquals(List.of(ny("2025-03-11T15:58") + " " + ny("2025-03-11T16:00"),
                ny("2025-03-12T09:30") + " " + ny("2025-03-12T09:32")), v.requests);
        assertEquals(List.of(ny("2025-03-11T15:57"), ny("2025-03-12T09:32"), ny("2025-03-12T09:31"),
                ny("2025-03-11T15:58"), ny("2025-03-11T15:59"), ny("2025-03-12T09:30")), heard(h));
        assertEquals(3, h.engine.barsBackfilled());
        assertEquals(1, h.engine.backfillDuplicates());
    }

    @Test
    public void fridayToMondayWithNoMissingBarIsNoGapAcrossTheDstChange() throws IOException {
        Vendor v = new Vendor();
        FeedHarness h = harness(v);
        h.send(1, minute("2025-03-07T15:58"));
        h.send(1, minute("2025-03-07T15:59"));
        h.send(1, minute("2025-03-10T09:30")); // DST began on the Sunday in between
        h.send(1, minute("2025-03-10T09:31"));
        assertEquals(0, h.engine.gapsDetected());
        assertTrue(h.backfillTasks.isEmpty());
        assertEquals(1.0, completeness(h), 0.0);
        assertEquals(4, h.heard.size());
    }

    @Test
    public void dailyBarsMissingATradingDayBackfillThatDayAndNotTheHoliday() throws IOException {
        Vendor v = new Vendor();
        for (String d : List.of("2025-06-30", "2025-07-01", "2025-07-02", "2025-07-03", "2025-07-04", "2025-07-05",
                "2025-07-07")) {
            v.history.add(daily(d)); // the vendor answers a wider range, and even a holiday bar
        }
        FeedHarness h = harness(v);
        h.send(1, daily("2025-06-30"));
        h.send(1, daily("2025-07-01"));
        h.send(1, daily("2025-07-03")); // Wednesday July 2 missing
        h.send(1, daily("2025-07-07")); // Friday July 4 (holiday) and the weekend: no gap
        assertEquals(1, h.engine.gapsDetected());
        h.runBackfills();
        assertEquals(1, v.requests.size());
        assertEquals(List.of(daily("2025-06-30").timestamp(), daily("2025-07-01").timestamp(),
                daily("2025-07-03").timestamp(), daily("2025-07-07").timestamp(), daily("2025-07-02").timestamp()),
                heard(h));
        assertEquals(1, h.engine.barsBackfilled());
    }

    @Test
    public void dailyBarsStampedAtUtcMidnightAreMatchedByTheirTradingDay() throws IOException {
        Vendor v = new Vendor();
        v.history.add(bar(Instant.parse("2025-07-02T00:00:00Z"), DAY));
        FeedHarness h = harness(v);
        h.send(1, bar(Instant.parse("2025-07-01T00:00:00Z"), DAY));
        h.send(1, bar(Instant.parse("2025-07-03T00:00:00Z"), DAY));
        h.send(1, bar(Instant.parse("2025-07-07T00:00:00Z"), DAY));
        h.runBackfills();
        assertEquals(1, h.engine.gapsDetected());
        assertEquals(1, h.engine.barsBackfilled());
        assertEquals(Instant.parse("2025-07-02T00:00:00Z"), h.heard.get(3).timestamp());
    }

    @Test
    public void theSafetyCapCountsInSessionBarsOnly() throws IOException {
        Vendor v = new Vendor();
        FeedHarness h = harness(v, "gap.max.bars", "10");
        // 4 before the close and 6 after the open: 10 in-session bars, over 17 hours of clock time
        h.send(1, minute("2025-03-11T15:55"));
        h.send(1, minute("2025-03-12T09:36"));
        assertEquals(2, h.engine.gapsDetected());
        assertEquals(2, h.backfillTasks.size());
        // A 30-minute halt is more than the cap: logged, not backfilled, not counted as missing
        double before = completeness(h);
        h.send(1, minute("2025-03-12T10:07"));
        assertEquals(2, h.engine.gapsDetected());
        assertEquals(2, h.backfillTasks.size());
        assertTrue(completeness(h) >= before);
    }

    @Test
    public void aStreamWhoseCalendarIsNotLoadedIsNotGapChecked() throws IOException {
        Vendor v = new Vendor();
        FeedHarness h = harness(v, "calendar.symbol.AAPL", "XLON");
        h.send(1, minute("2025-03-11T10:00"));
        h.send(1, minute("2025-03-11T10:05"));
        assertEquals(0, h.engine.gapsDetected());
        assertTrue(h.backfillTasks.isEmpty());
        assertEquals(2, h.heard.size());
    }

    @Test
    public void theMappingPrefersTheExactSymbolThenTheLongestPatternThenTheSourceThenTheDefault() {
        CalendarMapping m = CalendarMapping.parse(Map.of("calendar.default", "XNYS", "calendar.source.kraken",
                "24x7", "calendar.symbol.*-USD", "24x7", "calendar.symbol.BTC*", "CRYPTO2",
                "calendar.symbol.BTC-USD", "XNAS"));
        assertEquals("XNAS", m.idOf("kraken", "BTC-USD"));
        assertEquals("CRYPTO2", m.idOf("polygon", "BTC-EUR"));
        assertEquals("24x7", m.idOf("polygon", "ETH-USD"));
        assertEquals("24x7", m.idOf("kraken", "ETHEUR"));
        assertEquals("XNYS", m.idOf("polygon", "AAPL"));
        assertEquals(TradingCalendar.ALWAYS_OPEN_ID, CalendarMapping.parse(Map.of()).idOf("a", "AAPL"));
        String error = org.junit.Assert.assertThrows(IllegalArgumentException.class, () -> FeedSettings.parse(
                Map.of("felix.fileinstall.filename", "io.tradeloom.marketdata.cfg", "calendar.source.a", "NY SE")))
                .getMessage();
        assertEquals("io.tradeloom.marketdata.cfg: calendar.source.a=NY SE is not a calendar id (1 to 40 letters,"
                + " digits or _.+-)", error);
    }
}
