package io.tradeloom.domain.marketdata;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A print on the tape. {@code tradeId} is the venue's id when it gives one. */
public record Trade(String symbol, String source, BigDecimal price, BigDecimal size, String tradeId,
                    Instant timestamp, Instant receivedAt) implements MarketDataEvent {

    public Trade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
