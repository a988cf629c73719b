package io.tradeloom.core.feeds;

import io.tradeloom.core.api.HistoricalTrades;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * A jump in a configured source's trade sequence is backfilled from the source for exactly the missing sequence
 * numbers, once, de-duplicated against late arrivals; unconfigured sources, repeats and huge gaps ask nothing.
 */
public class TradeSequenceGapTest {

    /** Answers from a fixed tape (as a vendor's REST trades would), recording each request. */
    private static final class Vendor implements HistoricalTrades {
        final List<String> requests = new ArrayList<>();
        final List<Trade> tape = new ArrayList<>();
        int failuresLeft;

        @Override
        public String source() {
            return "a";
        }

        @Override
        public List<Trade> trades(String symbol, Instant from, Instant to) throws Exception {
            requests.add(symbol + " " + from + " " + to);
            if (failuresLeft-- > 0) {
                throw new java.io.IOException("HTTP 503");
            }
            // A vendor answers a time window: more than the gap, and in its own order. The engine keeps the gap.
            List<Trade> out = new ArrayList<>(tape);
            java.util.Collections.reverse(out);
            return out;
        }
    }

    /** Trade {@code seq} of AAPL from source a, at T0 + seq ms. */
    private static Trade trade(String source, long seq) {
        Instant at = T0.plusMillis(seq);
        return new Trade("AAPL", source, new BigDecimal("100.0" + seq % 10), BigDecimal.TEN, "id" + seq, at, at, seq);
    }

    private static FeedHarness harness(String... kv) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("sequence.gap.sources", "a");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return new FeedHarness(FeedSettings.parse(props));
    }

    private static List<Long> heard(FeedHarness h) {
        List<Long> out = new ArrayList<>();
        for (MarketDataEvent e : h.heard) {
            out.add(((Trade) e).sequence());
        }
        return out;
    }

    private static Vendor vendor(FeedHarness h, long upTo) {
        Vendor v = new Vendor();
        for (long q = 1; q <= upTo; q++) {
            v.tape.add(trade("a", q));
        }
        h.historicalTrades.put("a", v);
        return v;
    }

    @Test
    public void aGapIsBackfilledExactlyOnceDeDuplicatedAgainstALateTrade() {
        FeedHarness h = harness();
        Vendor v = vendor(h, 8);
        h.send(1, trade("a", 1));
        h.send(1, trade("a", 2));
        h.send(1, trade("a", 6)); // 3, 4, 5 missing
        assertEquals(1, h.engine.sequenceGaps());
        assertEquals(1, h.backfillTasks.size());
        h.send(1, trade("a", 4)); // late over the WebSocket (older time): delivered once, not out of order
        h.send(1, trade("a", 7));
        assertEquals(List.of(1L, 2L, 6L, 4L, 7L), heard(h));
        assertEquals(0, h.deadLetters.total());

        h.runBackfills();

        assertEquals(List.of("AAPL " + T0.plusMillis(2) + " " + T0.plusMillis(6)), v.requests);
        assertEquals(List.of(1L, 2L, 6L, 4L, 7L, 3L, 5L), heard(h));
        assertEquals(2, h.engine.tradesBackfilled());
        assertEquals(1, h.engine.tradeBackfillDuplicates());
        assertEquals(new FeedEngine.TradeGapStats(1, 2, 1), h.engine.tradeGapStats("a"));
        assertEquals(new FeedEngine.TradeGapStats(0, 0, 0), h.engine.tradeGapStats("b"));
        assertTrue(h.backfillTasks.isEmpty());
        // The gap is closed: trade 4 once more is stale (dead-lettered as out of order), not delivered again.
        h.send(1, trade("a", 4));
        assertEquals(7, h.heard.size());
        assertEquals(1, h.deadLetters.total());
        assertEquals(1, v.requests.size());
    }

    @Test
    public void aRepeatedOrBackwardSequenceIsNoGap() {
        FeedHarness h = harness();
        vendor(h, 8);
        long[] seqs = {1, 2, 2, 1, 3};
        long ms = 1;
        for (long q : seqs) {
            Instant at = T0.plusMillis(ms++);
            h.send(1, new Trade("AAPL", "a", BigDecimal.TEN, BigDecimal.ONE, null, at, at, q));
        }
        assertEquals(0, h.engine.sequenceGaps());
        assertTrue(h.backfillTasks.isEmpty());
        assertEquals(5, h.heard.size());
        // The next UTC day the venue numbers from 1 again: the stream follows, and a jump there is a gap.
        Instant nextDay = T0.plus(java.time.Duration.ofDays(1));
        for (long q : new long[] {1, 2, 4}) {
            Instant at = nextDay.plusMillis(q);
            h.send(1, new Trade("AAPL", "a", BigDecimal.TEN, BigDecimal.ONE, null, at, at, q));
        }
        assertEquals(1, h.engine.sequenceGaps());
        assertEquals(1, h.backfillTasks.size());
        // The same UTC day, after two hours without a trade (a new session): numbering from 1 again, followed.
        Instant later = nextDay.plus(java.time.Duration.ofHours(2));
        for (long q : new long[] {1, 3}) {
            Instant at = later.plusMillis(q);
            h.send(1, new Trade("AAPL", "a", BigDecimal.TEN, BigDecimal.ONE, null, at, at, q));
        }
        assertEquals(2, h.engine.sequenceGaps());
        // A step back a minute later is a repeat, not a restart.
        assertTrue(!FeedEngine.restarts(later, later.plusSeconds(60)));
    }

    @Test
    public void aGapOverTheCapIsLoggedNotBackfilled() {
        FeedHarness h = harness("sequence.gap.max", "3");
        vendor(h, 10);
        h.send(1, trade("a", 1));
        h.send(1, trade("a", 6)); // 4 missing > 3
        assertEquals(0, h.engine.sequenceGaps());
        assertTrue(h.backfillTasks.isEmpty());
        h.send(1, trade("a", 10)); // 3 missing: at the cap, backfilled
        assertEquals(1, h.engine.sequenceGaps());
        h.runBackfills();
        assertEquals(List.of(1L, 6L, 10L, 7L, 8L, 9L), heard(h));
    }

    @Test
    public void aFailedBackfillIsRetriedThenDelivered() {
        FeedHarness h = harness();
        Vendor v = vendor(h, 3);
        v.failuresLeft = 1;
        h.send(1, trade("a", 1));
        h.send(1, trade("a", 3));
        h.runBackfills();
        assertEquals(2, v.requests.size());
        assertEquals(List.of(0L, 2000L), h.backfillDelays);
        assertEquals(List.of(1L, 3L, 2L), heard(h));
    }

    /** A source not in the list asks nothing; the list is live. */
    @Test
    public void anUnlistedSourceAsksNothingAndTheListIsLive() {
        FeedHarness h = harness("sequence.gap.sources", "b");
        Vendor v = vendor(h, 8);
        h.send(1, trade("a", 1));
        h.send(1, trade("a", 3));
        assertTrue(h.backfillTasks.isEmpty());
        assertEquals(0, h.engine.sequenceGaps());
        h.engine.configure(FeedSettings.parse(Map.of("sequence.gap.sources", "x, a")));
        h.send(1, trade("a", 4)); // the first tracked one
        h.send(1, trade("a", 6));
        h.runBackfills();
        assertEquals(List.of(1L, 3L, 4L, 6L, 5L), heard(h));
        assertEquals(1, v.requests.size());
        h.engine.configure(FeedSettings.parse(Map.of("sequence.gap.sources", "")));
        h.send(1, trade("a", 8));
        assertTrue(h.backfillTasks.isEmpty());
        assertEquals(1, v.requests.size());
    }

    @Test
    public void badValuesNameFileKeyAndValue() {
        String file = "file:/x/etc/io.tradeloom.marketdata.cfg";
        SettingsException e = assertThrows(SettingsException.class, () -> FeedSettings.parse(Map.of(
                "felix.fileinstall.filename", file, "sequence.gap.sources", "polygon, sim feed")));
        assertTrue(e.getMessage(), e.getMessage().contains("io.tradeloom.marketdata.cfg"));
        assertTrue(e.getMessage(), e.getMessage().contains("sequence.gap.sources"));
        assertTrue(e.getMessage(), e.getMessage().contains("sim feed"));
        e = assertThrows(SettingsException.class, () -> FeedSettings.parse(Map.of(
                "felix.fileinstall.filename", file, "sequence.gap.max", "lots")));
        assertTrue(e.getMessage(), e.getMessage().contains("io.tradeloom.marketdata.cfg"));
        assertTrue(e.getMessage(), e.getMessage().contains("sequence.gap.max"));
        assertTrue(e.getMessage(), e.getMessage().contains("lots"));
    }
}
