package io.tradeloom.simulators.polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link PolygonSimulatorConfig} from Config Admin properties (factory pid
 * {@value #PID}) or {@code key=value} command-line options. Every bad value is reported as
 * {@code key=value: reason}; the API key is never echoed.
 */
public final class PolygonSimulatorSettings {

    public static final String PID = "io.tradeloom.simulator.polygon";

    public static final String PORT = "port";
    public static final String API_KEY = "api.key";
    public static final String SYMBOLS = "symbols";
    public static final String RATE = "rate";
    public static final String SEED = "seed";
    public static final String TRADE_RATIO = "trade.ratio";
    public static final String START_PRICE_CENTS = "start.price.cents";
    public static final String BATCH_SIZE = "batch.size";
    public static final String AUTH_TIMEOUT_MS = "auth.timeout.ms";
    public static final String MAX_CONNECTIONS = "max.connections";

    private PolygonSimulatorSettings() {
    }

    public static PolygonSimulatorConfig read(Map<String, ?> props) {
        PolygonSimulatorConfig d = PolygonSimulatorConfig.defaults();
        String key = string(props, API_KEY);
        List<String> symbols = d.symbols();
        String symText = string(props, SYMBOLS);
        if (symText != null) {
            symbols = new ArrayList<>();
            for (String s : symText.split(",")) {
                if (!s.isBlank()) {
                    symbols.add(s.trim());
                }
            }
        }
        try {
            return new PolygonSimulatorConfig(
                    (int) number(props, PORT, d.port(), 0, 65535),
                    key == null ? d.apiKey() : key,
                    symbols,
                    (int) number(props, RATE, d.ratePerSecond(), 0, 5_000_000),
                    number(props, SEED, d.seed(), Long.MIN_VALUE, Long.MAX_VALUE),
                    ratio(props),
                    number(props, START_PRICE_CENTS, d.startPriceCents(), 100, 100_000_000_000L),
                    0,
                    (int) number(props, BATCH_SIZE, d.batchSize(), 1, 10_000),
                    number(props, AUTH_TIMEOUT_MS, d.authTimeoutMillis(), 0, 3_600_000),
                    (int) number(props, MAX_CONNECTIONS, d.maxConnections(), 0, 10_000));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().contains("=") ? e
                    : new IllegalArgumentException("Polygon simulator settings: " + e.getMessage(), e);
        }
    }

    private static double ratio(Map<String, ?> props) {
        String v = string(props, TRADE_RATIO);
        if (v == null) {
            return PolygonSimulatorConfig.defaults().tradeRatio();
        }
        try {
            double r = Double.parseDouble(v);
            if (r < 0 || r > 1) {
                throw new IllegalArgumentException(TRADE_RATIO + "=" + v + ": must be between 0 and 1");
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TRADE_RATIO + "=" + v + ": not a number");
        }
    }

    private static long number(Map<String, ?> props, String key, long dflt, long min, long max) {
        String v = string(props, key);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + "=" + v + ": must be between " + min + " and " + max);
        }
        return n;
    }

    private static String string(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = v instanceof Object[] arr ? String.join(",", Arrays.stream(arr).map(String::valueOf).toList())
                : v.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
