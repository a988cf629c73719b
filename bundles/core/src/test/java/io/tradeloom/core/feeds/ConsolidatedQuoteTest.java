package io.tradeloom.core.feeds;

import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.venue.VenueState;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

/** The consolidated quote per symbol over the healthy sources, median or best bid/offer. */
public class ConsolidatedQuoteTest {

    private static Quote q(String source, String bid, String bidSize, String ask, String askSize) {
        return new Quote("AAPL", source, new BigDecimal(bid), new BigDecimal(bidSize), new BigDecimal(ask),
                new BigDecimal(askSize), T0, T0);
    }

    @Test
    public void medianAndBestBidOffer() {
        List<Quote> quotes = List.of(q("a", "100.00", "1", "100.04", "5"), q("b", "100.02", "2", "100.03", "6"),
                q("c", "99.90", "3", "100.10", "7"));
        Quote median = FeedEngine.consolidated("AAPL", quotes, FeedSettings.ConsolidationMethod.MEDIAN, T0, T0);
        assertEquals(new BigDecimal("100.00"), median.bid());
        assertEquals(new BigDecimal("2"), median.bidSize());
        assertEquals(new BigDecimal("100.04"), median.ask());
        assertEquals("consolidated", median.source());
        Quote bbo = FeedEngine.consolidated("AAPL", quotes, FeedSettings.ConsolidationMethod.BBO, T0, T0);
        assertEquals(new BigDecimal("100.02"), bbo.bid());
        assertEquals(new BigDecimal("2"), bbo.bidSize());
        assertEquals(new BigDecimal("100.03"), bbo.ask());
        assertEquals(new BigDecimal("6"), bbo.askSize());
        // Two sources: the median is the mean of the middle two.
        Quote two = FeedEngine.consolidated("AAPL", quotes.subList(0, 2), FeedSettings.ConsolidationMethod.MEDIAN,
                T0, T0);
        assertEquals(new BigDecimal("100.01"), two.bid());
        // A crossed consolidated market is not emitted.
        assertNull(FeedEngine.consolidated("AAPL", List.of(q("a", "100.05", "1", "100.06", "1"),
                q("b", "100.00", "1", "100.01", "1")), FeedSettings.ConsolidationMethod.BBO, T0, T0));
    }

    @Test
    public void emittedLiveOverHealthySourcesOnly() {
        FeedHarness h = new FeedHarness(FeedSettings.parse(Map.of("consolidated.method", "bbo")));
        h.up("a", "b");
        h.engine.evaluate();
        h.send(1, q("a", "100.00", "1", "100.04", "1"));
        h.send(1, q("b", "100.01", "1", "100.05", "1"));
        Quote last = h.consolidated.get(h.consolidated.size() - 1);
        assertEquals(new BigDecimal("100.01"), last.bid());
        assertEquals(new BigDecimal("100.04"), last.ask());
        h.venueStates.put("b", VenueState.DOWN);
        h.engine.evaluate();
        h.send(1, q("a", "100.00", "1", "100.03", "1"));
        last = h.consolidated.get(h.consolidated.size() - 1);
        assertEquals(new BigDecimal("100.00"), last.bid());
        assertEquals(3, h.engine.consolidatedEmitted());
    }
}
