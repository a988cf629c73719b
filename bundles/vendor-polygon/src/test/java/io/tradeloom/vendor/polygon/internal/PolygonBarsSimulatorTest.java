package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradeloom.core.calendar.CalendarRegistry;
import io.tradeloom.core.feeds.FeedClock;
import io.tradeloom.core.feeds.FeedEngine;
import io.tradeloom.core.feeds.FeedSettings;
import io.tradeloom.domain.calendar.TradingCalendars;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.simulators.polygon.PolygonSimulator;
import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.WireEvent;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** REST backfill against the simulator: the bars equal the aggregates the stream sent, across pages. */
public class PolygonBarsSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_700_000_000_000L;

    private PolygonSimulator sim;
    private List<WireEvent> wire;

    @Before
    public void setUp() {
        sim = new PolygonSimulator(PolygonSimulatorConfig.defaults().withStartMillis(START)).start();
        wire = sim.generate(600, 1000); // ten simulated minutes
    }

    @After
    public void tearDown() {
        sim.stop();
    }

    private PolygonBars bars(String key, int pageLimit) {
        return bars(sim, key, pageLimit);
    }

    private static PolygonBars bars(PolygonSimulator sim, String key, int pageLimit) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", "poly");
        p.put("rest.url", sim.restUrl());
        p.put("api.key", key);
        p.put("symbols", "AAPL.O");
        p.put("symbol.map", "AAPL.O=AAPL");
        p.put("rest.page.limit", Integer.toString(pageLimit));
        return new PolygonBars(PolygonConfig.parse(p));
    }

    private List<JsonNode> streamed(String ev) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (WireEvent w : wire) {
            if (w.ev().equals(ev) && w.sym().equals("AAPL")) {
                out.add(JSON.readTree(w.json()));
            }
        }
        return out;
    }

    private static void assertSame(List<JsonNode> expected, List<Bar> actual, Duration interval) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            Bar b = actual.get(i);
            assertEquals("AAPL.O", b.symbol());
            assertEquals("poly", b.source());
            assertEquals(interval, b.interval());
            assertEquals(Instant.ofEpochMilli(e.get("s").asLong()), b.timestamp());
            assertEquals(new BigDecimal(e.get("o").asText()), b.open());
            assertEquals(new BigDecimal(e.get("h").asText()), b.high());
            assertEquals(new BigDecimal(e.get("l").asText()), b.low());
            assertEquals(new BigDecimal(e.get("c").asText()), b.close());
            assertEquals(0, new BigDecimal(e.get("v").asText()).compareTo(b.volume()));
        }
    }

    @Test
    public void minuteBarsEqualTheStreamedMinuteAggregatesAcrossPages() throws Exception {
        List<JsonNode> am = streamed("AM");
        assertTrue("minute aggregates streamed: " + am.size(), am.size() >= 8);
        Instant from = Instant.ofEpochMilli(START - START % 60_000); // the first minute began before START
        Instant to = Instant.ofEpochMilli(sim.clockMillis());
        assertSame(am, bars(PolygonSimulatorConfig.DEFAULT_API_KEY, 5000).bars("AAPL.O", Duration.ofMinutes(1),
                from, to), Duration.ofMinutes(1));
        long before = sim.restRequests();
        assertSame(am, bars(PolygonSimulatorConfig.DEFAULT_API_KEY, 3).bars("AAPL.O", Duration.ofMinutes(1),
                from, to), Duration.ofMinutes(1));
        assertEquals("pages of 3 via next_url", (am.size() + 2) / 3, sim.restRequests() - before);
    }

    @Test
    public void secondBarsEqualTheStreamedSecondAggregatesAndToIsExclusive() throws Exception {
        List<JsonNode> a = streamed("A");
        JsonNode last = a.get(a.size() - 1);
        Instant to = Instant.ofEpochMilli(last.get("s").asLong()); // exclusive: the last one is left out
        List<Bar> got = bars(PolygonSimulatorConfig.DEFAULT_API_KEY, 50).bars("AAPL.O", Duration.ofSeconds(1),
                Instant.ofEpochMilli(START), to);
        assertSame(a.subList(0, a.size() - 1), got, Duration.ofSeconds(1));
    }

    @Test
    public void aWrongKeyIsAnExceptionWithPolygonsStatusAndMessageButNoKey() {
        PolygonRestException e = assertThrows(PolygonRestException.class, () -> bars("NOT-THE-KEY", 10)
                .bars("AAPL.O", Duration.ofMinutes(1), Instant.ofEpochMilli(START), Instant.ofEpochMilli(START + 60_000)));
        assertEquals(401, e.httpStatus());
        assertEquals("ERROR", e.status());
        assertTrue(e.getMessage(), e.getMessage().endsWith("HTTP 401 ERROR: Unauthorized - Check our API Key and account status"));
        assertFalse(e.getMessage().contains("NOT-THE-KEY"));
    }

    private static long ny(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.of("America/New_York")).toInstant().toEpochMilli();
    }

    private static Bar minuteBar(JsonNode am) {
        Instant start = Instant.ofEpochMilli(am.get("s").asLong());
        return new Bar("AAPL.O", "poly", Duration.ofMinutes(1), new BigDecimal(am.get("o").asText()),
                new BigDecimal(am.get("h").asText()), new BigDecimal(am.get("l").asText()),
                new BigDecimal(am.get("c").asText()), new BigDecimal(am.get("v").asText()), start,
                start.plusSeconds(60));
    }

    /**
     * End to end with the shipped XNYS calendar: the stream misses the last two minutes before the close and resumes
     * at the next morning's open; the feed engine asks the simulator's REST aggregates for exactly those two minutes
     * (not the night) and delivers the bars the stream had sent for them.
     */
    @Test
    public void theMinutesMissedBeforeTheCloseAreBackfilledOverRestAndTheNightIsNot() throws Exception {
        // One symbol, every other event a trade: every minute has trades, so every minute has its bar.
        PolygonSimulator day = new PolygonSimulator(PolygonSimulatorConfig.defaults().withSymbols(List.of("AAPL"))
                .withTradeRatio(0.5).withStartMillis(ny("2025-03-11T15:50:00"))).start();
        try {
            List<WireEvent> w = new ArrayList<>(day.generate(599, 1000)); // to 15:59:59
            w.addAll(day.advanceClock(ny("2025-03-12T09:30:00")));      // closes 15:59; the night has no trades
            w.addAll(day.generate(130, 1000));                          // 09:30 and 09:31 close
            List<Bar> streamed = new ArrayList<>();
            for (WireEvent e : w) {
                if (e.ev().equals("AM") && e.sym().equals("AAPL")) {
                    streamed.add(minuteBar(JSON.readTree(e.json())));
                }
            }
            Instant m1558 = Instant.ofEpochMilli(ny("2025-03-11T15:58:00"));
            Instant m1559 = Instant.ofEpochMilli(ny("2025-03-11T15:59:00"));
            Instant m0930 = Instant.ofEpochMilli(ny("2025-03-12T09:30:00"));
            List<Instant> starts = streamed.stream().map(Bar::timestamp).toList();
            for (int m = 0; m < 10; m++) {
                assertTrue("minute 15:5" + m + " streamed: " + starts, starts.contains(Instant.ofEpochMilli(
                        ny("2025-03-11T15:50:00") + m * 60_000L)));
            }
            assertTrue("the stream resumes at the open: " + starts, starts.contains(m0930));

            Path file = Paths.get("..", "..", "etc", "io.tradeloom.calendar-XNYS.cfg");
            CalendarRegistry calendars = new CalendarRegistry();
            calendars.put(TradingCalendars.load(file), file.toString());
            List<String> asked = new ArrayList<>();
            PolygonBars rest = bars(day, PolygonSimulatorConfig.DEFAULT_API_KEY, 5000);
            io.tradeloom.core.api.HistoricalBars recording = new io.tradeloom.core.api.HistoricalBars() {
                @Override
                public String source() {
                    return "poly";
                }

                @Override
                public List<Bar> bars(String symbol, Duration interval, Instant from, Instant to) throws Exception {
                    asked.add(from + " " + to);
                    return rest.bars(symbol, interval, from, to);
                }
            };
            Deque<Runnable> tasks = new ArrayDeque<>();
            FeedEngine engine = new FeedEngine(FeedClock.SYSTEM, id -> Optional.empty(), id -> recording,
                    (task, delay) -> tasks.add(task));
            engine.configure(FeedSettings.parse(Map.of("calendar.source.poly", "XNYS")));
            engine.calendars(calendars::calendar);
            List<Bar> backfilled = new ArrayList<>();
            engine.backfillSink(backfilled::add);

            for (Bar b : streamed) {
                if (!b.timestamp().equals(m1558) && !b.timestamp().equals(m1559)) {
                    engine.observe(b, true, null);
                }
            }
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }

            assertEquals(List.of(m1558 + " " + Instant.ofEpochMilli(ny("2025-03-11T16:00:00"))), asked);
            assertEquals(1, engine.gapsDetected());
            assertEquals(List.of(streamed.get(starts.indexOf(m1558)), streamed.get(starts.indexOf(m1559))).stream()
                    .map(b -> b.timestamp() + " " + b.close()).toList(),
                    backfilled.stream().map(b -> b.timestamp() + " " + b.close()).toList());
        } finally {
            day.stop();
        }
    }
}
