package io.tradeloom.itests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Kafka clients for tests inside the container, against the suite's broker ({@link ItestKafka#PROPERTY}). */
final class KafkaClients {

    private KafkaClients() {
    }

    /** Kafka clients load their plugins through the thread's context class loader: kafka-clients' own here. */
    static <T> T withKafkaLoader(Supplier<T> create) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return create.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    static void createTopic(String servers, String name) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 90_000);
        try (Admin admin = withKafkaLoader(() -> Admin.create(p))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    static KafkaProducer<String, String> producer(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return withKafkaLoader(() -> new KafkaProducer<>(p, new StringSerializer(), new StringSerializer()));
    }

    /** A consumer of {@code topic} from its start, in a group of its own. */
    static KafkaConsumer<String, String> consumer(String servers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "itest-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> c = withKafkaLoader(
                () -> new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer()));
        c.subscribe(List.of(topic));
        return c;
    }

    /** The first record, among those seen so far and those polled within 60 s, that matches; all polled go to seen. */
    static ConsumerRecord<String, String> awaitRecord(KafkaConsumer<String, String> consumer,
                                                      List<ConsumerRecord<String, String>> seen,
                                                      Predicate<ConsumerRecord<String, String>> match) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            for (ConsumerRecord<String, String> r : seen) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no matching record on " + consumer.subscription() + " within 60 s; seen "
                        + seen.size() + ": " + seen.stream().limit(20).map(ConsumerRecord::value).toList());
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(r);
            }
        }
    }
}
