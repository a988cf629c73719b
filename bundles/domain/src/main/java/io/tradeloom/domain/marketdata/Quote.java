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
        return bid.add(ask).divide(BigDecimal.valueOf(2));
    }

    public boolean crossed() {
        return bid != null && ask != null && bid.compareTo(ask) > 0;
    }
}
