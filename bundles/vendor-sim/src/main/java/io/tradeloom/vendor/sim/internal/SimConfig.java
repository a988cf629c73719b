package io.tradeloom.vendor.sim.internal;

import io.tradeloom.domain.config.Settings;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated feed's settings ({@code etc/io.tradeloom.vendor.sim-<name>.cfg}).
 *
 * @param ticksPerSecond total events per second across all symbols
 * @param tradeRatio     share of events that are trades rather than quotes
 * @param volatilityBps  standard deviation of one random-walk step, in basis points
 * @param spreadBps      quoted spread in basis points (at least one tick)
 * @param startPrices    first mid price per symbol
 * @param fault          fault injection for failover tests and demos: {@code none}; {@code silent} (no ticks,
 *                       health stays UP: a stalled feed); {@code disconnect} (no ticks, health DOWN: a lost
 *                       connection)
 */
record SimConfig(String id, List<String> symbols, long ticksPerSecond, BigDecimal tradeRatio,
                 BigDecimal volatilityBps, BigDecimal spreadBps, Map<String, BigDecimal> startPrices,
                 Fault fault) {

    enum Fault { NONE, SILENT, DISCONNECT }

    /** Prices are walked in whole cents in a long; keep far from overflow. */
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");

    static SimConfig parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String id = s.string("id", "sim");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw s.invalid("id", "must match [a-z0-9][a-z0-9._-]*");
        }
        List<String> symbols = s.list("symbols", List.of("AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "SPY"));
        if (new java.util.HashSet<>(symbols).size() != symbols.size()) {
            throw s.invalid("symbols", "lists a symbol twice");
        }
        for (String sym : symbols) {
            if (!sym.matches("[A-Z0-9.^/-]{1,20}")) {
                throw s.invalid("symbols", "symbol '" + sym + "' is not an upper-case ticker");
            }
        }
        long rate = s.integer("ticks.per.second", 200, 1, 1_000_000);
        BigDecimal tradeRatio = s.decimal("trade.ratio", new BigDecimal("0.2"), BigDecimal.ZERO, BigDecimal.ONE);
        BigDecimal vol = s.decimal("volatility.bps", new BigDecimal("5"), BigDecimal.ZERO, new BigDecimal("1000"));
        BigDecimal spread = s.decimal("spread.bps", new BigDecimal("2"), BigDecimal.ZERO, new BigDecimal("1000"));
        BigDecimal defaultPrice = s.decimal("start.price", new BigDecimal("100"), new BigDecimal("0.01"), MAX_PRICE);
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (String sym : symbols) {
            prices.put(sym, s.decimal("start.price." + sym, defaultPrice, new BigDecimal("0.01"), MAX_PRICE));
        }
        Fault fault = s.enumValue("fault", Fault.class, Fault.NONE);
        return new SimConfig(id, symbols, rate, tradeRatio, vol, spread, Map.copyOf(prices), fault);
    }
}
