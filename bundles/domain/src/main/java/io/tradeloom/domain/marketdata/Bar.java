package io.tradeloom.domain.marketdata;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** OHLCV over {@code [timestamp, timestamp + interval)}; {@code timestamp} is the bar's start. */
public record Bar(String symbol, String source, Duration interval, BigDecimal open, BigDecimal high, BigDecimal low,
                  BigDecimal close, BigDecimal volume, Instant timestamp, Instant receivedAt) implements MarketDataEvent {

    public Bar {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
