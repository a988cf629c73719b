package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.venue.VenueState;
import io.tradeloom.simulators.polygon.Malformed;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The Polygon feed against the real simulator over loopback, delivering through the real Camel route file and
 * core intake: wire events normalized field by field, auth failure, reconnect and resubscribe, silence, bad
 * input of every kind, and out-of-order timestamps reaching the core's validation.
 */
public class PolygonFeedSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2023-11-14T22:13:20Z: fixed, so the stream is the same every run. */
    private static final long START = 1_700_000_000_000L;

    private PolygonSimulator sim;
    private IntakePlatform platform;
    private PolygonFeed feed;
    private final List<MarketDataEvent> delivered = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws Exception {
        sim = new PolygonSimulator(PolygonSimulatorConfig.defaults().withStartMillis(START)
                .withSymbols(List.of("AAPL", "MSFT", "SPY"))).start();
        platform = new IntakePlatform();
    }

    @After
    public void tearDown() {
        if (feed != null) {
            feed.close();
        }
        sim.stop();
        platform.close();
    }

    private Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put("id", "poly");
        p.put("ws.url", sim.wsUrl());
        p.put("rest.url", sim.restUrl());
        p.put("api.key", PolygonSimulatorConfig.DEFAULT_API_KEY);
        p.put("channels", "T,Q,A,AM");
        p.put("symbols", "AAPL.O,MSFT");
        p.put("symbol.map", "AAPL.O=AAPL");
        p.put("reconnect.backoff.min.ms", "20");
        p.put("reconnect.backoff.max.ms", "200");
        p.put("max.message.bytes", "65536");
        // The JDK client does not always report a TCP close without a close frame (nor an EOF inside a frame);
        // the watchdog's ping without a pong does, within this time.
        p.put("silence.timeout.ms", "2000");
        return p;
    }

    private PolygonFeed start(Map<String, Object> props) {
        feed = new PolygonFeed(PolygonConfig.parse(props), new PolygonFeed.Sink() {
            @Override
            public void accept(MarketDataEvent e) throws Exception {
                delivered.add(e);
                platform.sink.accept(e);
            }

            @Override
            public void acceptAll(List<MarketDataEvent> events) throws Exception {
                delivered.addAll(events);
                platform.sink.acceptAll(events); // one exchange, the List as its body
            }
        }, platform.deadLetters).start();
        return feed;
    }

    private PolygonFeed startSubscribed(Map<String, Object> props) {
        start(props);
        await("subscribed", () -> feed.subscriptions().size() == 8 && feed.health().state() == VenueState.UP);
        return feed;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Test
    public void authenticatesSubscribesAndNormalizesEveryChannelFieldByField() throws Exception {
        startSubscribed(props());
        assertEquals(List.of("A.AAPL", "A.MSFT", "AM.AAPL", "AM.MSFT", "Q.AAPL", "Q.MSFT", "T.AAPL", "T.MSFT"),
                List.copyOf(sim.subscriptions()));
        // 200 events one second apart: quotes, trades, per-second and per-minute aggregates.
        List<WireEvent> wire = sim.generate(200, 1000).stream()
                .filter(w -> w.sym().equals("AAPL") || w.sym().equals("MSFT")).toList();
        await("all events", () -> delivered.size() >= wire.size());
        assertEquals(wire.size(), delivered.size());
        int quotes = 0;
        int trades = 0;
        int seconds = 0;
        int minutes = 0;
        for (int i = 0; i < wire.size(); i++) {
            JsonNode w = JSON.readTree(wire.get(i).json());
            MarketDataEvent e = delivered.get(i);
            String ours = w.get("sym").asText().equals("AAPL") ? "AAPL.O" : w.get("sym").asText();
            assertEquals("poly", e.source());
            assertEquals(ours, e.symbol());
            assertNotNull(e.receivedAt());
            switch (w.get("ev").asText()) {
                case "Q" -> {
                    quotes++;
                    Quote q = (Quote) e;
                    assertEquals(new BigDecimal(w.get("bp").asText()), q.bid());
                    assertEquals(new BigDecimal(w.get("ap").asText()), q.ask());
                    assertEquals(0, BigDecimal.valueOf(w.get("bs").asLong() * 100).compareTo(q.bidSize()));
                    assertEquals(0, BigDecimal.valueOf(w.get("as").asLong() * 100).compareTo(q.askSize()));
                    assertEquals(Instant.ofEpochMilli(w.get("t").asLong()), q.timestamp());
                    assertTrue(q.bid().compareTo(q.ask()) < 0);
                }
                case "T" -> {
                    trades++;
                    Trade t = (Trade) e;
                    assertEquals(new BigDecimal(w.get("p").asText()), t.price());
                    assertEquals(0, new BigDecimal(w.get("s").asText()).compareTo(t.size()));
                    assertEquals(w.get("i").asText(), t.tradeId());
                    assertEquals(Instant.ofEpochMilli(w.get("t").asLong()), t.timestamp());
                }
                case "A", "AM" -> {
                    Bar b = (Bar) e;
                    if (w.get("ev").asText().equals("A")) {
                        seconds++;
                        assertEquals(Duration.ofSeconds(1), b.interval());
                    } else {
                        minutes++;
                        assertEquals(Duration.ofMinutes(1), b.interval());
                    }
                    assertEquals(new BigDecimal(w.get("o").asText()), b.open());
                    assertEquals(new BigDecimal(w.get("h").asText()), b.high());
                    assertEquals(new BigDecimal(w.get("l").asText()), b.low());
                    assertEquals(new BigDecimal(w.get("c").asText()), b.close());
                    assertEquals(0, new BigDecimal(w.get("v").asText()).compareTo(b.volume()));
                    assertEquals(Instant.ofEpochMilli(w.get("s").asLong()), b.timestamp());
                }
                default -> fail("unexpected " + w);
            }
        }
        assertTrue("quotes " + quotes, quotes > 0);
        assertTrue("trades " + trades, trades > 0);
        assertTrue("second bars " + seconds, seconds > 0);
        assertTrue("minute bars " + minutes, minutes > 0);
        // Through the real route file into the core's quote book; no dead letters.
        await("intake", () -> platform.intake.accepted() == wire.size());
        assertEquals(0, platform.intake.rejected());
        assertTrue(platform.intake.latest("AAPL.O").isPresent());
        assertEquals(0, feed.stats().errors());
        assertEquals(0, feed.stats().deliveryFailures());
    }

    @Test
    public void wrongKeyIsAuthFailedAndDownWithoutTheKeyInTheDetail() {
        Map<String, Object> p = props();
        p.put("api.key", "WRONG-KEY-42");
        start(p);
        await("auth failure", () -> feed.stats().authFailures() >= 1 && feed.health().state() == VenueState.DOWN);
        assertTrue(feed.health().detail(), feed.health().detail().startsWith("auth_failed: authentication failed"));
        assertFalse(feed.health().detail().contains("WRONG-KEY-42"));
        assertFalse(feed.config().toString().contains("WRONG-KEY-42"));
        assertTrue(sim.authFailures() >= 1);
        assertEquals(0, sim.authSuccesses());
        assertTrue(sim.subscriptions().isEmpty());
    }

    @Test
    public void reconnectsAndResubscribesAfterADrop() {
        startSubscribed(props());
        sim.generate(20, 10);
        await("first events", () -> !delivered.isEmpty());
        assertEquals(1, sim.drop());
        await("reconnected", () -> feed.stats().reconnects() >= 1 && sim.connections() >= 2
                && feed.health().state() == VenueState.UP && feed.subscriptions().size() == 8
                && sim.subscriptions().size() == 8);
        int before = delivered.size();
        List<WireEvent> wire = sim.generate(50, 10).stream().filter(w -> !w.sym().equals("SPY")).toList();
        await("events after the reconnect", () -> delivered.size() == before + wire.size());
    }

    @Test
    public void forceDisconnectStatusAlsoReconnects() {
        startSubscribed(props());
        sim.forceDisconnect();
        await("reconnected", () -> feed.stats().reconnects() >= 1 && sim.connections() >= 2
                && feed.health().state() == VenueState.UP);
    }

    @Test
    public void silenceIsDetectedAndTheFeedRecovers() {
        Map<String, Object> p = props();
        p.put("silence.timeout.ms", "600");
        startSubscribed(p);
        sim.silence(true);
        await("silence detected and the venue not UP", () -> feed.stats().silences() >= 1
                && feed.health().state() != VenueState.UP);
        sim.silence(false);
        await("up again", () -> feed.health().state() == VenueState.UP && sim.subscriptions().size() == 8);
        int before = delivered.size();
        sim.generate(30, 10);
        await("events after silence", () -> delivered.size() > before);
    }

    @Test
    public void badInputIsCountedDeadLetteredAndTheConnectionGoesOn() {
        startSubscribed(props());
        long connects = feed.stats().connects();
        sim.sendMalformed(Malformed.BROKEN_JSON);
        sim.sendMalformed(Malformed.MISSING_FIELD);
        sim.sendMalformed(Malformed.WRONG_TYPE);
        sim.sendMalformed(Malformed.UNKNOWN_EVENT);
        sim.sendMalformed(Malformed.OVERSIZED);
        sim.sendMalformed(Malformed.TRUNCATED);
        await("all counted", () -> feed.stats().malformed() >= 3 && feed.stats().unknown() == 1
                && feed.stats().oversized() == 1 && feed.stats().truncated() == 1
                && platform.deadLetters.list("poly", null, 100).size() == 6);
        assertEquals(3, feed.stats().malformed());
        List<DeadLetter> letters = platform.deadLetters.list("poly", null, 100);
        assertEquals(6, letters.size());
        assertTrue(has(letters, "polygon-malformed", "bp: not valid JSON", "\"bp\":12a.5"));
        assertTrue(has(letters, "polygon-malformed", "bp: missing field bp in Q event", "\"ap\":100.01"));
        assertTrue(has(letters, "polygon-malformed", "bp: field bp: expected a number, got \"abc\"", "\"abc\""));
        assertTrue(has(letters, "polygon-unknown", "ev: unknown event type ev=ZZ", "\"ZZ\""));
        assertTrue(has(letters, "polygon-malformed", "exceeds max.message.bytes=65536", "[{\"ev\":\"T\""));
        assertTrue(has(letters, "polygon-truncated", "truncated", "\"i\":\"77\""));
        // Same connection, still delivering.
        int before = delivered.size();
        sim.generate(30, 10);
        await("events after bad input", () -> delivered.size() > before);
        assertEquals(connects, feed.stats().connects());
        assertEquals(0, platform.intake.rejected());
    }

    @Test
    public void aTruncatedFrameEndsTheConnectionAndTheFeedReconnects() {
        startSubscribed(props());
        sim.sendMalformed(Malformed.TRUNCATED_FRAME);
        await("reconnected", () -> feed.stats().reconnects() >= 1 && feed.health().state() == VenueState.UP
                && sim.subscriptions().size() == 8);
        int before = delivered.size();
        sim.generate(30, 10);
        await("events after reconnect", () -> delivered.size() > before);
    }

    @Test
    public void outOfOrderTimestampsBecomeDeadLettersOfTheCoreValidation() {
        startSubscribed(props());
        int sent = (int) sim.generate(50, 10).stream().filter(w -> !w.sym().equals("SPY")).count();
        await("all accepted", () -> platform.intake.accepted() == sent);
        long accepted = platform.intake.accepted();
        List<WireEvent> late = sim.sendOutOfOrder("AAPL", 5_000);
        await("rejected", () -> platform.intake.rejected() == 2
                && platform.deadLetters.list("poly", null, 10).size() == 2);
        assertEquals(accepted, platform.intake.accepted());
        List<DeadLetter> letters = platform.deadLetters.list("poly", null, 10);
        assertEquals(2, letters.size());
        for (DeadLetter d : letters) {
            assertTrue(d.reason(), d.reason().contains("out of order"));
        }
        assertEquals(2, late.size());
        assertEquals(0, feed.stats().errors());
    }

    @Test
    public void frameDeliverySendsEachFrameAsOneListThatTheIntakeTakesEventByEvent() {
        Map<String, Object> p = props();
        p.put("delivery", "frame");
        startSubscribed(p);
        List<WireEvent> wire = sim.generate(300, 100).stream().filter(w -> !w.sym().equals("SPY")).toList();
        await("all accepted", () -> platform.intake.accepted() == wire.size());
        assertEquals(wire.size(), feed.stats().events());
        assertEquals(0, platform.intake.rejected());
        assertEquals(0, feed.stats().deliveryFailures());
        assertTrue(platform.intake.latest("AAPL.O").isPresent());
    }

    private static boolean has(List<DeadLetter> letters, String kind, String reason, String payload) {
        return letters.stream().anyMatch(d -> d.kind().equals(kind) && d.reason().contains(reason)
                && d.payload().contains(payload));
    }
}
