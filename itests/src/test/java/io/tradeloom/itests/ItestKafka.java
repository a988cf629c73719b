package io.tradeloom.itests;

import io.tradeloom.testing.kafka.KafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The suite's one KRaft Kafka broker (testing/kafka-broker), launched lazily once per test JVM in the Pax Exam
 * driver, in the background while Karaf boots, and stopped when the JVM exits. Only the driver uses this class:
 * tests inside the container get the address from the system property {@value #PROPERTY}.
 */
final class ItestKafka {

    static final String PROPERTY = "tradeloom.itest.kafka.bootstrap";

    private static KafkaBroker broker;

    private ItestKafka() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            Path dir = Paths.get("target", "kafka-itest").toAbsolutePath();
            deleteTree(dir);
            broker = KafkaBroker.launch(dir);
            KafkaBroker b = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(b::kill, "itest-kafka-stop"));
        }
        return broker.bootstrapServers();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
