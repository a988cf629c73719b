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
