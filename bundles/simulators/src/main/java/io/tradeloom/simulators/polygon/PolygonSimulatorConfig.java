package io.tradeloom.simulators.polygon;

import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link PolygonSimulator}.
 *
 * @param port            loopback port, 0 = a free one
 * @param apiKey          the only key accepted on {@code auth} and by the REST API
 * @param symbols         tickers the generator walks
 * @param ratePerSecond   generated events per second while the load runs (0 = only on command)
 * @param seed            random-walk seed: the same seed and start time give the same stream
 * @param tradeRatio      share of generated events that are trades (the rest are quotes)
 * @param startPriceCents first mid price of every symbol, in cents
 * @param startMillis     simulated clock start (epoch ms), 0 = the wall clock at start
 * @param batchSize       most events per wire frame (Polygon sends JSON arrays)
 * @param authTimeoutMillis time a client has to authenticate before {@code auth_timeout}
 * @param maxConnections  0 = unlimited; more are refused with {@code max_connections}
 */
public record PolygonSimulatorConfig(int port, String apiKey, List<String> symbols, int ratePerSecond, long seed,
                                     double tradeRatio, long startPriceCents, long startMillis, int batchSize,
                                     long authTimeoutMillis, int maxConnections) {

    public static final String DEFAULT_API_KEY = "sim-key";

    public PolygonSimulatorConfig {
        Objects.requireNonNull(apiKey, "apiKey");
        symbols = List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols: at least one is needed");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + ": must be 0..65535");
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate=" + ratePerSecond + ": must not be negative");
        }
        if (tradeRatio < 0 || tradeRatio > 1) {
            throw new IllegalArgumentException("tradeRatio=" + tradeRatio + ": must be between 0 and 1");
        }
        if (startPriceCents < 100) {
            throw new IllegalArgumentException("startPriceCents=" + startPriceCents + ": must be at least 100");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize=" + batchSize + ": must be at least 1");
        }
    }

    /** Defaults: free port, key {@value #DEFAULT_API_KEY}, AAPL MSFT SPY, no load, seed 42. */
    public static PolygonSimulatorConfig defaults() {
        return new PolygonSimulatorConfig(0, DEFAULT_API_KEY, List.of("AAPL", "MSFT", "SPY"), 0, 42L, 0.25,
                10_000, 0, 50, 10_000, 0);
    }

    public PolygonSimulatorConfig withPort(int p) {
        return new PolygonSimulatorConfig(p, apiKey, symbols, ratePerSecond, seed, tradeRatio, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withApiKey(String k) {
        return new PolygonSimulatorConfig(port, k, symbols, ratePerSecond, seed, tradeRatio, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withSymbols(List<String> s) {
        return new PolygonSimulatorConfig(port, apiKey, s, ratePerSecond, seed, tradeRatio, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withRate(int r) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, r, seed, tradeRatio, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withSeed(long s) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, ratePerSecond, s, tradeRatio, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withTradeRatio(double r) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, ratePerSecond, seed, r, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withStartMillis(long ms) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, ratePerSecond, seed, tradeRatio, startPriceCents,
                ms, batchSize, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withBatchSize(int b) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, ratePerSecond, seed, tradeRatio, startPriceCents,
                startMillis, b, authTimeoutMillis, maxConnections);
    }

    public PolygonSimulatorConfig withAuthTimeoutMillis(long ms) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, ratePerSecond, seed, tradeRatio, startPriceCents,
                startMillis, batchSize, ms, maxConnections);
    }

    public PolygonSimulatorConfig withMaxConnections(int n) {
        return new PolygonSimulatorConfig(port, apiKey, symbols, ratePerSecond, seed, tradeRatio, startPriceCents,
                startMillis, batchSize, authTimeoutMillis, n);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "PolygonSimulatorConfig[port=" + port + ", apiKey=****, symbols=" + symbols + ", rate="
                + ratePerSecond + ", seed=" + seed + ", tradeRatio=" + tradeRatio + ", startPriceCents="
                + startPriceCents + ", startMillis=" + startMillis + ", batchSize=" + batchSize + "]";
    }
}
