package io.tradeloom.simulators.fix.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tradeloom.simulators.fix.FixSimulatorConfig;

/**
 * Reads a {@link FixSimulatorConfig} from Config Admin properties (pid {@code io.tradeloom.simulator.fix}). Every
 * bad value is reported as {@code key=value: reason}.
 */
public final class SimulatorSettings {

    public static final String PID = "io.tradeloom.simulator.fix";

    public static final String NAME = "name";
    public static final String PORT = "port";
    public static final String SENDER_COMP_ID = "sender.comp.id";
    public static final String TARGET_COMP_ID = "target.comp.id";
    public static final String STORE_DIR = "store.dir";
    public static final String ACK_DELAY_MS = "ack.delay.ms";
    public static final String FILL_SLICES = "fill.slices";
    public static final String FILL_INTERVAL_MS = "fill.interval.ms";
    public static final String REJECT_SYMBOLS = "reject.symbols";
    public static final String FILL_PRICE_PREFIX = "fill.price.";
    public static final String DEFAULT_FILL_PRICE = "default.fill.price";
    public static final String REST_ONLY = "rest.only";

    /** Port used when the configuration names none. */
    public static final int DEFAULT_PORT = 9880;

    private SimulatorSettings() {
    }

    /** The simulator's name: {@code name}, else the suffix of the factory configuration's file or pid. */
    public static String name(Map<String, ?> props) {
        String name = string(props, NAME);
        if (name != null) {
            return name;
        }
        String key = string(props, "org.apache.karaf.features.configKey"); // a <config> of a Karaf feature
        if (key != null && key.startsWith(PID + "-")) {
            return key.substring(PID.length() + 1);
        }
        String file = string(props, "felix.fileinstall.filename");
        if (file != null) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            if (base.startsWith(PID + "-") && base.endsWith(".cfg")) {
                return base.substring(PID.length() + 1, base.length() - ".cfg".length());
            }
        }
        String pid = string(props, "service.pid");
        String factoryPid = string(props, "service.factoryPid");
        if (pid != null && factoryPid != null && pid.startsWith(factoryPid + "~")) {
            return pid.substring(factoryPid.length() + 1); // R7 named factory configurations
        }
        if (pid != null && factoryPid != null && pid.startsWith(factoryPid + ".")) {
            return pid.substring(factoryPid.length() + 1);
        }
        return "default";
    }

    public static FixSimulatorConfig read(Map<String, ?> props, Path karafData) {
        String name = name(props);
        String store = string(props, STORE_DIR);
        Path storeDir = store != null ? Path.of(store) : karafData.resolve("simulators").resolve("fix-" + name);
        FixSimulatorConfig.Builder b = FixSimulatorConfig.builder(storeDir)
                .acceptPort(intValue(props, PORT, DEFAULT_PORT, 0, 65535))
                .ackDelayMillis(longValue(props, ACK_DELAY_MS, 0))
                .fillSlices(intValue(props, FILL_SLICES, FixSimulatorConfig.DEFAULT_FILL_SLICES, 0, 1000))
                .fillIntervalMillis(longValue(props, FILL_INTERVAL_MS, FixSimulatorConfig.DEFAULT_FILL_INTERVAL_MILLIS))
                .restOnly(bool(props, REST_ONLY, false));
        String sender = string(props, SENDER_COMP_ID);
        if (sender != null) {
            b.senderCompId(sender);
        }
        String target = string(props, TARGET_COMP_ID);
        if (target != null) {
            b.targetCompId(target);
        }
        for (String symbol : list(props.get(REJECT_SYMBOLS))) {
            b.rejectSymbol(symbol);
        }
        String defaultPrice = string(props, DEFAULT_FILL_PRICE);
        if (defaultPrice != null) {
            b.defaultFillPrice(price(DEFAULT_FILL_PRICE, defaultPrice));
        }
        for (Map.Entry<String, ?> e : props.entrySet()) {
            if (e.getKey().startsWith(FILL_PRICE_PREFIX) && e.getKey().length() > FILL_PRICE_PREFIX.length()) {
                String symbol = e.getKey().substring(FILL_PRICE_PREFIX.length());
                b.fillPrice(symbol, price(e.getKey(), String.valueOf(e.getValue()).trim()));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " (" + name + "): " + e.getMessage(), e);
        }
    }

    private static BigDecimal price(String key, String value) {
        try {
            BigDecimal p = new BigDecimal(value);
            if (p.signum() <= 0) {
                throw new IllegalArgumentException(key + "=" + value + ": must be > 0");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": not a number");
        }
    }

    static String string(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    private static int intValue(Map<String, ?> props, String key, int def, int min, int max) {
        long v = longValue(props, key, def);
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + "=" + v + ": must be " + min + ".." + max);
        }
        return (int) v;
    }

    private static long longValue(Map<String, ?> props, String key, long def) {
        Object v = props.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            return def;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            long l = Long.parseLong(String.valueOf(v).trim());
            if (l < 0) {
                throw new IllegalArgumentException(key + "=" + v + ": must be >= 0");
            }
            return l;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + ": not a whole number");
        }
    }

    private static boolean bool(Map<String, ?> props, String key, boolean def) {
        Object v = props.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw new IllegalArgumentException(key + "=" + v + ": must be true or false");
        };
    }

    /** A comma-separated string, an array or a collection, as trimmed non-empty strings. */
    static List<String> list(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                out.addAll(list(o));
            }
        } else if (v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                out.addAll(list(Array.get(v, i)));
            }
        } else {
            for (String s : String.valueOf(v).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
