package io.tradeloom.domain.marketdata;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** Top of book. Sizes are in shares/contracts; prices in the instrument's currency. */
public record Quote(String symbol, String source, BigDecimal bid, BigDecimal bidSize, BigDecimal ask,
                    BigDecimal askSize, Instant timestamp, Instant receivedAt) implements MarketDataEvent {

    public Quote {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Midpoint, or null when one side is missing: exactly {@code bid.add(ask).divide(2)}, value and scale. */
    public BigDecimal mid() {
        if (bid == null || ask == null) {
            return null;
        }
        return midOf(bid, ask);
    }

    /**
     * {@code half(a.add(b))} with one BigDecimal made instead of three (this runs for every quote): for prices of
     * up to 15 digits, as quotes are, the two unscaled values are summed as longs at the larger scale and halved as
     * {@link #half} does. Anything else takes the general way.
     */
    static BigDecimal midOf(BigDecimal a, BigDecimal b) {
        int scale = Math.max(a.scale(), b.scale());
        long ua = unscaled(a, scale);
        long ub = unscaled(b, scale);
        if (ua == NOT_EXACT || ub == NOT_EXACT) {
            return half(a.add(b));
        }
        long sum = ua + ub; // each below 10^16 in magnitude: no overflow
        return (sum & 1) == 0 ? BigDecimal.valueOf(sum / 2, scale) : BigDecimal.valueOf(sum * 5, scale + 1);
    }

    private static final long NOT_EXACT = Long.MIN_VALUE;
    private static final double[] DOUBLE_POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15};
    private static final long[] LONG_POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
            10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L};

    /**
     * The unscaled value of {@code x} at {@code scale} (at least x's own), or {@link #NOT_EXACT} when that would
     * reach 10^15. BigDecimal has no accessor for its unscaled long; it is recovered without making an object:
     * {@code doubleValue()} of such an x is its unscaled value u divided by an exact power of ten and rounded once
     * (relative error at most 2^-53), and multiplying back rounds once more, so the product is within
     * |u| * 2^-52 < 0.25 of u, which {@code Math.round} recovers exactly. The same product tells the magnitude, so no
     * digit count is needed. No price is held in a double: it only carries an integer known to come back exactly.
     */
    private static long unscaled(BigDecimal x, int scale) {
        int own = x.scale();
        if (own < 0 || scale > 15) {
            return NOT_EXACT;
        }
        int shift = scale - own;
        double u = x.doubleValue() * DOUBLE_POW10[own];
        // |u| below 10^(15 - shift): at most 15 digits once at the common scale.
        if (!(Math.abs(u) < DOUBLE_POW10[15 - shift])) {
            return NOT_EXACT;
        }
        return Math.round(u) * LONG_POW10[shift];
    }

    /**
     * {@code x.divide(2)} with the same value and scale, without the general exact division (a MathContext, a
     * long division and a strip of zeros per call; this runs for every quote): an even unscaled value halves at the
     * same scale, an odd one becomes {@code unscaled * 5} one digit further right.
     */
    static BigDecimal half(BigDecimal x) {
        if (x.precision() > 17) {
            return x.divide(TWO);
        }
        long unscaled = x.scaleByPowerOfTen(x.scale()).longValue();
        return (unscaled & 1) == 0 ? BigDecimal.valueOf(unscaled / 2, x.scale())
                : BigDecimal.valueOf(unscaled * 5, x.scale() + 1);
    }

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    public boolean crossed() {
        return bid != null && ask != null && bid.compareTo(ask) > 0;
    }
}
