package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
}
