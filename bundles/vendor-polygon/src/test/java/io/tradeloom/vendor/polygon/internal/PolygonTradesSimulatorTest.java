package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradeloom.core.feeds.FeedClock;
import io.tradeloom.core.feeds.FeedEngine;
import io.tradeloom.core.feeds.FeedSettings;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.simulators.polygon.PolygonSimulator;
import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.WireEvent;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** REST trades against the simulator: the streamed trades with their sequence numbers, nanoseconds, across pages. */
public class PolygonTradesSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_700_000_000_000L;
    private static final String KEY = PolygonSimulatorConfig.DEFAULT_API_KEY;

    private PolygonSimulator sim;
    private List<JsonNode> streamed;

    @Before
    public void setUp() throws Exception {
        sim = new PolygonSimulator(PolygonSimulatorConfig.defaults().withStartMillis(START).withTradeRatio(0.5)
                .withSymbols(List.of("AAPL", "MSFT"))).start();
        streamed = new ArrayList<>();
        for (WireEvent w : sim.generate(300, 7)) {
            if (w.ev().equals("T") && w.sym().equals("AAPL")) {
                streamed.add(JSON.readTree(w.json()));
            }
        }
    }

    @After
    public void tearDown() {
        sim.stop();
    }

    static PolygonTrades trades(PolygonSimulator sim, String key, int pageLimit) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", "poly");
        p.put("rest.url", sim.restUrl());
        p.put("api.key", key);
        p.put("symbols", "AAPL.O");
        p.put("symbol.map", "AAPL.O=AAPL");
        p.put("rest.page.limit", Integer.toString(pageLimit));
        return new PolygonTrades(PolygonConfig.parse(p));
    }

    @Test
    public void theStreamedTradesComeBackAcrossPagesWithSequenceNumbersAndNanoseconds() throws Exception {
        assertTrue("trades streamed: " + streamed.size(), streamed.size() > 40);
        // A window inside the stream: from the 5th to the 35th trade's millisecond, both ends included.
        List<JsonNode> window = streamed.subList(5, 36);
        Instant from = Instant.ofEpochMilli(window.get(0).get("t").asLong());
        Instant to = Instant.ofEpochMilli(window.get(window.size() - 1).get("t").asLong());
        long before = sim.restRequests();
        List<Trade> got = trades(sim, KEY, 7).trades("AAPL.O", from, to);
        assertEquals("pages of 7 via next_url", (window.size() + 6) / 7, sim.restRequests() - before);
        // Trades of the window's end milliseconds that are not in the sublist (same ms) are in the answer too.
        List<JsonNode> expected = streamed.stream().filter(j -> j.get("t").asLong() >= from.toEpochMilli()
                && j.get("t").asLong() <= to.toEpochMilli()).toList();
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode w = expected.get(i);
            Trade t = got.get(i);
            assertEquals("AAPL.O", t.symbol());
            assertEquals("poly", t.source());
            assertEquals(w.get("q").asLong(), t.sequence());
            assertEquals(w.get("i").asText(), t.tradeId());
            assertEquals(0, new BigDecimal(w.get("p").asText()).compareTo(t.price()));
            assertEquals(0, new BigDecimal(w.get("s").asText()).compareTo(t.size()));
            // REST's SIP time has the nanoseconds the WebSocket's millisecond leaves out.
            assertEquals(w.get("t").asLong(), t.timestamp().toEpochMilli());
            assertNotEquals(0, t.timestamp().getNano() % 1_000_000);
        }
    }

    @Test
    public void aWrongKeyIsAnExceptionWithoutTheKeyAndTheEngineLogsNoKey() throws Exception {
        String secret = "SECRET-KEY-4711";
        PolygonTrades wrong = trades(sim, secret, 10);
        PolygonRestException e = assertThrows(PolygonRestException.class, () -> wrong.trades("AAPL.O",
                Instant.ofEpochMilli(START), Instant.ofEpochMilli(START + 60_000)));
        assertEquals(401, e.httpStatus());
        assertTrue(e.getMessage(), e.getMessage().startsWith("GET " + sim.restUrl() + "/v3/trades/AAPL?"));
        assertFalse(e.getMessage(), e.getMessage().contains(secret));

        // Through the feed engine's backfill, whose failures are logged: the log has the request, not the key.
        Deque<Runnable> tasks = new ArrayDeque<>();
        FeedEngine engine = new FeedEngine(FeedClock.SYSTEM, id -> Optional.empty(), id -> null,
                (task, delay) -> tasks.add(task));
        engine.configure(FeedSettings.parse(Map.of("sequence.gap.sources", "poly", "backfill.attempts", "2")));
        engine.historicalTrades(id -> wrong);
        Instant t0 = Instant.ofEpochMilli(START);
        engine.screen(new Trade("AAPL.O", "poly", BigDecimal.TEN, BigDecimal.ONE, "1", t0, t0, 1), true, null);
        engine.screen(new Trade("AAPL.O", "poly", BigDecimal.TEN, BigDecimal.ONE, "3", t0.plusMillis(5),
                t0.plusMillis(5), 3), true, null);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        } finally {
            System.setErr(saved);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log, log.contains("given up after 2 tries") && log.contains("/v3/trades/AAPL"));
        assertFalse(log, log.contains(secret));
        assertEquals(0, engine.tradesBackfilled());
    }
}
