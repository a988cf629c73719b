package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.testing.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

/** Reports to a real KRaft broker (testing/kafka-broker), read back by a consumer. */
public class KafkaDestinationTest {

    @ClassRule
    public static final TemporaryFolder BROKER_DIR = new TemporaryFolder();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static KafkaBroker broker;

    @BeforeClass
    public static void startBroker() throws Exception {
        broker = KafkaBroker.start(BROKER_DIR.newFolder("kafka").toPath());
    }

    @AfterClass
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** As the Kafka destination runs by default: batched hand-overs, state changes committed in batches. */
    private static Transmitter kafka(ReportStore store, String topic) {
        return new Transmitter("kafka", "kafka", new KafkaSender(broker.bootstrapServers(), topic,
                Duration.ofSeconds(120), Map.of()), store, new Transmitter.Settings(10_000, 10,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10), 100, Duration.ofMillis(20)),
                Clock.systemUTC());
    }

    /** Every record of the topic, read until {@code expected} arrived and then two quiet polls more. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int quiet = 0;
            while (System.nanoTime() < end && (out.size() < expected || quiet < 2)) {
                int before = out.size();
                c.poll(Duration.ofMillis(500)).forEach(out::add);
                quiet = out.size() >= expected && out.size() == before ? quiet + 1 : 0;
            }
        }
        return out;
    }

    @Test
    public void fillBecomesAReportOnTheTopicKeyedByReportId() {
        broker.createTopic("reports-one", 3);
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r.mv"))) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            Transmitter t = kafka(store, "reports-one");
            engine.attach(t);
            engine.onOrderEvent(Fills.fill("o1", "EX-1", "25", "101.2500", Fills.T0));
            TransactionReport expected = Reports.fromFill(Fills.fill("o1", "EX-1", "25", "101.2500", Fills.T0));
            Waits.until("ACKED", 60_000, () -> t.counts().get(DeliveryState.ACKED) == 1, () -> t.counts() + "");
            t.close();
            List<ConsumerRecord<String, byte[]>> records = readAll("reports-one", 1);
            assertEquals(1, records.size());
            assertEquals(expected.reportId(), records.get(0).key());
            assertArrayEquals(ReportCodec.json(expected), records.get(0).value());
            assertEquals(expected, ReportCodec.fromJson(records.get(0).value()));
        }
    }

    /**
     * The broker goes away for 30 s while reports keep coming, then comes back: every report arrives exactly once
     * (the idempotent producer's own retries carry the outage; nothing is re-sent by us).
     */
    @Test
    public void brokerOutageOfThirtySecondsLosesAndDuplicatesNothing() throws Exception {
        broker.createTopic("reports-outage", 3);
        int before = 300;
        int during = 300;
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r.mv"))) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            Transmitter t = kafka(store, "reports-outage");
            engine.attach(t);
            for (int i = 0; i < before; i++) {
                engine.report(Fills.report(i));
            }
            Waits.until("first reports ACKED", 60_000, () -> t.counts().get(DeliveryState.ACKED) == before);
            broker.stop();
            for (int i = before; i < before + during; i++) {
                engine.report(Fills.report(i));
            }
            Thread.sleep(30_000); // the outage itself, not a wait for a condition
            assertEquals("nothing can be acknowledged while the broker is down", before,
                    (long) t.counts().get(DeliveryState.ACKED));
            broker.start();
            Waits.until("all ACKED", 120_000, () -> t.counts().get(DeliveryState.ACKED) == before + during,
                    () -> t.counts() + "");
            t.close();
        }
        List<ConsumerRecord<String, byte[]>> records = readAll("reports-outage", before + during);
        Map<String, Integer> perKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            perKey.merge(r.key(), 1, Integer::sum);
        }
        assertEquals(before + during, perKey.size());
        for (int i = 0; i < before + during; i++) {
            assertEquals("copies of report " + i, Integer.valueOf(1), perKey.get(Fills.report(i).reportId()));
        }
        assertEquals(before + during, records.size());
    }
}
