package io.tradeloom.domain.marketdata;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A print on the tape. {@code tradeId} is the venue's id when it gives one; {@code sequence} is the venue's
 * per-symbol trade sequence number, {@link #NO_SEQUENCE} when it gives none (a primitive: no boxing per tick).
 */
public record Trade(String symbol, String source, BigDecimal price, BigDecimal size, String tradeId,
                    Instant timestamp, Instant receivedAt, long sequence) implements MarketDataEvent {

    /** {@link #sequence()} of a trade whose venue gives no sequence number. */
    public static final long NO_SEQUENCE = -1;

    public Trade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** A trade without a venue sequence number. */
    public Trade(String symbol, String source, BigDecimal price, BigDecimal size, String tradeId, Instant timestamp,
                 Instant receivedAt) {
        this(symbol, source, price, size, tradeId, timestamp, receivedAt, NO_SEQUENCE);
    }

    /** Whether the venue gave a sequence number. */
    public boolean hasSequence() {
        return sequence != NO_SEQUENCE;
    }
}
