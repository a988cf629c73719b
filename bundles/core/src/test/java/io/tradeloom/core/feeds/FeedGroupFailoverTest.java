package io.tradeloom.core.feeds;

import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.venue.VenueState;
import org.junit.Before;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static io.tradeloom.core.feeds.FeedHarness.quote;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The failover and failback rules of a feed group, on a controllable clock. */
public class FeedGroupFailoverTest {

    private FeedHarness h;
    private final List<String> switches = new ArrayList<>();

    @Before
    public void setUp() {
        h = new FeedHarness();
        h.up("a", "b");
        h.group();
        h.engine.addSwitchListener((g, from, to, reason) -> switches.add(g + ":" + from + "->" + to));
    }

    /** Both sources tick every {@code stepMs} for {@code count} steps; source time = T0 + clock offset. */
    private void tickBoth(int count, long stepMs, String... sources) {
        for (int i = 0; i < count; i++) {
            h.clock.advanceMillis(stepMs);
            for (String s : sources) {
                h.intake.onEvent(quoteNow(s, "AAPL"));
            }
            h.engine.evaluate();
        }
    }

    private Quote quoteNow(String source, String symbol) {
        Instant at = h.clock.now();
        return new Quote(symbol, source, new BigDecimal("99.99"), BigDecimal.TEN, new BigDecimal("100.01"),
                BigDecimal.TEN, at, at);
    }

    private List<String> heardSources() {
        return h.heard.stream().map(MarketDataEvent::source).toList();
    }

    @Test
    public void onlyTheActiveSourcePassesAndUngroupedSymbolsPassFromAll() {
        tickBoth(5, 10, "a", "b");
        assertEquals("a", h.active());
        assertEquals(List.of("a", "a", "a", "a", "a"), heardSources());
        assertEquals(5, h.engine.group("eq").orElseThrow().droppedStandby());
        h.intake.onEvent(quote("b", "TSLA", "200.00", 1));
        h.intake.onEvent(quote("a", "TSLA", "200.00", 2));
        assertEquals(List.of("b", "a"), h.heard.subList(5, 7).stream().map(MarketDataEvent::source).toList());
    }

    @Test
    public void connectionLostFailsOverAtOnce() {
        tickBoth(3, 10, "a", "b");
        h.venueStates.put("a", VenueState.DOWN);
        h.engine.evaluate();
        FeedGroupView v = h.engine.group("eq").orElseThrow();
        assertEquals("b", v.active());
        assertEquals(1, v.switches());
        assertEquals("venue a DOWN", v.lastReason());
        assertNotNull(v.lastSwitch());
        assertEquals(List.of("eq:a->b"), switches);
    }

    @Test
    public void aRemovedVenueFailsOverAtOnce() {
        tickBoth(3, 10, "a", "b");
        h.venueStates.remove("a");
        h.engine.venueRemoved("a");
        assertEquals("b", h.active());
        assertEquals("venue a not deployed", h.engine.group("eq").orElseThrow().lastReason());
    }

    @Test
    public void silenceFailsOverAfterMaxOf500msAnd5TimesTheMedianInterArrival() {
        tickBoth(20, 10, "a", "b"); // median inter-arrival 10 ms: the 500 ms floor rules
        tickBoth(50, 10, "b");      // a silent for 500 ms: not yet beyond the limit
        assertEquals("a", h.active());
        tickBoth(1, 10, "b");
        assertEquals("b", h.active());
        assertEquals("source a silent for 510 ms (limit 500 ms)", h.engine.group("eq").orElseThrow().lastReason());
    }

    @Test
    public void silenceLimitFollowsASlowSourcesMedianInterArrival() {
        tickBoth(20, 200, "a", "b"); // median 200 ms: limit 1000 ms
        tickBoth(5, 200, "b");
        assertEquals("a", h.active());
        tickBoth(1, 200, "b");
        assertEquals("b", h.active());
        assertEquals("source a silent for 1200 ms (limit 1000 ms)", h.engine.group("eq").orElseThrow().lastReason());
    }

    @Test
    public void qualityUnderTheThresholdForNSecondsFailsOver() {
        tickBoth(5, 10, "a", "b");
        // a sends only invalid quotes (negative bid): its accuracy sinks below 0.5 within ~14 events.
        for (int i = 0; i < 20; i++) {
            h.clock.advanceMillis(10);
            Instant at = h.clock.now();
            h.intake.onEvent(new Quote("AAPL", "a", new BigDecimal("-1"), BigDecimal.TEN, new BigDecimal("100"),
                    BigDecimal.TEN, at, at));
            h.intake.onEvent(quoteNow("b", "AAPL"));
            h.engine.evaluate();
        }
        assertTrue(h.engine.quality("a", "AAPL").orElseThrow().overall() < 0.5);
        assertEquals("a", h.active()); // below the threshold, but not yet for quality.seconds = 2
        for (int i = 0; i < 300; i++) {
            h.clock.advanceMillis(10);
            Instant at = h.clock.now();
            h.intake.onEvent(new Quote("AAPL", "a", new BigDecimal("-1"), BigDecimal.TEN, new BigDecimal("100"),
                    BigDecimal.TEN, at, at));
            h.intake.onEvent(quoteNow("b", "AAPL"));
            h.engine.evaluate();
            if (!h.active().equals("a")) {
                break;
            }
        }
        FeedGroupView v = h.engine.group("eq").orElseThrow();
        assertEquals("b", v.active());
        assertTrue(v.lastReason(), v.lastReason().matches("source a quality 0\\.\\d\\d below 0\\.50 for 20\\d\\d ms"));
    }

    @Test
    public void noFailoverToASourceThatIsItselfUnfit() {
        h.venueStates.put("b", VenueState.DOWN);
        tickBoth(3, 10, "a");
        h.venueStates.put("a", VenueState.DOWN);
        h.engine.evaluate();
        assertEquals("a", h.active());
        assertEquals(0, h.engine.group("eq").orElseThrow().switches());
    }

    @Test
    public void failbackAfterHealthyTimeWithNoDuplicateOrOutOfOrderTick() {
        // Each source stamps ticks with its own clock; b runs 15 ms behind a, so right after a switch its
        // ticks are older than the last one passed: they must be dropped, never passed out of order.
        Map<String, Long> skew = new HashMap<>(Map.of("a", 0L, "b", -15L));
        Runnable step = () -> {
            h.clock.advanceMillis(5);
            for (String s : List.of("a", "b")) {
                if (h.venueStates.get(s) == VenueState.UP) {
                    Instant at = h.clock.now().plusMillis(skew.get(s));
                    h.intake.onEvent(new Quote("AAPL", s, new BigDecimal("99.99"), BigDecimal.TEN,
                            new BigDecimal("100.01"), BigDecimal.TEN, at, at));
                }
            }
            h.engine.evaluate();
        };
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        h.venueStates.put("a", VenueState.DOWN);
        for (int i = 0; i < 20; i++) {
            step.run();
        }
        assertEquals("b", h.active());
        h.venueStates.put("a", VenueState.UP);
        skew.put("a", -40L); // a comes back behind: its first ticks after failback are older than b's last one
        for (int i = 0; i < 199; i++) {
            step.run();
        }
        assertEquals("b", h.active()); // healthy for 995 ms: failback.healthy.ms = 1000 not reached
        for (int i = 0; i < 30; i++) {
            step.run();
        }
        FeedGroupView v = h.engine.group("eq").orElseThrow();
        assertEquals("a", v.active());
        assertEquals(2, v.switches());
        assertTrue(v.lastReason(), v.lastReason().startsWith("failback: a healthy for 10"));
        assertTrue(v.droppedOutOfOrder() > 0);

        // What reached consumers: strictly increasing time, each tick once, a then b then a.
        Instant last = Instant.MIN;
        List<String> runs = new ArrayList<>();
        for (MarketDataEvent e : h.heard) {
            assertTrue("out of order or duplicate: " + e + " after " + last, e.timestamp().isAfter(last));
            last = e.timestamp();
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(e.source())) {
                runs.add(e.source());
            }
        }
        assertEquals(List.of("a", "b", "a"), runs);
    }

    @Test
    public void equalTimeFromTheOtherSourceIsADuplicateAtTheSwitch() {
        h.intake.onEvent(quote("a", "AAPL", "100.00", 100));
        h.engine.failover("eq", "b");
        h.intake.onEvent(quote("b", "AAPL", "100.00", 99));  // older: dropped
        h.intake.onEvent(quote("b", "AAPL", "100.00", 100)); // same time as a's last, other source: dropped
        h.intake.onEvent(quote("b", "AAPL", "100.00", 101));
        assertEquals(List.of("a", "b"), heardSources());
        assertEquals(2, h.engine.group("eq").orElseThrow().droppedOutOfOrder());
        // The same source may send several ticks stamped alike (one batch).
        h.intake.onEvent(quote("b", "AAPL", "100.00", 101));
        assertEquals(3, h.heard.size());
    }

    @Test
    public void forcedFailoverHoldsWithoutFailbackUntilTheForcedSourceFails() {
        tickBoth(3, 10, "a", "b");
        FeedGroupView v = h.engine.failover("eq", "b");
        assertEquals("b", v.active());
        assertTrue(v.forced());
        assertEquals("forced by operator", v.lastReason());
        tickBoth(300, 10, "a", "b"); // a healthy for 3 s, longer than failback.healthy.ms: stays b
        assertEquals("b", h.active());
        h.venueStates.put("b", VenueState.DOWN);
        h.engine.evaluate();
        assertEquals("a", h.active());
        assertFalse(h.engine.group("eq").orElseThrow().forced());
    }

    @Test
    public void forcedFailoverRefusesUnknownGroupOrSource() {
        try {
            h.engine.failover("nope", "a");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("group=nope: no such feed group (known: [eq])", e.getMessage());
        }
        try {
            h.engine.failover("eq", "c");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("source=c: not a source of feed group eq [a, b]", e.getMessage());
        }
    }

    @Test
    public void aSymbolBelongsToOneGroupAtMost() {
        try {
            h.engine.putGroup(FeedGroupConfig.parse(FeedHarness.groupProps("name", "other", "symbols", "MSFT,IBM")));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("symbols=MSFT: already in feed group eq"));
        }
        h.engine.removeGroup("eq");
        h.intake.onEvent(quote("b", "AAPL", "100.00", 1));
        assertEquals(List.of("b"), heardSources());
        assertTrue(T0.isBefore(h.clock.now()));
    }
}
