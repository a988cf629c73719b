package io.tradeloom.reporting.internal;

import org.junit.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class DestinationConfigTest {

    private static final Path DATA = Path.of("data");

    private static String error(Map<String, ?> props) {
        try {
            DestinationConfig.parse(props, DATA);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted " + props);
        return null;
    }

    @Test
    public void badValuesNameFileKeyAndValue() {
        String file = "file:/opt/tradeloom/etc/io.tradeloom.reporting-hq.cfg";
        String m = error(Map.of("felix.fileinstall.filename", file, "id", "hq", "type", "ftp"));
        assertTrue(m, m.startsWith("io.tradeloom.reporting-hq.cfg: type=ftp"));
        m = error(Map.of("id", "hq", "type", "http", "url", "ftp://x"));
        assertTrue(m, m.contains("url=ftp://x"));
        m = error(Map.of("id", "hq", "type", "kafka", "topic", "t"));
        assertTrue(m, m.contains("bootstrap.servers"));
        m = error(Map.of("id", "hq", "type", "file", "max.attempts", "-1"));
        assertTrue(m, m.contains("max.attempts=-1"));
        m = error(Map.of("id", "h q", "type", "file"));
        assertTrue(m, m.contains("id=h q"));
    }

    @Test
    public void defaultsAndNoSecretsInToString() {
        DestinationConfig c = DestinationConfig.parse(Map.of("id", "hq", "type", "http", "url",
                "https://reports.example/api", "authorization", "Bearer s3cret"), DATA);
        assertEquals(8, c.transmit().maxInFlight());
        assertEquals("Bearer s3cret", c.authorization());
        assertFalse(c.toString(), c.toString().contains("s3cret"));
        DestinationConfig k = DestinationConfig.parse(Map.of("id", "k", "type", "kafka", "bootstrap.servers",
                "127.0.0.1:9092", "topic", "reports", "kafka.sasl.jaas.config", "password=hunter2"), DATA);
        assertEquals("password=hunter2", k.kafkaProperties().get("sasl.jaas.config"));
        assertFalse(k.toString(), k.toString().contains("hunter2"));
        DestinationConfig f = DestinationConfig.parse(Map.of("id", "drop", "type", "file"), DATA);
        assertEquals(DATA.resolve("tradeloom/reporting/drop/drop"), f.dir());
    }

    @Test
    public void producerThroughputKeysAreCheckedAndNormalized() {
        String m = error(Map.of("id", "k", "type", "kafka", "bootstrap.servers", "127.0.0.1:9092", "topic", "t",
                "kafka.linger.ms", "soon"));
        assertTrue(m, m.contains("kafka.linger.ms=soon"));
        m = error(Map.of("id", "k", "type", "kafka", "bootstrap.servers", "127.0.0.1:9092", "topic", "t",
                "kafka.compression.type", "brotli"));
        assertTrue(m, m.contains("kafka.compression.type=brotli"));
        m = error(Map.of("id", "k", "type", "file", "commit.interval.ms", "5000"));
        assertTrue(m, m.contains("commit.interval.ms=5000"));
        DestinationConfig k = DestinationConfig.parse(Map.of("id", "k", "type", "kafka", "bootstrap.servers",
                "127.0.0.1:9092", "topic", "t", "kafka.compression.type", "NONE", "commit.interval.ms", "2"), DATA);
        assertEquals("none", k.kafkaProperties().get("compression.type"));
        assertEquals("5", k.kafkaProperties().get("linger.ms"));
        assertEquals(String.valueOf(256 * 1024), k.kafkaProperties().get("batch.size"));
        assertEquals(2, k.transmit().commitInterval().toMillis());
        assertEquals("Kafka hands reports over in batches by default", 500, k.transmit().batchMax());
        assertEquals(1, DestinationConfig.parse(Map.of("id", "h", "type", "http", "url", "https://x.example/r"),
                DATA).transmit().batchMax());
        m = error(Map.of("id", "k", "type", "file", "batch.max", "0"));
        assertTrue(m, m.contains("batch.max=0"));
    }
}
