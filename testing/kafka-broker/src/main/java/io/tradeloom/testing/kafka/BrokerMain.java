package io.tradeloom.testing.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The broker process's entry point: formats the KRaft log directory on first start (what {@code kafka-storage.sh
 * format} does), then runs {@code kafka.Kafka} in the same JVM. Exits when its parent's pipe on stdin closes, so a
 * test JVM that dies never leaves a broker behind.
 *
 * <p>Arguments: {@code server.properties clusterId logDir}.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        String config = args[0];
        String clusterId = args[1];
        Path logDir = Paths.get(args[2]);
        watchParent();
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(
                    new String[]{"format", "-t", clusterId, "-c", config, "--ignore-formatted"}, System.out);
            if (rc != 0) {
                System.err.println("kafka storage format failed with " + rc);
                Runtime.getRuntime().halt(2);
            }
        }
        kafka.Kafka.main(new String[]{config});
    }

    private static void watchParent() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // nothing is sent; the read returns -1 when the parent closes the pipe or dies
                }
            } catch (IOException ignored) {
                // same as end of stream
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
