package io.tradeloom.domain.marketdata;

import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.tradeloom.domain.DecimalAssert.assertDecimal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class QuoteTest {

    private static final Instant T = Instant.parse("2024-03-01T14:30:00Z");

    private static Quote q(String bid, String ask) {
        return new Quote("AAPL", "sim", bid == null ? null : new BigDecimal(bid), BigDecimal.ONE,
                ask == null ? null : new BigDecimal(ask), BigDecimal.ONE, T, T);
    }

    @Test
    public void midIsExact() {
        assertDecimal("10.005", q("10.00", "10.01").mid());
        assertDecimal("10.0000005", q("10.000000", "10.000001").mid());
    }

    /** The fast half must be BigDecimal's exact divide(2): same value and same scale (equals, not compareTo). */
    @Test
    public void midEqualsExactDivisionByTwoIncludingScale() {
        java.util.Random r = new java.util.Random(42);
        String[] fixed = {"0", "0.00", "-1.5", "1E+3", "7E-2", "99999999999999999.9", "12345678901234567890.123",
                "0.0000001", "5"};
        for (String f : fixed) {
            BigDecimal x = new BigDecimal(f);
            assertEquals(f, x.divide(BigDecimal.valueOf(2)), Quote.half(x));
        }
        for (int i = 0; i < 20_000; i++) {
            BigDecimal x = BigDecimal.valueOf(r.nextLong() >> r.nextInt(64), r.nextInt(20) - 4);
            assertEquals(x.toString(), x.divide(BigDecimal.valueOf(2)), Quote.half(x));
        }
    }

    /**
     * The mid of two prices is exactly their sum divided by two, scale included, on the long path (up to 15 digits)
     * and past it: every scale 0..17 for either side, 1..18 digits, both signs, and the edges of 15 digits.
     */
    @Test
    public void midEqualsExactSumDividedByTwoForAnyTwoPrices() {
        java.util.Random r = new java.util.Random(7);
        BigDecimal two = BigDecimal.valueOf(2);
        String[][] fixed = {{"114.125", "114.128"}, {"999999999999999", "999999999999999"},
                {"99999999999999.9", "0.000000000000001"}, {"1E+3", "0.5"}, {"0", "0.00"}, {"-0.01", "0.01"},
                {"123456789012345", "1"}, {"1234567890123456", "1"}, {"9007199254740993", "1"},
                {"0.999999999999999", "0.000000000000001"}, {"12.5", "12.50"}};
        for (String[] f : fixed) {
            BigDecimal a = new BigDecimal(f[0]);
            BigDecimal b = new BigDecimal(f[1]);
            assertEquals(f[0] + " " + f[1], a.add(b).divide(two), Quote.midOf(a, b));
        }
        for (int i = 0; i < 200_000; i++) {
            BigDecimal a = BigDecimal.valueOf(randomUnscaled(r), r.nextInt(18));
            BigDecimal b = BigDecimal.valueOf(randomUnscaled(r), r.nextInt(18));
            assertEquals(a + " " + b, a.add(b).divide(two), Quote.midOf(a, b));
        }
    }

    /** 1 to 18 digits, either sign; a third of them right at 15 digits, where the long path ends. */
    private static long randomUnscaled(java.util.Random r) {
        int digits = r.nextInt(3) == 0 ? 15 : 1 + r.nextInt(18);
        long bound = (long) Math.pow(10, digits);
        long v = Math.floorMod(r.nextLong(), bound);
        if (r.nextInt(4) == 0) {
            v = bound - 1 - r.nextInt(10); // 999...9x
        }
        return r.nextBoolean() ? v : -v;
    }

    @Test
    public void midNeedsBothSides() {
        assertNull(q("10", null).mid());
        assertNull(q(null, "10").mid());
    }

    @Test
    public void crossedOnlyWhenBidAboveAsk() {
        assertTrue(q("10.02", "10.01").crossed());
        assertFalse(q("10.01", "10.01").crossed());
        assertFalse(q("10.00", "10.01").crossed());
        assertFalse(q(null, "10.01").crossed());
        assertFalse(q("10.02", null).crossed());
    }

    @Test
    public void requiredFields() {
        try {
            new Quote("AAPL", null, null, null, null, null, T, T);
            fail("source is required");
        } catch (NullPointerException ex) {
            assertEquals("source", ex.getMessage());
        }
    }
}
