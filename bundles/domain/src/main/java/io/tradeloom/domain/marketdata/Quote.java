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

    /** Midpoint, or null when one side is missing. */
    public BigDecimal mid() {
        if (bid == null || ask == null) {
            return null;
        }
        return half(bid.add(ask));
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
