package io.tradeloom.core.feeds;

import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static io.tradeloom.core.feeds.FeedHarness.bar;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** A missing interval in a bar stream is backfilled from the source exactly once, de-duplicated, validated. */
public class GapBackfillTest {

    /** Answers from a fixed list of bars (as a vendor's REST aggregates would), recording each request. */
    private static final class Vendor implements HistoricalBars {
        final List<String> requests = new ArrayList<>();
        final List<Bar> history = new ArrayList<>();
        int failuresLeft;

        @Override
        public String source() {
            return "a";
        }

        @Override
        public List<Bar> bars(String symbol, Duration interval, Instant from, Instant to) throws Exception {
            requests.add(symbol + " " + interval + " " + from + " " + to);
            if (failuresLeft-- > 0) {
                throw new java.io.IOException("HTTP 503");
            }
            // A vendor may answer more than asked: the engine keeps only the gap.
            return List.copyOf(history);
        }
    }

    private static List<Integer> minutesHeard(FeedHarness h) {
        List<Integer> out = new ArrayList<>();
        for (MarketDataEvent e : h.heard) {
            out.add((int) Duration.between(T0, e.timestamp()).toMinutes());
        }
        return out;
    }

    @Test
    public void aGapIsBackfilledExactlyOnceDeDuplicatedAgainstWhatArrivedMeanwhile() {
        FeedHarness h = new FeedHarness();
        Vendor v = new Vendor();
        h.historical.put("a", v);
        for (int m = 0; m <= 6; m++) {
            v.history.add(bar("a", "AAPL", m, "100"));
        }
        h.send(1, bar("a", "AAPL", 0, "100"));
        h.send(1, bar("a", "AAPL", 1, "100"));
        h.send(1, bar("a", "AAPL", 5, "100")); // minutes 2, 3, 4 missing
        assertEquals(1, h.engine.gapsDetected());
        assertEquals(1, h.backfillTasks.size());
        h.send(1, bar("a", "AAPL", 3, "100")); // arrives late, before the backfill answers: delivered as it is
        h.send(1, bar("a", "AAPL", 6, "100"));
        assertEquals(List.of(0, 1, 5, 3, 6), minutesHeard(h));

        h.runBackfills();

        assertEquals(List.of("AAPL PT1M " + T0.plusSeconds(120) + " " + T0.plusSeconds(300)), v.requests);
        assertEquals(List.of(0, 1, 5, 3, 6, 2, 4), minutesHeard(h));
        assertEquals(2, h.engine.barsBackfilled());
        assertEquals(1, h.engine.backfillDuplicates());
        assertEquals(0, h.deadLetters.total());
        assertTrue(h.backfillTasks.isEmpty());
        // Nothing of the gap is asked again nor delivered twice, even when minute 4 shows up once more.
        h.send(1, bar("a", "AAPL", 4, "100"));
        assertEquals(7, h.heard.size());
        assertEquals(1, v.requests.size());
    }

    @Test
    public void backfilledBarsGoThroughTheSameValidation() {
        FeedHarness h = new FeedHarness();
        Vendor v = new Vendor();
        h.historical.put("a", v);
        Bar broken = new Bar("AAPL", "a", Duration.ofMinutes(1), new BigDecimal("100"), new BigDecimal("99"),
                new BigDecimal("98"), new BigDecimal("100"), BigDecimal.TEN, T0.plusSeconds(60), T0);
        Bar outlier = bar("a", "AAPL", 2, "300");
        v.history.add(broken);
        v.history.add(outlier);
        h.send(1, bar("a", "AAPL", 0, "100"));
        h.send(1, bar("a", "AAPL", 3, "100"));
        h.runBackfills();
        assertEquals(List.of(0, 3), minutesHeard(h));
        assertEquals(2, h.deadLetters.total());
        assertTrue(h.deadLetters.recent(2).get(1).reason().contains("high=99: below max(open, close) 100"));
        assertTrue(h.deadLetters.recent(2).get(0).reason().contains("outlier"));
    }

    @Test
    public void aFailedBackfillIsRetriedThenDelivered() {
        FeedHarness h = new FeedHarness();
        Vendor v = new Vendor();
        v.failuresLeft = 1;
        v.history.add(bar("a", "AAPL", 1, "100"));
        h.historical.put("a", v);
        h.send(1, bar("a", "AAPL", 0, "100"));
        h.send(1, bar("a", "AAPL", 2, "100"));
        h.runBackfills();
        assertEquals(2, v.requests.size());
        assertEquals(List.of(0L, 2000L), h.backfillDelays);
        assertEquals(List.of(0, 2, 1), minutesHeard(h));
    }

    @Test
    public void backfilledBarsOfAStandbySourceDoNotReachConsumers() {
        FeedHarness h = new FeedHarness();
        h.up("a", "b");
        h.group();
        h.engine.failover("eq", "b");
        Vendor v = new Vendor();
        v.history.add(bar("a", "AAPL", 1, "100"));
        h.historical.put("a", v);
        h.send(1, bar("a", "AAPL", 0, "100"));
        h.send(1, bar("a", "AAPL", 2, "100"));
        h.runBackfills();
        assertEquals(1, h.engine.barsBackfilled());
        assertTrue(h.heard.isEmpty());
    }

    @Test
    public void withoutACalendarMappingStreamsFollowTheAlwaysOpenCalendarAndTheCapStillHolds() {
        FeedHarness h = new FeedHarness(FeedSettings.parse(java.util.Map.of("gap.max.bars", "10")));
        Vendor v = new Vendor();
        h.historical.put("a", v);
        h.send(1, bar("a", "AAPL", 0, "100"));
        h.send(1, bar("a", "AAPL", 12, "100")); // 11 missing > 10: over the safety cap, not backfilled
        assertEquals(0, h.engine.gapsDetected());
        // Daily bars are checked per day of the 24x7 calendar: Friday -> Monday misses Saturday and Sunday
        Bar d1 = new Bar("MSFT", "a", Duration.ofDays(1), BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN,
                BigDecimal.TEN, BigDecimal.ONE, T0, T0);
        Bar d4 = new Bar("MSFT", "a", Duration.ofDays(1), BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN,
                BigDecimal.TEN, BigDecimal.ONE, T0.plus(Duration.ofDays(3)), T0);
        h.send(1, d1);
        h.send(1, d4);
        assertEquals(1, h.engine.gapsDetected());
        h.runBackfills();
        // Stamped 14:30 UTC, the bars' days (start + 12 h) are March 2 and 5: March 3 and 4 are missing; the window
        // holds every bar whose day is one of them.
        assertEquals(List.of("MSFT PT24H 2024-03-02T12:00:00Z 2024-03-04T12:00:00Z"), v.requests);
        assertEquals(4, h.heard.size());
    }
}
