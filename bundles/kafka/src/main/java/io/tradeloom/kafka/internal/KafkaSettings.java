package io.tradeloom.kafka.internal;

import io.tradeloom.domain.config.Settings;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code etc/io.tradeloom.kafka.cfg}. {@code bootstrap.servers} empty or absent: the bridge is off. Keys starting
 * with {@code kafka.} go to every Kafka client unchanged without the prefix (security, SASL, TLS, timeouts); their
 * values are masked wherever this is rendered when the key looks secret.
 */
public record KafkaSettings(String bootstrapServers, String groupId, String ordersIn, String ordersEvents,
                            String quotes, String trades, String bars, boolean ordersInEnabled,
                            boolean orderEventsEnabled, boolean marketDataEnabled, int ordersBuffer,
                            int marketDataBuffer, int marketDataLingerMs, Map<String, Object> clientProperties) {

    public static final String PID = "io.tradeloom.kafka";
    public static final String CLIENT_PREFIX = "kafka.";
    static final String MASK = "****";

    public static KafkaSettings parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        Map<String, Object> client = new TreeMap<>();
        if (props != null) {
            props.forEach((k, v) -> {
                if (k.startsWith(CLIENT_PREFIX) && k.length() > CLIENT_PREFIX.length() && v != null
                        && !v.toString().isBlank()) {
                    client.put(k.substring(CLIENT_PREFIX.length()), v.toString().trim());
                }
            });
        }
        if (client.containsKey("bootstrap.servers")) {
            throw s.invalid("kafka.bootstrap.servers", "set bootstrap.servers instead");
        }
        return new KafkaSettings(s.string("bootstrap.servers", null),
                s.string("group.id", "tradeloom-orders-in"),
                topic(s, "topic.orders.in", "orders.in"),
                topic(s, "topic.orders.events", "orders.events"),
                topic(s, "topic.marketdata.quotes", "marketdata.quotes"),
                topic(s, "topic.marketdata.trades", "marketdata.trades"),
                topic(s, "topic.marketdata.bars", "marketdata.bars"),
                s.bool("orders.in.enabled", true),
                s.bool("orders.events.enabled", true),
                s.bool("marketdata.enabled", true),
                (int) s.integer("orders.buffer", 10_000, 1, 1_000_000),
                (int) s.integer("marketdata.buffer", 10_000, 1, 1_000_000),
                (int) s.integer("marketdata.linger.ms", 20, 0, 10_000),
                Map.copyOf(client));
    }

    private static String topic(Settings s, String key, String defaultName) {
        String t = s.string(key, defaultName);
        if (!t.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw s.invalid(key, "not a valid topic name (letters, digits, '.', '_', '-')");
        }
        return t;
    }

    public boolean enabled() {
        return bootstrapServers != null;
    }

    /** Whether a client property holds a credential: its value is never shown. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
                || k.contains("credential") || k.contains("key");
    }

    /** The client properties with secret values masked, for logs. */
    public Map<String, Object> maskedClientProperties() {
        Map<String, Object> m = new TreeMap<>();
        clientProperties.forEach((k, v) -> m.put(k, secret(k) ? MASK : v));
        return m;
    }

    /** Never shows a credential. */
    @Override
    public String toString() {
        return "bootstrap.servers=" + bootstrapServers + ", group.id=" + groupId + ", topics=[" + ordersIn + ", "
                + ordersEvents + ", " + quotes + ", " + trades + ", " + bars + "], orders.in=" + ordersInEnabled
                + ", orders.events=" + orderEventsEnabled + ", marketdata=" + marketDataEnabled + ", buffers="
                + ordersBuffer + "/" + marketDataBuffer + ", client=" + maskedClientProperties();
    }
}
