package io.tradeloom.core.feeds;

import io.tradeloom.core.api.FeedQualityView;
import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.Quote;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static io.tradeloom.core.feeds.FeedHarness.bar;
import static io.tradeloom.core.feeds.FeedHarness.quote;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Each quality dimension moves with the input that should move it, and only that one. */
public class QualityScoreTest {

    private static QualityScore score(FeedHarness h, String source, String symbol) {
        return h.engine.quality(source, symbol).orElseThrow();
    }

    @Test
    public void aCleanStreamScoresOneEverywhere() {
        FeedHarness h = new FeedHarness();
        for (int i = 0; i < 20; i++) {
            h.send(10, quote("a", "AAPL", "100.00", i));
        }
        FeedQualityView v = h.engine.quality().get(0);
        assertEquals("a", v.source());
        assertEquals("AAPL", v.symbol());
        assertEquals(1.0, v.overall(), 0);
        assertEquals(20, v.events());
    }

    @Test
    public void invalidEventsLowerAccuracyOnly() {
        FeedHarness h = new FeedHarness();
        h.send(1, quote("a", "AAPL", "100.00", 0));
        for (int i = 1; i <= 10; i++) {
            h.send(1, new Quote("AAPL", "a", new BigDecimal("-1"), BigDecimal.ONE, new BigDecimal("100"),
                    BigDecimal.ONE, T0.plusMillis(i), T0.plusMillis(i)));
        }
        QualityScore q = score(h, "a", "AAPL");
        assertEquals(Math.pow(0.95, 10), q.accuracy(), 1e-9);
        assertEquals(1.0, q.timeliness(), 0);
        assertEquals(1.0, q.completeness(), 0);
        assertEquals(q.accuracy(), q.overall(), 0);
    }

    @Test
    public void lateEventsLowerTimeliness() {
        FeedHarness h = new FeedHarness();
        // target 250 ms: 1 up to it, 0 at 2500 ms and beyond.
        assertEquals(1.0, QualityScore.timelinessSample(250, 250), 0);
        assertEquals(0.5, QualityScore.timelinessSample(1375, 250), 1e-9);
        assertEquals(0.0, QualityScore.timelinessSample(5000, 250), 0);
        assertEquals(1.0 / 2250, QualityScore.timelinessSample(2499, 250), 1e-12);
        assertEquals(0.0, QualityScore.timelinessSample(2500, 250), 0);
        assertEquals(0.0, QualityScore.timelinessSample(Long.MAX_VALUE, Long.MAX_VALUE / 10), 0);
        assertEquals(1.0, QualityScore.timelinessSample(-20, 250), 0);
        Instant at = T0;
        h.send(1, new Quote("AAPL", "a", new BigDecimal("99.99"), BigDecimal.ONE, new BigDecimal("100.01"),
                BigDecimal.ONE, at, at.plusSeconds(10)));
        QualityScore q = score(h, "a", "AAPL");
        assertEquals(0.95, q.timeliness(), 1e-9);
        assertEquals(1.0, q.accuracy(), 0);
    }

    @Test
    public void aSourceAwayFromTheOthersLosesConsistency() {
        FeedHarness h = new FeedHarness();
        h.send(1, quote("a", "AAPL", "100.00", 0));
        h.send(1, quote("b", "AAPL", "100.10", 1));
        h.send(1, quote("c", "AAPL", "103.00", 2)); // 3% away from the median of a and b: beyond 100 bps
        assertEquals(1.0, score(h, "b", "AAPL").consistency(), 0);
        assertEquals(0.95, score(h, "c", "AAPL").consistency(), 1e-9);
        // Only recent prices of other sources count: after consolidated.max.age.ms they are ignored.
        h.clock.advanceMillis(6000);
        h.send(1, quote("c", "AAPL", "103.10", 6003));
        assertEquals(0.95 + 0.05 * 0.05, score(h, "c", "AAPL").consistency(), 1e-9);
    }

    /**
     * A source that ticked alone keeps no latest price object per tick; when a second source of the symbol appears
     * it is compared with the first one's price from its own first tick on.
     */
    @Test
    public void aSecondSourceIsComparedWithTheFirstFromItsFirstTick() {
        FeedHarness h = new FeedHarness();
        h.engine.consolidatedSink(q -> { }, () -> false); // no consolidated listener, as in most containers
        h.send(1, quote("a", "AAPL", "100.00", 0));
        h.send(1, quote("a", "AAPL", "100.02", 1));
        h.send(1, quote("b", "AAPL", "103.00", 2)); // 3 % away from a's price
        assertEquals(0.95, score(h, "b", "AAPL").consistency(), 1e-9);
        h.send(1, quote("a", "AAPL", "100.04", 3)); // and a, from now on comparing with b, is away from it too
        assertEquals(0.95, score(h, "a", "AAPL").consistency(), 1e-9);
    }

    @Test
    public void missingBarsAndSequenceNumbersLowerCompleteness() {
        FeedHarness h = new FeedHarness();
        h.historical.put("a", new HistoricalBars() {
            @Override
            public String source() {
                return "a";
            }

            @Override
            public List<Bar> bars(String symbol, Duration interval, Instant from, Instant to) {
                return List.of();
            }
        });
        h.send(1, bar("a", "AAPL", 0, "100"));
        h.send(1, bar("a", "AAPL", 3, "100")); // minutes 1 and 2 missing
        QualityScore q = score(h, "a", "AAPL");
        // 1, 1, then two zeros for the missing bars (the second event's own 1 comes first).
        assertEquals(0.95 * 0.95, q.completeness(), 1e-9);

        h.intake.onEvent(quote("s", "MSFT", "50.00", 0), 10L);
        h.intake.onEvent(quote("s", "MSFT", "50.00", 1), 11L);
        h.intake.onEvent(quote("s", "MSFT", "50.00", 2), 15L); // 12, 13, 14 missing
        assertEquals(1, h.engine.sequenceGaps());
        assertEquals(Math.pow(0.95, 3), score(h, "s", "MSFT").completeness(), 1e-9);
        assertTrue(score(h, "s", "MSFT").overall() < 1);
    }
}
