package io.tradeloom.core.feeds;

import org.junit.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Random;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The outlier and consistency rules compare without dividing ({@link FeedEngine#beyond}); they must decide exactly
 * as the division they replaced: the jump in bps rounded half up to 2 places, compared with the limit.
 */
public class BpsComparisonTest {

    private static boolean byDivision(BigDecimal p, BigDecimal ref, long limit) {
        BigDecimal bps = p.subtract(ref).abs().multiply(BigDecimal.valueOf(10_000)).divide(ref, 2, RoundingMode.HALF_UP);
        return bps.compareTo(BigDecimal.valueOf(limit)) > 0;
    }

    @Test
    public void sameDecisionAsTheRoundedDivision() {
        Random r = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            BigDecimal ref = BigDecimal.valueOf(1 + r.nextInt(5_000_000), r.nextInt(6));
            long limit = r.nextInt(3) == 0 ? 1 + r.nextInt(20) : 100 + r.nextInt(2000);
            // Prices around the limit, where rounding decides.
            BigDecimal jump = ref.multiply(BigDecimal.valueOf(limit)).divide(BigDecimal.valueOf(10_000))
                    .add(BigDecimal.valueOf(r.nextInt(2001) - 1000, 2 + r.nextInt(6)));
            BigDecimal p = r.nextBoolean() ? ref.add(jump) : ref.subtract(jump);
            if (p.signum() <= 0) {
                continue;
            }
            assertEquals(p + " vs " + ref + " limit " + limit, byDivision(p, ref, limit), FeedEngine.beyond(p, ref, limit));
        }
    }

    /** Any magnitudes and digit counts, near the limit and far from it: the double shortcut never differs. */
    @Test
    public void shortcutDecidesAsTheExactComparison() {
        Random r = new Random(23);
        int exactlyOnLimit = 0;
        for (int i = 0; i < 300_000; i++) {
            BigDecimal ref = new BigDecimal(java.math.BigInteger.valueOf(1 + (r.nextLong() >>> (1 + r.nextInt(63)))),
                    r.nextInt(20) - 4);
            long limit = 1 + r.nextInt(r.nextBoolean() ? 30 : 100_000);
            BigDecimal p;
            if (r.nextBoolean()) {
                // On the limit: |p - ref| * 2,000,000 = (200 * limit + 1) * ref exactly, then nudged by a unit of
                // a random far digit, or not at all.
                BigDecimal jump = ref.multiply(BigDecimal.valueOf(200 * limit + 1)).divide(BigDecimal.valueOf(2_000_000));
                BigDecimal nudge = BigDecimal.valueOf(r.nextInt(3) - 1, jump.scale() + r.nextInt(4));
                p = (r.nextBoolean() ? ref.add(jump) : ref.subtract(jump)).add(nudge);
                exactlyOnLimit += nudge.signum() == 0 ? 1 : 0;
            } else {
                p = ref.multiply(BigDecimal.valueOf(r.nextInt(2_000_000), 6));
            }
            if (p.signum() <= 0) {
                continue;
            }
            assertEquals(p + " vs " + ref + " limit " + limit, FeedEngine.beyondExactly(p, ref, limit),
                    FeedEngine.beyond(p, ref, limit));
            if (i % 3 == 0) {
                assertEquals(byDivision(p, ref, limit), FeedEngine.beyond(p, ref, limit));
            }
        }
        assertTrue("cases exactly on the limit: " + exactlyOnLimit, exactlyOnLimit > 10_000);
    }

    /**
     * A quote's price enters the shortcut as the mean of its sides' doubles ({@link FeedEngine#priceDouble}), not
     * as its mid's double: near the limit and far from it, with the reference a quote's mid as well, the decision is
     * still the exact one.
     */
    @Test
    public void quoteMidsAsMeansOfTheirSidesDecideAsTheExactComparison() {
        Random r = new Random(31);
        int onLimit = 0;
        for (int i = 0; i < 300_000; i++) {
            int scale = r.nextInt(7);
            BigDecimal refBid = BigDecimal.valueOf(1 + (r.nextLong() >>> (14 + r.nextInt(40))), scale);
            BigDecimal refAsk = refBid.add(BigDecimal.valueOf(r.nextInt(50), scale));
            io.tradeloom.domain.marketdata.Quote refQuote = quote(refBid, refAsk);
            BigDecimal ref = FeedEngine.price(refQuote);
            long limit = 1 + r.nextInt(r.nextBoolean() ? 30 : 5_000);
            // A bid near where the mid's jump reaches the limit exactly, an ask a few units above it.
            BigDecimal jump = ref.multiply(BigDecimal.valueOf(200 * limit + 1)).divide(BigDecimal.valueOf(2_000_000));
            BigDecimal spread = BigDecimal.valueOf(r.nextInt(4), scale);
            BigDecimal mid = (r.nextBoolean() ? ref.add(jump) : ref.subtract(jump))
                    .add(BigDecimal.valueOf(r.nextInt(5) - 2, jump.scale() + r.nextInt(3)));
            BigDecimal bid = mid.subtract(spread.divide(BigDecimal.valueOf(2)));
            BigDecimal ask = bid.add(spread);
            if (bid.signum() <= 0) {
                continue;
            }
            io.tradeloom.domain.marketdata.Quote q = quote(bid, ask);
            BigDecimal p = FeedEngine.price(q);
            onLimit += p.subtract(ref).abs().multiply(BigDecimal.valueOf(2_000_000))
                    .compareTo(ref.multiply(BigDecimal.valueOf(200 * limit + 1))) == 0 ? 1 : 0;
            assertEquals(q + " vs " + refQuote + " limit " + limit, FeedEngine.beyondExactly(p, ref, limit),
                    FeedEngine.beyond(p, FeedEngine.priceDouble(q), ref, FeedEngine.priceDouble(refQuote), limit));
        }
        assertTrue("cases exactly on the limit: " + onLimit, onLimit > 1_000);
    }

    private static io.tradeloom.domain.marketdata.Quote quote(BigDecimal bid, BigDecimal ask) {
        Instant t = Instant.EPOCH;
        return new io.tradeloom.domain.marketdata.Quote("X", "s", bid, BigDecimal.ONE, ask, BigDecimal.ONE, t, t);
    }

    @Test
    public void exactBoundaries() {
        BigDecimal ref = new BigDecimal("100");
        assertFalse(FeedEngine.beyond(new BigDecimal("110"), ref, 1000));          // exactly 1000 bps
        assertFalse(FeedEngine.beyond(new BigDecimal("110.00004999"), ref, 1000)); // 1000.004999 -> 1000.00
        assertTrue(FeedEngine.beyond(new BigDecimal("110.00005"), ref, 1000));     // 1000.005 -> 1000.01
        assertTrue(FeedEngine.beyond(new BigDecimal("89.99995"), ref, 1000));
    }

    @Test
    public void packedNanosOrderAsInstants() {
        Instant a = Instant.parse("2026-11-21T17:00:00.000000001Z");
        Instant b = Instant.parse("2026-11-21T17:00:00.000000002Z");
        assertTrue(FeedEngine.nanos(a) < FeedEngine.nanos(b));
        assertTrue(FeedEngine.nanos(Instant.parse("1969-12-31T23:59:59.5Z")) < FeedEngine.nanos(Instant.EPOCH));
        assertEquals(Long.MIN_VALUE, FeedEngine.nanos(Instant.parse("3000-01-01T00:00:00Z")));
    }

    /** Times a long cannot hold as nanoseconds still keep the per-stream order (through their Instants). */
    @Test
    public void timeOrderBeyondPackedRange() {
        FeedEngine e = new FeedEngine(FeedClock.SYSTEM, id -> java.util.Optional.empty(), id -> null, (t, d) -> { });
        Instant now = Instant.now();
        assertTrue(e.screen(trade(Instant.parse("3000-01-01T00:00:00Z"), now), true, null).isEmpty());
        assertTrue(e.screen(trade(Instant.parse("2999-01-01T00:00:00Z"), now), true, null).get(0).toString()
                .contains("out of order"));
        assertTrue(e.screen(trade(Instant.parse("2026-01-01T00:00:00Z"), now), true, null).get(0).toString()
                .contains("out of order"));
        assertTrue(e.screen(trade(Instant.parse("3000-01-01T00:00:01Z"), now), true, null).isEmpty());
    }

    private static io.tradeloom.domain.marketdata.Trade trade(Instant t, Instant received) {
        return new io.tradeloom.domain.marketdata.Trade("X", "a", BigDecimal.TEN, BigDecimal.ONE, "1", t, received);
    }
}
