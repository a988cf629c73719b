package io.tradeloom.reporting.internal;

import io.tradeloom.domain.config.Settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One destination, from {@code etc/io.tradeloom.reporting-<name>.cfg}. Keys are in bundles/reporting/README.md.
 * Errors name the file, the key and the value. {@link #toString()} never shows the HTTP authorization or any
 * {@code kafka.*} property (they may carry credentials).
 */
public record DestinationConfig(String id, Type type, Transmitter.Settings transmit, String bootstrapServers,
                                String topic, Duration deliveryTimeout, Map<String, String> kafkaProperties,
                                URI url, Duration httpTimeout, String authorization, Path dir,
                                FileDropSender.Format format, String fixHost, int fixPort, String senderCompId,
                                String targetCompId, int heartbeatSeconds, int reconnectSeconds) {

    public enum Type { KAFKA, HTTP, FILE, FIX }

    /** Kafka's compression.type values. */
    public enum Compression { NONE, GZIP, SNAPPY, LZ4, ZSTD }

    public static DestinationConfig parse(Map<String, ?> props, Path dataDir) {
        Settings s = new Settings(props);
        String id = s.required("id");
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw s.invalid("id", "must be letters, digits, '.', '_' or '-'");
        }
        Type type = s.enumValue("type", Type.class, null);
        if (type == null) {
            throw s.invalid("type", "required: kafka, http, file or fix");
        }
        int defaultInFlight = switch (type) {
            case KAFKA -> 20_000;
            case HTTP -> 8;
            case FILE, FIX -> 1;
        };
        Transmitter.Settings transmit = new Transmitter.Settings(
                (int) s.integer("max.in.flight", defaultInFlight, 1, 1_000_000),
                (int) s.integer("max.attempts", 10, 1, 1_000_000),
                Duration.ofMillis(s.integer("retry.initial.ms", 500, 1, 3_600_000)),
                Duration.ofMillis(s.integer("retry.max.ms", 30_000, 1, 86_400_000)),
                Duration.ofMillis(s.integer("stop.timeout.ms", 5_000, 0, 600_000)),
                (int) s.integer("batch.max", type == Type.KAFKA ? 500 : 1, 1, 100_000),
                Duration.ofMillis(s.integer("commit.interval.ms",
                        Transmitter.Settings.DEFAULT_COMMIT_INTERVAL.toMillis(), 0, 1_000)));
        String bootstrap = null;
        String topic = null;
        Duration deliveryTimeout = null;
        Map<String, String> kafka = new LinkedHashMap<>();
        URI url = null;
        Duration httpTimeout = null;
        String authorization = null;
        Path dir = null;
        FileDropSender.Format format = null;
        String host = null;
        int port = 0;
        String sender = null;
        String target = null;
        int heartbeat = 0;
        int reconnect = 0;
        switch (type) {
            case KAFKA -> {
                bootstrap = String.join(",", s.list("bootstrap.servers", List.of()));
                if (bootstrap.isEmpty()) {
                    throw s.invalid("bootstrap.servers", "required for type kafka");
                }
                topic = s.required("topic");
                deliveryTimeout = Duration.ofMillis(s.integer("delivery.timeout.ms", 120_000, 1_000, 86_400_000));
                // The throughput knobs are checked here so that a typo names the key instead of failing the
                // producer's start; any other kafka.* property passes through unchecked (may be a credential).
                long linger = s.integer("kafka.linger.ms", KafkaSender.DEFAULT_LINGER_MS, 0, 60_000);
                long batch = s.integer("kafka.batch.size", KafkaSender.DEFAULT_BATCH_SIZE, 0, 16 * 1024 * 1024);
                Compression compression = s.enumValue("kafka.compression.type", Compression.class,
                        Compression.valueOf(KafkaSender.DEFAULT_COMPRESSION.toUpperCase(java.util.Locale.ROOT)));
                for (var e : props.entrySet()) {
                    if (e.getKey().startsWith("kafka.") && e.getValue() != null) {
                        kafka.put(e.getKey().substring("kafka.".length()), e.getValue().toString().trim());
                    }
                }
                kafka.put("linger.ms", Long.toString(linger));
                kafka.put("batch.size", Long.toString(batch));
                kafka.put("compression.type", compression.name().toLowerCase(java.util.Locale.ROOT));
            }
            case HTTP -> {
                String u = s.required("url");
                try {
                    url = URI.create(u);
                } catch (IllegalArgumentException e) {
                    throw s.invalid("url", e.getMessage());
                }
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                    throw s.invalid("url", "must be http:// or https://");
                }
                httpTimeout = Duration.ofMillis(s.integer("timeout.ms", 5_000, 1, 600_000));
                authorization = s.string("authorization", null);
            }
            case FILE -> {
                String d = s.string("dir", null);
                dir = d == null ? dataDir.resolve("tradeloom/reporting/drop").resolve(id) : Path.of(d);
                format = s.enumValue("format", FileDropSender.Format.class, FileDropSender.Format.JSON);
            }
            case FIX -> {
                host = s.string("fix.host", "127.0.0.1");
                port = (int) s.integer("fix.port", -1, 1, 65535);
                if (port < 0) {
                    throw s.invalid("fix.port", "required for type fix");
                }
                sender = s.required("fix.sender.comp.id");
                target = s.required("fix.target.comp.id");
                heartbeat = (int) s.integer("fix.heartbeat.s", 30, 1, 3600);
                reconnect = (int) s.integer("fix.reconnect.s", 5, 1, 3600);
            }
        }
        return new DestinationConfig(id, type, transmit, bootstrap, topic, deliveryTimeout, Map.copyOf(kafka), url,
                httpTimeout, authorization, dir, format, host, port, sender, target, heartbeat, reconnect);
    }

    @Override
    public String toString() {
        return "destination " + id + " (" + type.name().toLowerCase() + ", max.in.flight="
                + transmit.maxInFlight() + ", batch.max=" + transmit.batchMax() + ", max.attempts="
                + transmit.maxAttempts() + ")";
    }
}
