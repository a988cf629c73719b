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
    public void quartzTriggerWritesTheBatchPerAccountAndVenue() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("eod");
        LocalDate today = LocalDate.of(2026, 11, 20);
        // The clock stands on the trading date in New York; the batch takes that date's reports only.
        Clock clock = Clock.fixed(Instant.parse("2026-11-20T22:30:00Z"), ZoneOffset.UTC);
        EodSchedule schedule = EodSchedule.parse(Map.of("eod.cron", "* * * * * ?", "eod.timezone",
                "America/New_York", "eod.dir", dir.toString()), tmp.getRoot().toPath());
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r.mv"))) {
            TransactionReport a = Fills.report(1); // ACC1 @ paper, 14:30 UTC on the 20th
            TransactionReport b = new TransactionReport(Reports.reportId("fixv", "x2"), "o2", "c2", "x2", "v2",
                    "fixv", "ACC2", "MSFT", a.side(), a.quantity(), a.price(), a.executionTime(), a.liquidity());
            TransactionReport nextDay = new TransactionReport(Reports.reportId("paper", "x3"), "o3", "c3", "x3",
                    "v3", "paper", "ACC1", "AAPL", a.side(), a.quantity(), a.price(),
                    Instant.parse("2026-11-21T05:00:00Z"), a.liquidity()); // 00:00 in New York on the 21st
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
            } finally {
                camel.stop();
            }
        }
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
        assertTrue(s.quartzUri(), s.quartzUri().contains("cron=0+30+22+?+*+MON-FRI")
                && s.quartzUri().contains("trigger.misfireInstruction=2"));
    }
}
