package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradeloom.core.feeds.FeedClock;
import io.tradeloom.core.feeds.FeedEngine;
import io.tradeloom.core.feeds.FeedSettings;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.venue.VenueState;
import io.tradeloom.simulators.polygon.PolygonSimulator;
import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.WireEvent;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * End to end over loopback: the simulator leaves trades of one symbol out of the WebSocket (a sequence gap); the
 * core, through the real route file and intake, asks the simulator's REST trades for exactly the gap and delivers
 * exactly the missing trades once, in sequence order, while the live stream goes on.
 */
public class PolygonSequenceGapSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_700_000_000_000L;

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

    private static List<JsonNode> trades(List<WireEvent> wire, String sym) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (WireEvent w : wire) {
            if (w.ev().equals("T") && w.sym().equals(sym)) {
                out.add(JSON.readTree(w.json()));
            }
        }
        return out;
    }

    @Test
    public void skippedTradesAreBackfilledOnceInSequenceOrderAndTheStreamGoesOn() throws Exception {
        ScheduledExecutorService backfills = Executors.newSingleThreadScheduledExecutor();
        PolygonSimulator sim = new PolygonSimulator(PolygonSimulatorConfig.defaults().withStartMillis(START)
                .withTradeRatio(0.5).withSymbols(List.of("AAPL", "MSFT"))).start();
        FeedEngine engine = new FeedEngine(FeedClock.SYSTEM, id -> Optional.empty(), id -> null,
                (task, delay) -> backfills.schedule(task, delay, TimeUnit.MILLISECONDS));
        engine.configure(FeedSettings.parse(Map.of("sequence.gap.sources", "poly")));
        PolygonFeed feed = null;
        try (IntakePlatform platform = new IntakePlatform(engine)) {
            Map<String, Object> p = new HashMap<>();
            p.put("id", "poly");
            p.put("ws.url", sim.wsUrl());
            p.put("rest.url", sim.restUrl());
            p.put("api.key", PolygonSimulatorConfig.DEFAULT_API_KEY);
            p.put("channels", "T,Q");
            p.put("symbols", "AAPL.O,MSFT");
            p.put("symbol.map", "AAPL.O=AAPL");
            p.put("delivery", "frame");
            PolygonConfig config = PolygonConfig.parse(p);
            engine.historicalTrades(id -> id.equals("poly") ? new PolygonTrades(config) : null);
            List<Trade> heard = new CopyOnWriteArrayList<>();
            platform.intake.addListener((MarketDataEvent e) -> {
                if (e instanceof Trade t && t.symbol().equals("AAPL.O")) {
                    heard.add(t);
                }
            });
            feed = new PolygonFeed(config, platform.sink, platform.deadLetters).start();
            PolygonFeed f = feed;
            await("subscribed", () -> f.subscriptions().size() == 4 && f.health().state() == VenueState.UP);

            List<JsonNode> first = trades(sim.generate(100, 3), "AAPL");
            await("first trades", () -> heard.size() == first.size());
            sim.skipTrades("AAPL", 4);
            List<JsonNode> second = trades(sim.generate(200, 3), "AAPL");
            assertTrue("enough trades after the gap: " + second.size(), second.size() > 10);
            List<JsonNode> skipped = second.subList(0, 4);
            int all = first.size() + second.size();
            await("every AAPL trade, the skipped ones backfilled", () -> heard.size() == all);
            await("backfill done", () -> engine.tradesBackfilled() == 4);
            assertEquals(4, sim.tradesSkipped());
            assertEquals(1, engine.sequenceGaps());
            assertEquals(0, engine.tradeBackfillDuplicates());
            assertEquals(0, platform.deadLetters.total());

            // Every sequence number once; the backfilled four in sequence order, with the streamed fields.
            List<Long> seqs = heard.stream().map(Trade::sequence).sorted().toList();
            List<Long> want = new ArrayList<>();
            for (JsonNode j : first) {
                want.add(j.get("q").asLong());
            }
            for (JsonNode j : second) {
                want.add(j.get("q").asLong());
            }
            assertEquals(want, seqs);
            List<Trade> backfilled = heard.stream().filter(t -> t.timestamp().getNano() % 1_000_000 != 0).toList();
            assertEquals(4, backfilled.size());
            for (int i = 0; i < 4; i++) {
                JsonNode w = skipped.get(i);
                Trade t = backfilled.get(i);
                assertEquals(w.get("q").asLong(), t.sequence());
                assertEquals(w.get("i").asText(), t.tradeId());
                assertEquals(0, new BigDecimal(w.get("p").asText()).compareTo(t.price()));
                assertEquals(0, new BigDecimal(w.get("s").asText()).compareTo(t.size()));
                assertEquals(Instant.ofEpochMilli(w.get("t").asLong()), t.timestamp().truncatedTo(
                        java.time.temporal.ChronoUnit.MILLIS));
            }
            // The live stream went on: the trades after the gap arrived over the WebSocket, in order.
            List<Long> live = heard.stream().filter(t -> t.timestamp().getNano() % 1_000_000 == 0)
                    .map(Trade::sequence).toList();
            assertEquals(all - 4, live.size());
            assertEquals(live.stream().sorted().toList(), live);
        } finally {
            if (feed != null) {
                feed.close();
            }
            sim.stop();
            backfills.shutdownNow();
        }
    }
}
