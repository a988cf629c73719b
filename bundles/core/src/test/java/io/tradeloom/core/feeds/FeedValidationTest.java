package io.tradeloom.core.feeds;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.Map;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static io.tradeloom.core.feeds.FeedHarness.quote;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The validation rules the feeds add; each with an input that breaks it. Invalid data never reaches a listener. */
public class FeedValidationTest {

    @Test
    public void aPriceJumpBeyondTheThresholdIsAnOutlierDeadLetteredWithTheReason() {
        FeedHarness h = new FeedHarness(FeedSettings.parse(Map.of("outlier.jump.bps", "500")));
        h.send(1, quote("a", "AAPL", "100.00", 1));
        Quote jump = quote("a", "AAPL", "106.00", 2);
        h.send(1, jump);

        assertEquals(1, h.heard.size());
        assertFalse(h.heard.contains(jump));
        DeadLetter d = h.deadLetters.recent(1).get(0);
        assertEquals("a", d.source());
        assertEquals("quote", d.kind());
        assertTrue(d.reason(), d.reason().contains("price=106.00: outlier: jump of 600 bps from 100.00 exceeds"
                + " outlier.jump.bps=500"));
        assertEquals(1, h.engine.outliers());

        // Within the threshold of the last accepted price (100, not 106): passes.
        Quote near = quote("a", "AAPL", "104.00", 3);
        h.send(1, near);
        assertTrue(h.heard.contains(near));
        // A trade jumping from the last accepted price is an outlier too; another source has its own reference.
        h.send(1, new Trade("AAPL", "a", new BigDecimal("80"), BigDecimal.ONE, "t1", T0.plusMillis(4),
                T0.plusMillis(4)));
        h.send(1, quote("b", "AAPL", "80.00", 5));
        assertEquals(2, h.engine.outliers());
        assertEquals("b", h.heard.get(h.heard.size() - 1).source());
    }

    @Test
    public void afterOutliersInARowTheMarketHasMovedAndTheNewLevelPasses() {
        FeedHarness h = new FeedHarness(FeedSettings.parse(Map.of("outlier.jump.bps", "500",
                "outlier.reset.count", "3")));
        h.send(1, quote("a", "AAPL", "100.00", 1));
        for (int i = 0; i < 3; i++) {
            h.send(1, quote("a", "AAPL", "150.00", 2 + i));
        }
        assertEquals(3, h.deadLetters.total());
        Quote next = quote("a", "AAPL", "150.50", 10);
        h.send(1, next);
        assertEquals(next, h.heard.get(h.heard.size() - 1));
    }

    @Test
    public void outlierRuleOffWithZero() {
        FeedHarness h = new FeedHarness(FeedSettings.parse(Map.of("outlier.jump.bps", "0")));
        h.send(1, quote("a", "AAPL", "100.00", 1));
        h.send(1, quote("a", "AAPL", "300.00", 2));
        assertEquals(2, h.heard.size());
        assertEquals(0, h.deadLetters.total());
    }

    @Test
    public void aCrossedQuoteIsFlaggedAndNeverReachesConsumers() {
        FeedHarness h = new FeedHarness();
        Quote crossed = new Quote("AAPL", "a", new BigDecimal("100.05"), BigDecimal.TEN, new BigDecimal("100.00"),
                BigDecimal.TEN, T0, T0);
        h.send(1, crossed);
        assertTrue(h.heard.isEmpty());
        assertTrue(h.intake.latest("AAPL").isEmpty());
        DeadLetter d = h.deadLetters.recent(1).get(0);
        assertTrue(d.reason(), d.reason().contains("bid=100.05: crossed: above ask 100.00"));
        // And it counts against the source's accuracy.
        assertTrue(h.engine.quality("a", "AAPL").orElseThrow().accuracy() < 1);
    }

    @Test
    public void badSettingsNameFileKeyAndValue() {
        try {
            FeedSettings.parse(Map.of("felix.fileinstall.filename", "file:/x/etc/io.tradeloom.marketdata.cfg",
                    "consolidated.method", "mean"));
            throw new AssertionError("accepted a bad method");
        } catch (IllegalArgumentException e) {
            assertEquals("io.tradeloom.marketdata.cfg: consolidated.method=mean must be one of [median, bbo]",
                    e.getMessage());
        }
        try {
            FeedGroupConfig.parse(FeedHarness.groupProps("sources", "a,a"));
            throw new AssertionError("accepted a source twice");
        } catch (IllegalArgumentException e) {
            assertEquals("io.tradeloom.feedgroup-eq.cfg: sources=a,a lists a venue twice", e.getMessage());
        }
    }
}
