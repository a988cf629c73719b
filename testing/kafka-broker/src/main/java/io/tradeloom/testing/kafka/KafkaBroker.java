package io.tradeloom.testing.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one node) for tests, listening on
 * 127.0.0.1 on free ports.
 *
 * <p>It runs as a separate {@code java} process started from the Kafka server's Maven artifacts (the classpath is
 * written into this jar at build time), not inside the test JVM, because:
 * <ul>
 *   <li>the Kafka server drags Scala, ZooKeeper, Netty, Jackson and log4j/slf4j versions of its own that would clash
 *       with a Pax Exam driver's or a bundle's test classpath;</li>
 *   <li>"Kafka went away" tests need a broker that really stops (sockets closed, process gone) and comes back on
 *       the same ports with the same data, which {@link #stop()} / {@link #start()} / {@link #restart()} give;</li>
 *   <li>the broker's threads, its heap and its halting on fatal errors ({@code Exit.halt}) stay out of the test
 *       JVM; the process exits on its own when the test JVM dies (it watches its stdin pipe).</li>
 * </ul>
 * Start takes about 3-5 s on this machine (one JVM, storage format and broker in the same process).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path logDir;
    private final Path config;
    private final Path output;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private Process process;

    private KafkaBroker(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.logDir = this.dir.resolve("data");
        this.config = this.dir.resolve("server.properties");
        this.output = this.dir.resolve("broker.log");
        this.port = freePort();
        this.controllerPort = freePort();
    }

    /**
     * Creates and starts a broker whose files (config, data, {@code broker.log}) live under {@code dir}; returns
     * once it answers. The caller stops it with {@link #stop()} or {@link #close()}.
     */
    public static KafkaBroker start(Path dir) {
        KafkaBroker broker = new KafkaBroker(dir);
        broker.writeConfig();
        broker.startProcess();
        return broker;
    }

    /**
     * Like {@link #start(Path)} but returns as soon as the process is launched, so that a caller can boot
     * something else (Karaf) meanwhile; {@link #bootstrapServers()} is already known. Call {@link #awaitReady()}
     * before relying on it, or let clients retry.
     */
    public static KafkaBroker launch(Path dir) {
        KafkaBroker broker = new KafkaBroker(dir);
        broker.writeConfig();
        broker.launchProcess();
        return broker;
    }

    /** {@code 127.0.0.1:port}, the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker again after {@link #stop()}, on the same ports and with the same data. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        startProcess();
    }

    /** Stops the broker gracefully (SIGTERM, controlled shutdown), killing it if that takes too long. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        long t0 = System.nanoTime();
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        awaitPortFree(port);
        awaitPortFree(controllerPort);
        System.out.printf("Kafka broker %s stopped in %d ms%n", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Kills the broker at once (SIGKILL), as a crash would. {@link #start()} brings it back. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        try {
            p.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitPortFree(port);
        awaitPortFree(controllerPort);
    }

    /** {@link #stop()} then {@link #start()}, keeping the log directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates a topic (replication factor 1); an existing topic is left as it is. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(p);
    }

    /** The broker process's own output, for a failing test's message. */
    public String log() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    private void writeConfig() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("log.flush.interval.messages", "9223372036854775807");
        p.put("controlled.shutdown.enable", "true");
        p.put("controller.quorum.election.timeout.ms", "1000");
        // On restart the controller keeps the old broker session until it times out and refuses the new
        // registration meanwhile (DuplicateBrokerRegistrationException): keep that wait short (default 9 s).
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("controller.quorum.fetch.timeout.ms", "2000");
        try {
            Files.createDirectories(logDir);
            try (var w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                p.store(w, "single-node KRaft broker for tests");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    private void startProcess() {
        long t0 = System.nanoTime();
        launchProcess();
        awaitReady();
        System.out.printf("Kafka broker %s up in %d ms%n", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
    }

    private void launchProcess() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("tradeloom.kafka.broker.log", "warn"));
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(BrokerMain.class.getName());
        cmd.add(config.toString());
        cmd.add(clusterId);
        cmd.add(logDir.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker process", e);
        }
    }

    /**
     * The broker JVM's heap, GC and JIT options: cheap ones for tests (small heap, serial GC, C1 only: quick to
     * start, little CPU taken from the tests), replaced by the system property {@value #JVM_PROPERTY}
     * (space-separated) where a benchmark wants a broker tuned for throughput and latency instead.
     */
    static List<String> jvmOptions() {
        String p = System.getProperty(JVM_PROPERTY);
        if (p == null || p.isBlank()) {
            return List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        }
        return List.of(p.trim().split("\\s+"));
    }

    /** System property: the broker JVM's options instead of the test defaults (see {@link #jvmOptions()}). */
    public static final String JVM_PROPERTY = "tradeloom.kafka.broker.jvm";

    /** Waits until the broker answers (registered and unfenced); fails with its log when it died or hung. */
    public synchronized void awaitReady() {
        if (process == null) {
            throw new IllegalStateException("the Kafka broker is stopped");
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; its log:\n"
                        + log());
            }
            if (portOpen(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // broker not yet registered with its controller
                }
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("the Kafka broker did not answer within " + START_TIMEOUT + "; its log:\n"
                + log());
    }

    private String classpath() {
        List<String> entries = new ArrayList<>();
        try {
            entries.add(Paths.get(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath missing from the tradeloom-testing-kafka-broker jar");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String e : cp.split(File.pathSeparator)) {
                if (!e.isBlank() && !new File(e).exists()) {
                    throw new IllegalStateException("Kafka broker classpath entry missing: " + e
                            + " (rebuild testing/kafka-broker against this local repository)");
                }
                entries.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitPortFree(int port) {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (portOpen(port) && System.nanoTime() < deadline) {
            sleep(50);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", dir=" + dir + "]";
    }

    /** For callers that want the settings a client needs, e.g. {@code Map.of("bootstrap.servers", ...)}. */
    public Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }
}
