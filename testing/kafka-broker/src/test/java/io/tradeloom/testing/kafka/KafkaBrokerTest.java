package io.tradeloom.testing.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Produces to and consumes from the real broker, across a stop and start that keep the data. */
public class KafkaBrokerTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static KafkaBroker broker;

    @BeforeClass
    public static void startBroker() throws Exception {
        broker = KafkaBroker.start(TMP.newFolder("kafka").toPath());
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    public void producesAndConsumesAndKeepsDataAcrossRestart() throws Exception {
        assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"));
        broker.createTopic("roundtrip", 3);
        broker.createTopic("roundtrip", 3); // idempotent
        try (var admin = broker.admin()) {
            assertEquals(3, admin.describeTopics(Set.of("roundtrip")).allTopicNames().get().get("roundtrip")
                    .partitions().size());
        }
        send("roundtrip", "k1", "before-restart");

        String servers = broker.bootstrapServers();
        broker.stop();
        assertFalse(broker.isRunning());
        broker.start();
        assertTrue(broker.isRunning());
        assertEquals("same address after a restart", servers, broker.bootstrapServers());

        send("roundtrip", "k2", "after-restart");
        List<String> got = consume("roundtrip", 2);
        assertEquals(List.of("k1=before-restart", "k2=after-restart"), sortedByKey(got));
    }

    private static List<String> sortedByKey(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }

    private static void send(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consume(String topic, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.key() + "=" + r.value());
                }
            }
        }
        return out;
    }
}
