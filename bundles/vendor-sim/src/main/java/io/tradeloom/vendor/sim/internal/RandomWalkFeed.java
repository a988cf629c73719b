package io.tradeloom.vendor.sim.internal;

import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates a geometric random walk per symbol in integer cents (a scaled long on the hot path), quoting a
 * spread of at least one tick around it and printing trades inside the spread. Quotes are never crossed.
 */
final class RandomWalkFeed {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final SplittableRandom random;
    private final Clock clock;
    private final Map<String, Long> midCents = new ConcurrentHashMap<>();
    private volatile SimConfig config;
    private long tradeSeq;
    private double carry;

    RandomWalkFeed(SimConfig config, Clock clock, long seed) {
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        reconfigure(config);
    }

    /** Applies new settings; symbols that stay keep their current price. */
    synchronized void reconfigure(SimConfig c) {
        for (String sym : c.symbols()) {
            midCents.computeIfAbsent(sym, s -> c.startPrices().get(s).multiply(HUNDRED).longValue());
        }
        midCents.keySet().retainAll(c.symbols());
        this.config = c;
    }

    SimConfig config() {
        return config;
    }

    /** The events due after {@code elapsedNanos} at the configured rate (fractions carry over). */
    synchronized List<MarketDataEvent> next(long elapsedNanos) {
        SimConfig c = config;
        double due = c.ticksPerSecond() * (elapsedNanos / 1e9) + carry;
        int n = (int) Math.min(due, c.ticksPerSecond());
        carry = n == (int) due ? due - n : 0;
        List<MarketDataEvent> out = new ArrayList<>(n);
        Instant now = clock.instant();
        List<String> symbols = c.symbols();
        double tradeRatio = c.tradeRatio().doubleValue();
        for (int i = 0; i < n; i++) {
            String sym = symbols.get(random.nextInt(symbols.size()));
            out.add(random.nextDouble() < tradeRatio ? trade(sym, c, now) : quote(sym, c, now));
        }
        return out;
    }

    private long step(String sym, SimConfig c) {
        long mid = midCents.get(sym);
        // The walk itself is a simulation parameter, not money: double is fine here; prices stay whole cents.
        double move = random.nextGaussian() * c.volatilityBps().doubleValue() / 10_000.0;
        long next = Math.max(1, Math.round(mid * (1 + move)));
        midCents.put(sym, next);
        return next;
    }

    private long halfSpread(long mid, SimConfig c) {
        return Math.max(1, Math.round(mid * c.spreadBps().doubleValue() / 20_000.0));
    }

    private Quote quote(String sym, SimConfig c, Instant now) {
        long mid = step(sym, c);
        long half = halfSpread(mid, c);
        long bid = Math.max(1, mid - half);
        long ask = Math.max(bid + 1, mid + half);
        return new Quote(sym, c.id(), cents(bid), size(), cents(ask), size(), now, now);
    }

    private Trade trade(String sym, SimConfig c, Instant now) {
        long mid = midCents.get(sym);
        long half = halfSpread(mid, c);
        long px = Math.max(1, mid - half + random.nextLong(2 * half + 1));
        return new Trade(sym, c.id(), cents(px), BigDecimal.valueOf((1 + random.nextInt(10)) * 10L), c.id() + "-"
                + (++tradeSeq), now, now);
    }

    private BigDecimal size() {
        return BigDecimal.valueOf(100L * (1 + random.nextInt(10)));
    }

    private static BigDecimal cents(long c) {
        return BigDecimal.valueOf(c, 2);
    }
}
