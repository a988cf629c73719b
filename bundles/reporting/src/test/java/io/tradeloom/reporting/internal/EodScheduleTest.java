package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The end-of-day batch, fired by a real camel-quartz trigger on a test schedule. */
public class EodScheduleTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void quartzTriggerWritesTheBatchOfItsFireDatePerAccountAndVenue() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("eod");
        ZoneId ny = ZoneId.of("America/New_York");
        // The batch is for the trading date of the trigger's fire time in New York, whatever the clock says.
        LocalDate today = LocalDate.now(ny);
        Clock clock = Clock.fixed(Instant.parse("2020-01-01T12:00:00Z"), ZoneOffset.UTC);
        EodSchedule schedule = EodSchedule.parse(Map.of("eod.cron", "* * * * * ?", "eod.timezone",
                "America/New_York", "eod.dir", dir.toString()), tmp.getRoot().toPath());
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r.mv"))) {
            TransactionReport a = at(Fills.report(1), "x1", "ACC1", "paper", today.atTime(10, 0).atZone(ny).toInstant());
            TransactionReport b = at(a, "x2", "ACC2", "fixv", a.executionTime());
            TransactionReport nextDay = at(a, "x3", "ACC1", "paper", today.plusDays(1).atStartOfDay(ny).toInstant());
            store.add(a, List.of(), Instant.now());
            store.add(b, List.of(), Instant.now());
            store.add(nextDay, List.of(), Instant.now());
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(new EodRoutes(schedule, store, clock));
            camel.start();
            try {
                Path day = dir.resolve(today.toString());
                Waits.until("batch files", 30_000, () -> Files.exists(day.resolve("ACC2__fixv.csv")));
                List<String> csv = Files.readAllLines(day.resolve("ACC1__paper.csv"));
                assertEquals(List.of(ReportCodec.csvHeader(), ReportCodec.csv(a)), csv);
                String json = Files.readString(day.resolve("ACC2__fixv.json"));
                assertTrue(json, json.startsWith("[{\"schema\"") && json.contains(b.reportId()));
                assertFalse("the next day's fill is not in this batch",
                        Files.readString(day.resolve("ACC1__paper.json")).contains(nextDay.reportId()));
                // The fire is remembered (for the catch-up after downtime), not the clock's 2020 date.
                Waits.until("fire time remembered", 30_000, () -> new EodBatcher(store, dir, ny).lastFire()
                        .filter(t -> schedule.tradingDate(t).equals(today)).isPresent());
            } finally {
                camel.stop();
            }
        }
    }

    @Test
    public void batchesMissedWhileDownAreWrittenOnStartOnce() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("eod");
        ZoneId ny = ZoneId.of("America/New_York");
        // Weekdays at 22:30 New York; last written: Friday 13 Nov; the container comes back Wednesday 18th 23:00.
        EodSchedule schedule = EodSchedule.parse(Map.of("eod.cron", "0 30 22 ? * MON-FRI", "eod.timezone",
                "America/New_York", "eod.dir", dir.toString(), "eod.catchup.max", "3"), tmp.getRoot().toPath());
        Instant friday = LocalDate.of(2026, 11, 13).atTime(22, 30).atZone(ny).toInstant();
        Clock clock = Clock.fixed(LocalDate.of(2026, 11, 18).atTime(23, 0).atZone(ny).toInstant(), ZoneOffset.UTC);
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r.mv"))) {
            TransactionReport base = Fills.report(1);
            TransactionReport fri = at(base, "f", "ACC1", "paper", friday.minusSeconds(3600));
            TransactionReport mon = at(base, "m", "ACC1", "paper",
                    LocalDate.of(2026, 11, 16).atTime(11, 0).atZone(ny).toInstant());
            TransactionReport tue = at(base, "t", "ACC2", "paper",
                    LocalDate.of(2026, 11, 17).atTime(11, 0).atZone(ny).toInstant());
            for (TransactionReport r : List.of(fri, mon, tue)) {
                store.add(r, List.of(), Instant.now());
            }
            EodBatcher batcher = new EodBatcher(store, dir, ny);
            batcher.recordFire(friday);
            EodRoutes routes = new EodRoutes(schedule, store, clock);
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(routes);
            camel.start();
            try {
                Instant wednesday = LocalDate.of(2026, 11, 18).atTime(22, 30).atZone(ny).toInstant();
                Waits.until("caught up to Wednesday", 30_000,
                        () -> batcher.lastFire().filter(wednesday::equals).isPresent());
                assertTrue(Files.readString(dir.resolve("2026-11-16/ACC1__paper.json")).contains(mon.reportId()));
                assertTrue(Files.readString(dir.resolve("2026-11-17/ACC2__paper.csv")).contains(tue.reportId()));
                assertTrue("Wednesday had no fills: its day is written empty", Files.isDirectory(
                        dir.resolve("2026-11-18")));
                assertFalse("Friday's batch was written before the downtime, not again",
                        Files.exists(dir.resolve("2026-11-13")));
                // A second start at the same time finds nothing missed.
                Files.delete(dir.resolve("2026-11-16/ACC1__paper.json"));
                routes.catchUp();
                assertFalse(Files.exists(dir.resolve("2026-11-16/ACC1__paper.json")));
            } finally {
                camel.stop();
            }
        }
    }

    @Test
    public void fireTimesKeepTheMostRecentOnesAndTheirTradingDates() {
        ZoneId ny = ZoneId.of("America/New_York");
        EodSchedule s = EodSchedule.parse(Map.of("eod.timezone", "America/New_York"), tmp.getRoot().toPath());
        Instant friday = LocalDate.of(2026, 11, 13).atTime(22, 30).atZone(ny).toInstant();
        Instant later = LocalDate.of(2026, 11, 18).atTime(23, 0).atZone(ny).toInstant();
        List<Instant> all = s.fireTimes(friday, later, 10);
        assertEquals(List.of(LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 17), LocalDate.of(2026, 11, 18)),
                all.stream().map(s::tradingDate).toList());
        assertEquals(all.subList(1, 3), s.fireTimes(friday, later, 2));
        assertEquals(List.of(), s.fireTimes(friday, later, 0));
        // 22:30 New York is 03:30 UTC the next day: the trading date is New York's.
        assertEquals(Instant.parse("2026-11-17T03:30:00Z"), all.get(0));
    }

    private static TransactionReport at(TransactionReport a, String execId, String account, String venue,
                                        Instant time) {
        return new TransactionReport(Reports.reportId(venue, execId), "o" + execId, "c" + execId, execId,
                "v" + execId, venue, account, a.symbol(), a.side(), a.quantity(), a.price(), time, a.liquidity());
    }

    @Test
    public void badScheduleValuesNameFileKeyAndValue() {
        try {
            EodSchedule.parse(Map.of("eod.cron", "every day"), tmp.getRoot().toPath());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("eod.cron=every day"));
        }
        try {
            EodSchedule.parse(Map.of("eod.timezone", "Mars/Olympus"), tmp.getRoot().toPath());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("eod.timezone=Mars/Olympus"));
        }
        EodSchedule s = EodSchedule.parse(Map.of("eod.timezone", "Europe/London", "eod.misfire", "do-nothing"),
                tmp.getRoot().toPath());
        assertEquals(ZoneId.of("Europe/London"), s.zone());
        assertEquals(5, s.catchupMax());
        try {
            EodSchedule.parse(Map.of("eod.catchup.max", "-1"), tmp.getRoot().toPath());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("eod.catchup.max=-1"));
        }
        assertTrue(s.quartzUri(), s.quartzUri().contains("cron=0+30+22+?+*+MON-FRI")
                && s.quartzUri().contains("trigger.misfireInstruction=2"));
    }
}
