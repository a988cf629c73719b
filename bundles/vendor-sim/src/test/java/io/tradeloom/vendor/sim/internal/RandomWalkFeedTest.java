package io.tradeloom.vendor.sim.internal;

import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.validation.MarketDataValidator;
import io.tradeloom.domain.validation.Violation;
import org.junit.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class RandomWalkFeedTest {

    private static final Instant NOW = Instant.parse("2024-03-01T14:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long SECOND = 1_000_000_000L;
    private static final long SEED = 42L;

    private static SimConfig config(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.tradeloom.vendor.sim-default.cfg");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return SimConfig.parse(m);
    }

    private static RandomWalkFeed feed(SimConfig c) {
        return new RandomWalkFeed(c, CLOCK, SEED);
    }

    /** Draws at least {@code count} events in one-second calls. */
    private static List<MarketDataEvent> draw(RandomWalkFeed f, int count) {
        List<MarketDataEvent> out = new ArrayList<>(count);
        while (out.size() < count) {
            List<MarketDataEvent> batch = f.next(SECOND);
            assertFalse("a one-second call must produce events", batch.isEmpty());
            out.addAll(batch);
        }
        return out;
    }

    private static BigDecimal mid(Quote q) {
        return q.bid().add(q.ask()).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
    }

    private static boolean within(BigDecimal actual, BigDecimal reference, double fraction) {
        BigDecimal diff = actual.subtract(reference).abs();
        return diff.compareTo(reference.multiply(BigDecimal.valueOf(fraction))) <= 0;
    }

    // ---------------------------------------------------------------- rate

    @Test
    public void oneSecondGivesTicksPerSecondEvents() {
        RandomWalkFeed f = feed(config("ticks.per.second", "200"));
        assertEquals(200, f.next(SECOND).size());
        assertEquals(200, f.next(SECOND).size());
    }

    @Test
    public void zeroElapsedGivesNothing() {
        RandomWalkFeed f = feed(config("ticks.per.second", "200"));
        assertTrue(f.next(0).isEmpty());
    }

    @Test
    public void halfASecondTwiceGivesTheRate() {
        RandomWalkFeed f = feed(config("ticks.per.second", "200"));
        int first = f.next(SECOND / 2).size();
        int second = f.next(SECOND / 2).size();
        assertEquals(100, first);
        assertEquals(200, first + second);
    }

    @Test
    public void fractionsCarryOver() {
        // 256/s over 1/512 s is exactly half an event per call: nothing, one, nothing, one, ...
        RandomWalkFeed f = feed(config("ticks.per.second", "256"));
        long dt = SECOND / 512;
        int total = 0;
        for (int i = 0; i < 512; i++) {
            int n = f.next(dt).size();
            assertEquals("call " + i, i % 2 == 0 ? 0 : 1, n);
            total += n;
        }
        assertEquals(256, total);
    }

    @Test
    public void tenMillisecondTimerKeepsTheRate() {
        // the vendor's timer period: 200/s gives 2 per 10 ms call
        RandomWalkFeed f = feed(config("ticks.per.second", "200"));
        int total = 0;
        for (int i = 0; i < 100; i++) {
            int n = f.next(10_000_000L).size();
            assertEquals(2, n);
            total += n;
        }
        assertEquals(200, total);
    }

    @Test
    public void slowRateDoesNotDriftOverManySmallCalls() {
        // 7/s polled every 10 ms is 0.07 events per call: the total must follow the ideal count within one event
        RandomWalkFeed f = feed(config("ticks.per.second", "7"));
        long total = 0;
        for (int i = 1; i <= 10_000; i++) {
            total += f.next(10_000_000L).size();
            double ideal = 0.07 * i;
            assertTrue("after " + i + " calls: " + total + " events, ideal " + ideal,
                    total <= ideal + 1e-6 && total > ideal - 1 - 1e-6);
        }
        assertTrue("100 s at 7/s: " + total, total == 700 || total == 699);
    }

    @Test
    public void neverMoreThanTheRateInOneCall() {
        RandomWalkFeed f = feed(config("ticks.per.second", "200"));
        assertEquals(200, f.next(10 * SECOND).size());
        assertEquals(200, f.next(Long.MAX_VALUE).size());
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            long elapsed = r.nextLong(5 * SECOND);
            int n = f.next(elapsed).size();
            assertTrue("call with " + elapsed + " ns gave " + n, n <= 200);
        }
    }

    @Test
    public void backlogBeyondTheCapIsDroppedNotReplayed() {
        RandomWalkFeed f = feed(config("ticks.per.second", "200"));
        assertEquals(200, f.next(10 * SECOND).size());
        assertEquals(0, f.next(0).size());
        assertEquals(100, f.next(SECOND / 2).size());
    }

    @Test
    public void rateOfOne() {
        RandomWalkFeed f = feed(config("ticks.per.second", "1"));
        assertEquals(0, f.next(SECOND / 2).size());
        assertEquals(1, f.next(SECOND / 2).size());
        assertEquals(1, f.next(SECOND).size());
    }

    // ---------------------------------------------------------------- content

    @Test
    public void onlyConfiguredSymbolsAppearAndAllOfThemDo() {
        RandomWalkFeed f = feed(config("symbols", "AAPL,MSFT,SPY", "ticks.per.second", "1000"));
        Set<String> seen = new HashSet<>();
        for (MarketDataEvent e : draw(f, 5000)) {
            assertTrue("unexpected symbol " + e.symbol(), Set.of("AAPL", "MSFT", "SPY").contains(e.symbol()));
            seen.add(e.symbol());
        }
        assertEquals(Set.of("AAPL", "MSFT", "SPY"), seen);
    }

    @Test
    public void sourceIsTheConfiguredIdAndTimesComeFromTheClock() {
        RandomWalkFeed f = feed(config("id", "sim-eu", "ticks.per.second", "1000"));
        for (MarketDataEvent e : draw(f, 3000)) {
            assertEquals("sim-eu", e.source());
            assertEquals(NOW, e.timestamp());
            assertEquals(NOW, e.receivedAt());
        }
    }

    @Test
    public void quotesAreNeverCrossedAndWellFormed() {
        RandomWalkFeed f = feed(config("ticks.per.second", "10000", "trade.ratio", "0"));
        for (MarketDataEvent e : draw(f, 20_000)) {
            Quote q = (Quote) e;
            assertNotNull(q.bid());
            assertNotNull(q.ask());
            assertTrue("bid > 0: " + q, q.bid().signum() > 0);
            assertTrue("ask > 0: " + q, q.ask().signum() > 0);
            assertTrue("bid < ask: " + q, q.bid().compareTo(q.ask()) < 0);
            assertFalse(q.crossed());
            assertTrue("bid size > 0: " + q, q.bidSize().signum() > 0);
            assertTrue("ask size > 0: " + q, q.askSize().signum() > 0);
            assertEquals("bid in cents: " + q, 2, q.bid().scale());
            assertEquals("ask in cents: " + q, 2, q.ask().scale());
        }
    }

    @Test
    public void quotesAtZeroVolatilityStayAroundTheStartPrice() {
        // 100.00 at 2 bps: half spread = max(1 cent, 10000 * 2 / 20000 cents) = 1 cent
        RandomWalkFeed f = feed(config("symbols", "AAPL", "volatility.bps", "0", "trade.ratio", "0",
                "start.price", "100"));
        for (MarketDataEvent e : f.next(SECOND)) {
            Quote q = (Quote) e;
            assertEquals(new BigDecimal("99.99"), q.bid());
            assertEquals(new BigDecimal("100.01"), q.ask());
        }
    }

    @Test
    public void spreadFollowsSpreadBps() {
        // 200.00 at 100 bps: half spread = 20000 * 100 / 20000 = 100 cents
        RandomWalkFeed f = feed(config("symbols", "SPY", "volatility.bps", "0", "spread.bps", "100",
                "trade.ratio", "0", "start.price", "200"));
        Quote q = (Quote) f.next(SECOND).get(0);
        assertEquals(new BigDecimal("199.00"), q.bid());
        assertEquals(new BigDecimal("201.00"), q.ask());
    }

    @Test
    public void pricesWalk() {
        RandomWalkFeed f = feed(config("symbols", "AAPL", "trade.ratio", "0", "volatility.bps", "20"));
        Set<BigDecimal> bids = new HashSet<>();
        for (MarketDataEvent e : draw(f, 1000)) {
            bids.add(((Quote) e).bid());
        }
        assertTrue("the walk must move: " + bids.size() + " distinct bids", bids.size() > 10);
    }

    @Test
    public void tradesArePositiveInCentsAndInsideTheCurrentSpread() {
        SimConfig c = config("symbols", "AAPL,MSFT,TSLA", "ticks.per.second", "10000", "trade.ratio", "0.5",
                "volatility.bps", "10", "spread.bps", "4", "start.price.AAPL", "190", "start.price.MSFT", "420",
                "start.price.TSLA", "250");
        RandomWalkFeed f = feed(c);
        Map<String, Quote> last = new HashMap<>();
        Set<String> tradeIds = new HashSet<>();
        int trades = 0;
        int checkedAgainstQuote = 0;
        for (MarketDataEvent e : draw(f, 50_000)) {
            if (e instanceof Quote q) {
                last.put(q.symbol(), q);
                continue;
            }
            Trade t = (Trade) e;
            trades++;
            assertTrue("price > 0: " + t, t.price().signum() > 0);
            assertTrue("size > 0: " + t, t.size().signum() > 0);
            assertEquals("price in cents: " + t, 2, t.price().scale());
            assertTrue("trade id " + t.tradeId(), t.tradeId().startsWith("sim-"));
            assertTrue("duplicate trade id " + t.tradeId(), tradeIds.add(t.tradeId()));
            Quote q = last.get(t.symbol());
            if (q == null) {
                // no quote yet: the walk is still at the start price
                BigDecimal start = c.startPrices().get(t.symbol());
                assertTrue("first trade " + t + " far from start " + start, within(t.price(), start, 0.001));
            } else {
                assertTrue("trade " + t.price() + " below bid of " + q, t.price().compareTo(q.bid()) >= 0);
                assertTrue("trade " + t.price() + " above ask of " + q, t.price().compareTo(q.ask()) <= 0);
                checkedAgainstQuote++;
            }
        }
        assertTrue("trades seen: " + trades, trades > 20_000);
        assertTrue(checkedAgainstQuote > 20_000);
    }

    @Test
    public void tradeRatioZeroGivesOnlyQuotes() {
        RandomWalkFeed f = feed(config("trade.ratio", "0", "ticks.per.second", "10000"));
        for (MarketDataEvent e : draw(f, 20_000)) {
            assertTrue("not a quote: " + e, e instanceof Quote);
        }
    }

    @Test
    public void tradeRatioOneGivesOnlyTrades() {
        RandomWalkFeed f = feed(config("trade.ratio", "1", "ticks.per.second", "10000"));
        for (MarketDataEvent e : draw(f, 20_000)) {
            assertTrue("not a trade: " + e, e instanceof Trade);
        }
    }

    @Test
    public void tradeRatioIsTheShareOfTrades() {
        RandomWalkFeed f = feed(config("trade.ratio", "0.2", "ticks.per.second", "10000"));
        List<MarketDataEvent> events = draw(f, 50_000);
        long trades = events.stream().filter(e -> e instanceof Trade).count();
        double share = (double) trades / events.size();
        assertTrue("trade share " + share, share > 0.18 && share < 0.22);
    }

    @Test
    public void sameSeedGivesTheSameEvents() {
        SimConfig c = config("ticks.per.second", "1000");
        RandomWalkFeed a = new RandomWalkFeed(c, CLOCK, 1234);
        RandomWalkFeed b = new RandomWalkFeed(c, CLOCK, 1234);
        for (int i = 0; i < 5; i++) {
            assertEquals(a.next(SECOND), b.next(SECOND));
        }
    }

    // ---------------------------------------------------------------- reconfigure

    @Test
    public void reconfigureKeepsThePriceOfASymbolThatStays() {
        RandomWalkFeed f = feed(config("symbols", "AAPL,MSFT", "trade.ratio", "0", "start.price.AAPL", "190",
                "start.price.MSFT", "420", "volatility.bps", "5"));
        Quote lastAapl = null;
        for (MarketDataEvent e : draw(f, 2000)) {
            if (e.symbol().equals("AAPL")) {
                lastAapl = (Quote) e;
            }
        }
        assertNotNull(lastAapl);

        // a new start price for AAPL must not reset it; MSFT goes away, GOOG comes in
        SimConfig next = config("symbols", "AAPL,GOOG", "trade.ratio", "0", "start.price.AAPL", "10",
                "start.price.GOOG", "170", "volatility.bps", "5", "ticks.per.second", "500");
        f.reconfigure(next);
        assertEquals(next, f.config());

        Quote firstAapl = null;
        Quote firstGoog = null;
        List<MarketDataEvent> after = f.next(SECOND);
        assertEquals("new rate applies", 500, after.size());
        for (MarketDataEvent e : after) {
            assertFalse("removed symbol still quoted: " + e, e.symbol().equals("MSFT"));
            if (firstAapl == null && e.symbol().equals("AAPL")) {
                firstAapl = (Quote) e;
            }
            if (firstGoog == null && e.symbol().equals("GOOG")) {
                firstGoog = (Quote) e;
            }
        }
        assertNotNull(firstAapl);
        assertNotNull(firstGoog);
        assertTrue("AAPL jumped from " + lastAapl + " to " + firstAapl,
                within(mid(firstAapl), mid(lastAapl), 0.02));
        assertTrue("GOOG starts at its start price: " + firstGoog,
                within(mid(firstGoog), new BigDecimal("170"), 0.02));
    }

    @Test
    public void reconfigureKeepsTheTradePriceOfASymbolThatStays() {
        // trades do not move the walk: the first trade after a reconfigure lies in the last quote's spread
        RandomWalkFeed f = feed(config("symbols", "TSLA", "trade.ratio", "0", "start.price", "250"));
        List<MarketDataEvent> before = draw(f, 500);
        Quote last = (Quote) before.get(before.size() - 1);
        f.reconfigure(config("symbols", "TSLA", "trade.ratio", "1", "start.price", "5"));
        for (MarketDataEvent e : f.next(SECOND)) {
            Trade t = (Trade) e;
            assertTrue(t + " outside " + last,
                    t.price().compareTo(last.bid()) >= 0 && t.price().compareTo(last.ask()) <= 0);
        }
    }

    @Test
    public void symbolRemovedAndAddedAgainRestartsAtItsStartPrice() {
        RandomWalkFeed f = feed(config("symbols", "AAPL,MSFT", "trade.ratio", "0", "start.price", "100",
                "volatility.bps", "50"));
        draw(f, 5000);
        f.reconfigure(config("symbols", "AAPL", "trade.ratio", "0", "start.price", "100"));
        for (MarketDataEvent e : draw(f, 1000)) {
            assertEquals("AAPL", e.symbol());
        }
        f.reconfigure(config("symbols", "AAPL,MSFT", "trade.ratio", "0", "start.price", "300",
                "volatility.bps", "0"));
        for (MarketDataEvent e : draw(f, 1000)) {
            if (e.symbol().equals("MSFT")) {
                Quote q = (Quote) e;
                assertEquals(new BigDecimal("299.97"), q.bid()); // 300.00 at 2 bps: 3 cents each side
                assertEquals(new BigDecimal("300.03"), q.ask());
                return;
            }
        }
        fail("MSFT not quoted after it was added again");
    }

    @Test
    public void reconfiguredIdBecomesTheSource() {
        RandomWalkFeed f = feed(config("id", "sim"));
        f.reconfigure(config("id", "sim2"));
        for (MarketDataEvent e : f.next(SECOND)) {
            assertEquals("sim2", e.source());
        }
    }

    // ---------------------------------------------------------------- validation

    private static void assertAllValid(SimConfig c, int count) {
        RandomWalkFeed f = feed(c);
        int n = 0;
        while (n < count) {
            for (MarketDataEvent e : f.next(SECOND)) {
                List<Violation> v = MarketDataValidator.validate(e);
                if (!v.isEmpty()) {
                    fail("event " + n + " " + e + " violates " + v);
                }
                n++;
            }
        }
        assertTrue(n >= count);
    }

    @Test
    public void hundredThousandDefaultEventsAreValid() {
        assertAllValid(config("ticks.per.second", "100000"), 100_000);
    }

    @Test
    public void hundredThousandEventsAtOneCentWithWideVolatilityAreValid() {
        // the walk is pinned at the one-cent floor: quotes must still be uncrossed and trades positive
        assertAllValid(config("ticks.per.second", "100000", "start.price", "0.01", "volatility.bps", "1000",
                "spread.bps", "0", "trade.ratio", "0.5"), 100_000);
    }

    @Test
    public void hundredThousandEventsWithWideSpreadAreValid() {
        assertAllValid(config("ticks.per.second", "100000", "symbols", "AAPL,PENNY", "start.price.PENNY", "0.03",
                "volatility.bps", "300", "spread.bps", "1000", "trade.ratio", "0.5"), 100_000);
    }
}
