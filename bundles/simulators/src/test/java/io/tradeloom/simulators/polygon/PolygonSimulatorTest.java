package io.tradeloom.simulators.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The simulator's wire protocol as a plain WebSocket/HTTP client sees it. */
public class PolygonSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_700_000_000_000L;

    private PolygonSimulator sim;
    private final HttpClient http = HttpClient.newHttpClient();

    @Before
    public void setUp() {
        sim = new PolygonSimulator(PolygonSimulatorConfig.defaults().withStartMillis(START)).start();
    }

    @After
    public void tearDown() {
        sim.stop();
    }

    /** A raw client that queues every text frame (and "CLOSED" when the server closes). */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add("CLOSED");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            frames.add("CLOSED");
        }

        JsonNode next() throws Exception {
            String f = frames.poll(10, TimeUnit.SECONDS);
            assertNotNull("no frame within 10 s", f);
            return f.equals("CLOSED") ? null : JSON.readTree(f);
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }
    }

    private Client connect() throws Exception {
        Client c = new Client();
        c.ws = http.newWebSocketBuilder().buildAsync(URI.create(sim.wsUrl()), c).get(10, TimeUnit.SECONDS);
        JsonNode hello = c.next();
        assertEquals("status", hello.get(0).get("ev").asText());
        assertEquals("success", hello.get(0).get("status").asText());
        assertEquals("Connected Successfully", hello.get(0).get("message").asText());
        return c;
    }

    @Test
    public void authSubscribeAndOnlySubscribedEvents() throws Exception {
        Client c = connect();
        c.send("{\"action\":\"subscribe\",\"params\":\"Q.AAPL\"}");
        assertEquals("auth_required", c.next().get(0).get("status").asText());
        c.send("{\"action\":\"auth\",\"params\":\"" + PolygonSimulatorConfig.DEFAULT_API_KEY + "\"}");
        JsonNode auth = c.next().get(0);
        assertEquals("auth_success", auth.get("status").asText());
        assertEquals("authenticated", auth.get("message").asText());
        c.send("{\"action\":\"subscribe\",\"params\":\"Q.AAPL,T.*,X.BAD\"}");
        JsonNode sub = c.next();
        assertEquals("subscribed to: Q.AAPL", sub.get(0).get("message").asText());
        assertEquals("subscribed to: T.*", sub.get(1).get("message").asText());
        assertEquals("error", sub.get(2).get("status").asText());
        List<WireEvent> events = sim.generate(100, 10);
        long expected = events.stream().filter(e -> e.ev().equals("T") || (e.ev().equals("Q")
                && e.sym().equals("AAPL"))).count();
        long got = 0;
        while (got < expected) {
            for (JsonNode e : c.next()) {
                String ev = e.get("ev").asText();
                assertTrue(e.toString(), ev.equals("T") || (ev.equals("Q") && e.get("sym").asText().equals("AAPL")));
                if (ev.equals("Q")) {
                    assertTrue(e.toString(), e.get("bp").decimalValue().compareTo(e.get("ap").decimalValue()) < 0);
                }
                got++;
            }
        }
        assertEquals(expected, got);
        c.send("{\"action\":\"unsubscribe\",\"params\":\"T.*\"}");
        assertEquals("unsubscribed to: T.*", c.next().get(0).get("message").asText());
        assertEquals(java.util.Set.of("Q.AAPL"), sim.subscriptions());
    }

    @Test
    public void wrongKeyIsAuthFailedAndClosed() throws Exception {
        Client c = connect();
        c.send("{\"action\":\"auth\",\"params\":\"nope\"}");
        JsonNode r = c.next().get(0);
        assertEquals("auth_failed", r.get("status").asText());
        assertEquals("authentication failed", r.get("message").asText());
        assertNull(c.next());
        assertEquals(1, sim.authFailures());
    }

    @Test
    public void sameSeedSameStream() {
        PolygonSimulator other = new PolygonSimulator(PolygonSimulatorConfig.defaults().withStartMillis(START)).start();
        try {
            assertEquals(sim.generate(500, 7), other.generate(500, 7));
        } finally {
            other.stop();
        }
    }

    @Test
    public void recordedSessionReplays() throws Exception {
        Path file = Files.createTempFile("polygon", ".jsonl");
        try {
            sim.record(file);
            List<WireEvent> sent = sim.generate(50, 10);
            sim.stopRecording();
            Client c = connect();
            c.send("{\"action\":\"auth\",\"params\":\"" + PolygonSimulatorConfig.DEFAULT_API_KEY + "\"}");
            c.next();
            c.send("{\"action\":\"subscribe\",\"params\":\"Q.*,T.*,A.*,AM.*\"}");
            c.next();
            assertEquals(1, sim.replay(file));
            JsonNode frame = c.next();
            assertEquals(sent.size(), frame.size());
            for (int i = 0; i < sent.size(); i++) {
                assertEquals(JSON.readTree(sent.get(i).json()), frame.get(i));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private HttpResponse<String> get(String pathAndQuery, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.restUrl() + pathAndQuery));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void restAggregatesShapeAndErrors() throws Exception {
        sim.generate(300, 1000);
        HttpResponse<String> ok = get("/v2/aggs/ticker/AAPL/range/1/minute/" + (START - 60_000) + "/"
                + sim.clockMillis() + "?apiKey=" + PolygonSimulatorConfig.DEFAULT_API_KEY + "&limit=2", null);
        assertEquals(200, ok.statusCode());
        JsonNode body = JSON.readTree(ok.body());
        assertEquals("OK", body.get("status").asText());
        assertEquals("AAPL", body.get("ticker").asText());
        assertTrue(body.get("adjusted").asBoolean());
        assertEquals(2, body.get("resultsCount").asInt());
        assertTrue(body.get("request_id").asText().length() > 8);
        assertTrue(body.get("queryCount").asInt() > 2);
        assertTrue(body.get("next_url").asText().contains("/v2/aggs/ticker/AAPL/range/1/minute/"));
        for (String f : List.of("o", "h", "l", "c", "v", "vw", "t", "n")) {
            assertTrue(f, body.get("results").get(0).has(f));
        }
        HttpResponse<String> bearer = get("/v2/aggs/ticker/AAPL/range/1/minute/2023-11-14/2023-11-14", 
                PolygonSimulatorConfig.DEFAULT_API_KEY);
        assertEquals(200, bearer.statusCode());

        HttpResponse<String> unauthorized = get("/v2/aggs/ticker/AAPL/range/1/minute/2023-11-14/2023-11-14", "bad");
        assertEquals(401, unauthorized.statusCode());
        JsonNode err = JSON.readTree(unauthorized.body());
        assertEquals("ERROR", err.get("status").asText());
        assertEquals("Unauthorized - Check our API Key and account status", err.get("error").asText());

        HttpResponse<String> bad = get("/v2/aggs/ticker/AAPL/range/1/fortnight/2023-11-14/2023-11-14",
                PolygonSimulatorConfig.DEFAULT_API_KEY);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), JSON.readTree(bad.body()).get("error").asText().contains("timespan=fortnight"));

        assertEquals(404, get("/v3/nothing", PolygonSimulatorConfig.DEFAULT_API_KEY).statusCode());
    }

    /**
     * REST trades: the spec's shape, newest first by default, the window in nanoseconds, pages through next_url,
     * errors; skipped trades stay off the WebSocket but are in REST.
     */
    @Test
    public void restTradesAndSkippedTrades() throws Exception {
        Client c = connect();
        c.send("{\"action\":\"auth\",\"params\":\"" + PolygonSimulatorConfig.DEFAULT_API_KEY + "\"}");
        c.next();
        c.send("{\"action\":\"subscribe\",\"params\":\"T.AAPL\"}");
        c.next();
        sim.skipTrades("AAPL", 2);
        List<WireEvent> events = sim.generate(400, 10);
        List<JsonNode> trades = new java.util.ArrayList<>();
        for (WireEvent e : events) {
            if (e.ev().equals("T") && e.sym().equals("AAPL")) {
                trades.add(JSON.readTree(e.json()));
            }
        }
        assertTrue("AAPL trades: " + trades.size(), trades.size() > 6);
        List<Long> received = new java.util.ArrayList<>();
        while (received.size() < trades.size() - 2) {
            for (JsonNode e : c.next()) {
                received.add(e.get("q").asLong());
            }
        }
        List<Long> expected = trades.subList(2, trades.size()).stream().map(t -> t.get("q").asLong()).toList();
        assertEquals(expected, received);
        assertEquals(2, sim.tradesSkipped());

        String key = PolygonSimulatorConfig.DEFAULT_API_KEY;
        HttpResponse<String> all = get("/v3/trades/AAPL?limit=50000", key);
        assertEquals(200, all.statusCode());
        JsonNode body = JSON.readTree(all.body());
        assertEquals("OK", body.get("status").asText());
        JsonNode results = body.get("results");
        assertEquals(trades.size(), results.size());
        // Newest first by default; the skipped ones are there; sip_timestamp is the streamed ms plus nanoseconds.
        for (int i = 0; i < trades.size(); i++) {
            JsonNode w = trades.get(trades.size() - 1 - i);
            JsonNode r = results.get(i);
            assertEquals(w.get("q").asLong(), r.get("sequence_number").asLong());
            assertEquals(w.get("i").asText(), r.get("id").asText());
            assertEquals(w.get("p").decimalValue(), r.get("price").decimalValue());
            assertEquals(w.get("s").asLong(), r.get("size").asLong());
            assertEquals(w.get("x").asInt(), r.get("exchange").asInt());
            assertEquals(w.get("t").asLong(), r.get("sip_timestamp").asLong() / 1_000_000);
            for (String f : List.of("conditions", "participant_timestamp", "tape")) {
                assertTrue(f, r.has(f));
            }
        }
        assertNull(body.get("next_url"));

        // Ascending pages of 3 inside a nanosecond window: the second through the sixth trade.
        long gte = results.get(trades.size() - 2).get("sip_timestamp").asLong();
        long lte = results.get(trades.size() - 6).get("sip_timestamp").asLong();
        List<Long> paged = new java.util.ArrayList<>();
        String next = "/v3/trades/AAPL?order=asc&sort=timestamp&limit=3&timestamp.gte=" + gte + "&timestamp.lte=" + lte;
        int pages = 0;
        while (next != null) {
            JsonNode page = JSON.readTree(get(next, key).body());
            pages++;
            page.get("results").forEach(r -> paged.add(r.get("sequence_number").asLong()));
            next = page.has("next_url") ? URI.create(page.get("next_url").asText()).getRawPath() + "?"
                    + URI.create(page.get("next_url").asText()).getRawQuery() : null;
        }
        assertEquals(trades.subList(1, 6).stream().map(t -> t.get("q").asLong()).toList(), paged);
        assertEquals(2, pages);

        assertEquals(401, get("/v3/trades/AAPL", "bad").statusCode());
        HttpResponse<String> bad = get("/v3/trades/AAPL?limit=0", key);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), JSON.readTree(bad.body()).get("error").asText().contains("limit=0"));
        HttpResponse<String> badTime = get("/v3/trades/AAPL?timestamp.gte=yesterday", key);
        assertEquals(400, badTime.statusCode());
        assertTrue(badTime.body(), badTime.body().contains("timestamp.gte=yesterday"));
        assertEquals(0, JSON.readTree(get("/v3/trades/NOPE", key).body()).get("results").size());
    }
}
