package io.tradeloom.itests;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The Kafka bridge against a real KRaft broker (launched by the suite, see {@link ItestKafka}): orders in through
 * {@code orders.in}, their events back from {@code orders.events}, a bad record dead-lettered without stopping the
 * consumer, and vendor-sim quotes on {@code marketdata.quotes}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class KafkaIT extends TradeloomTestSupport {

    private static final String SECRET = "itest-secret-" + UUID.randomUUID();

    @Inject
    OrderService orders;

    @Inject
    DeadLetterQueue deadLetters;

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private String servers;
    private Path cfg;

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        servers = System.getProperty(ItestKafka.PROPERTY);
        assertNotNull("the suite passes the broker address", servers);
        cfg = karafBase().resolve("etc/io.tradeloom.kafka.cfg");
        createTopic("orders.in");
        // A secret that must never surface: PLAINTEXT ignores the JAAS login, so the bridge still connects.
        edit(cfg, "bootstrap.servers = " + servers + "\n"
                + "kafka.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"itest\" password=\"" + SECRET + "\";\n");
        await("Kafka bridge enabled and connected", 90_000,
                () -> bool("Enabled") && bool("Connected") && bool("Running"));
    }

    @After
    public void tearDown() throws Exception {
        letFileInstallSettle();
        edit(cfg, "bootstrap.servers =\n");
        await("Kafka bridge off again", 30_000, () -> {
            try {
                return !bool("Enabled");
            } catch (RuntimeException notThereWhileRestarting) {
                return false;
            }
        });
    }

    @Test
    public void ordersInEventsOutBadRecordsDeadLetteredQuotesOut() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String good = "kit-" + run + "-1";
        String after = "kit-" + run + "-2";
        String invalid = "kit-" + run + "-3";
        String badJson = "{\"clientOrderId\":\"kit-" + run + "-bad\",\"venue\":\"paper\",\"symbol\":\"AAPL\","
                + "\"side\":\"BUY\",\"quantity\":true}";
        long lettersBefore = deadLetters.total();

        try (KafkaConsumer<String, String> events = consumer("orders.events");
             KafkaConsumer<String, String> quotes = consumer("marketdata.quotes");
             KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("orders.in", good, order(good, "10"))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("orders.in", "kit-" + run + "-bad", badJson)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("orders.in", after, order(after, "5"))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("orders.in", invalid, order(invalid, "-5"))).get(30, TimeUnit.SECONDS);

            // The good order: accepted, in the order service, and filled by the paper broker, all on orders.events.
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            ConsumerRecord<String, String> accepted = awaitRecord(events, seen,
                    r -> r.value().contains("\"type\":\"SUBMIT_ACCEPTED\"") && r.value().contains(good));
            String orderId = field(accepted.value(), "orderId");
            assertEquals("keyed by order id", orderId, accepted.key());
            Optional<Order> stored = orders.order(orderId);
            assertTrue("order " + orderId + " in the order service", stored.isPresent());
            assertEquals(good, stored.get().clientOrderId());
            awaitRecord(events, seen, r -> orderId.equals(r.key()) && r.value().contains("\"type\":\"ORDER_EVENT\"")
                    && r.value().contains("\"status\":\"PENDING_NEW\""));
            ConsumerRecord<String, String> filled = awaitRecord(events, seen, r -> orderId.equals(r.key())
                    && r.value().contains("\"status\":\"FILLED\""));
            assertTrue(filled.value(), filled.value().contains("\"execType\":\"TRADE\""));
            assertTrue(filled.value(), filled.value().contains("\"filledQty\":\"10\""));
            await("order filled in the order service", 30_000,
                    () -> orders.order(orderId).map(o -> o.status() == OrderStatus.FILLED).orElse(false));

            // The bad record is dead-lettered with its raw text and the field; the consumer goes on.
            ConsumerRecord<String, String> afterBad = awaitRecord(events, seen,
                    r -> r.value().contains("\"type\":\"SUBMIT_ACCEPTED\"") && r.value().contains(after));
            assertTrue(orders.order(field(afterBad.value(), "orderId")).isPresent());
            await("bad record dead-lettered", 10_000, () -> deadLetters.total() > lettersBefore);
            DeadLetter letter = deadLetters.list("kafka:orders.in", null, 10).stream()
                    .filter(d -> d.payload().equals(badJson)).findFirst().orElseThrow();
            assertTrue(letter.reason(), letter.reason().contains("quantity"));
            assertTrue(((Number) attr("BadRecords")).longValue() >= 1);

            // An order the order service refuses: the reject names the field.
            ConsumerRecord<String, String> rejected = awaitRecord(events, seen,
                    r -> r.value().contains("\"type\":\"SUBMIT_REJECTED\"") && r.value().contains(invalid));
            assertEquals(invalid, rejected.key());
            assertTrue(rejected.value(), rejected.value().contains("\"field\":\"qty\""));

            // Vendor-sim quotes, keyed by symbol.
            ConsumerRecord<String, String> quote = awaitRecord(quotes, new ArrayList<>(),
                    r -> r.value().contains("\"type\":\"QUOTE\"") && r.value().contains("\"source\":\"sim\""));
            assertEquals(quote.key(), field(quote.value(), "symbol"));
            assertTrue(Set.of("AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "SPY").contains(quote.key()));
        }
        String log = karafLog();
        assertFalse("the secret never reaches the log", log.contains(SECRET));
        assertFalse("nor JMX", String.valueOf(mbeans.getMBeanInfo(new ObjectName("io.tradeloom:type=kafka")))
                .contains(SECRET));
    }

    private static String order(String clientOrderId, String quantity) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"BUY\","
                + "\"type\":\"MARKET\",\"quantity\":\"" + quantity + "\"}";
    }

    /** A flat string field of a JSON object; enough for the records this test reads. */
    private static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int i = json.indexOf(marker);
        assertTrue(name + " in " + json, i >= 0);
        int start = i + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private boolean bool(String attribute) {
        return Boolean.TRUE.equals(attr(attribute));
    }

    private Object attr(String attribute) {
        try {
            return mbeans.getAttribute(new ObjectName("io.tradeloom:type=kafka"), attribute);
        } catch (javax.management.InstanceNotFoundException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void createTopic(String name) throws Exception {
        KafkaClients.createTopic(servers, name);
    }

    private KafkaProducer<String, String> producer() {
        return KafkaClients.producer(servers);
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        return KafkaClients.consumer(servers, topic);
    }

    private static ConsumerRecord<String, String> awaitRecord(KafkaConsumer<String, String> consumer,
                                                              List<ConsumerRecord<String, String>> seen,
                                                              java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        return KafkaClients.awaitRecord(consumer, seen, match);
    }
}
