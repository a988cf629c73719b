package io.tradeloom.domain.instrument;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A tradable instrument under our own symbol. Venue symbols are mapped with {@link SymbolMapping}.
 *
 * @param symbol     our symbol, upper case, e.g. {@code AAPL}
 * @param assetClass asset class
 * @param currency   ISO 4217 quote currency
 * @param tickSize   minimum price increment, positive
 * @param lotSize    minimum quantity increment, positive
 */
public record Instrument(String symbol, AssetClass assetClass, String currency, BigDecimal tickSize, BigDecimal lotSize) {

    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(tickSize, "tickSize");
        Objects.requireNonNull(lotSize, "lotSize");
        if (symbol.isBlank()) {
            throw new IllegalArgumentException("symbol: must not be blank");
        }
        if (tickSize.signum() <= 0) {
            throw new IllegalArgumentException("tickSize: must be positive (was " + tickSize.toPlainString() + ")");
        }
        if (lotSize.signum() <= 0) {
            throw new IllegalArgumentException("lotSize: must be positive (was " + lotSize.toPlainString() + ")");
        }
    }

    /** A US equity quoted in USD with a one-cent tick and one-share lot. */
    public static Instrument equity(String symbol) {
        return new Instrument(symbol, AssetClass.EQUITY, "USD", new BigDecimal("0.01"), BigDecimal.ONE);
    }
}
