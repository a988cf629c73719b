package io.tradeloom.benchmarks;

import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.domain.venue.VenueState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Order-entry latency of the platform's FIX path against bare QuickFIX/J, in one JVM and one run, against one
 * simulated broker on 127.0.0.1. See benchmarks/README.md for what is measured and how to read the output.
 *
 * <pre>
 * mvn -q -f benchmarks/pom.xml exec:java -Dexec.args="--orders 20000 --warmup 10000"
 * </pre>
 *
 * Options: {@code --orders N} measured orders per path (20000), {@code --warmup N} unrecorded orders per path
 * (10000), {@code --block N} orders per block, the paths alternating block by block (1000),
 * {@code --timeout-ms N} longest wait for one ER (5000), {@code --routes FILE} the orders route file,
 * {@code --out FILE} where the Markdown table goes (benchmarks/target/fix-latency.md), {@code --bare-store
 * memory|file} the bare initiator's message store (memory).
 */
public final class FixLatencyBenchmark {

    private FixLatencyBenchmark() {
    }

    /** Command line. */
    record Options(int orders, int warmup, int block, long timeoutMs, Path routes, Path out, boolean bareFileStore) {

        static Options parse(String[] args) {
            int orders = 20_000;
            int warmup = 10_000;
            int block = 1_000;
            long timeoutMs = 5_000;
            String routes = null;
            String out = null;
            boolean fileStore = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.isBlank()) {
                    continue;
                }
                if (a.equals("--help") || a.equals("-h")) {
                    throw new IllegalArgumentException("usage: FixLatencyBenchmark [--orders N] [--warmup N]"
                            + " [--block N] [--timeout-ms N] [--routes orders.yaml] [--out file.md]"
                            + " [--bare-store memory|file]");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + ": needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--orders" -> orders = positive(a, v);
                    case "--warmup" -> warmup = nonNegative(a, v);
                    case "--block" -> block = positive(a, v);
                    case "--timeout-ms" -> timeoutMs = positive(a, v);
                    case "--routes" -> routes = v;
                    case "--out" -> out = v;
                    case "--bare-store" -> {
                        if (!v.equals("memory") && !v.equals("file")) {
                            throw new IllegalArgumentException("--bare-store " + v + ": must be memory or file");
                        }
                        fileStore = v.equals("file");
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            return new Options(orders, warmup, block, timeoutMs, ProjectFiles.find(routes, "--routes", "routes", "orders.yaml"),
                    ProjectFiles.report(out, "fix-latency.md"), fileStore);
        }

        private static int positive(String key, String v) {
            int n = nonNegative(key, v);
            if (n == 0) {
                throw new IllegalArgumentException(key + " " + v + ": must be greater than 0");
            }
            return n;
        }

        private static int nonNegative(String key, String v) {
            try {
                int n = Integer.parseInt(v.replace("_", ""));
                if (n < 0) {
                    throw new IllegalArgumentException(key + " " + v + ": must not be negative");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " " + v + ": not a number");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // The platform's INFO lines (logons, routes started) are noise here; -D...=info brings them back.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            throw e;
        }
        String report = run(o);
        System.out.println(report);
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), report, StandardCharsets.UTF_8);
        System.err.println("written to " + o.out().toAbsolutePath().normalize());
    }

    static String run(Options o) throws Exception {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(o.timeoutMs());
        Path data = Files.createTempDirectory("tradeloom-fix-bench-");
        String previousKarafData = System.getProperty("karaf.data");
        System.setProperty("karaf.data", data.toString());
        int port = freePort();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            SimBroker broker = new SimBroker(port, BareClient.SENDER, PlatformFlow.SENDER);
            open.add(broker);
            BareClient bare = new BareClient(port, broker, timeoutNanos, o.bareFileStore(),
                    data.resolve("bare-store"));
            open.add(bare);
            PlatformFlow platform = new PlatformFlow(port, broker, o.routes(), timeoutNanos);
            open.add(platform);

            await("the bare initiator to log on", 15_000, bare::loggedOn);
            await("FIX venue " + PlatformFlow.VENUE_ID + " to be UP", 15_000,
                    () -> platform.venueState() == VenueState.UP);
            log("simulated broker on 127.0.0.1:" + port + "; both sessions logged on; routes from " + o.routes());

            if (o.warmup() > 0) {
                log("warm-up: " + o.warmup() + " orders per path");
                alternate(o.warmup(), o.block(), bare, platform, null, null);
            }
            System.gc();
            log("measuring: " + o.orders() + " orders per path in blocks of " + o.block());
            Samples bareSamples = new Samples(o.orders());
            Samples platformSamples = new Samples(o.orders());
            double loadBefore = loadAverage();
            long[] gcBefore = gc();
            alternate(o.orders(), o.block(), bare, platform, bareSamples, platformSamples);
            long[] gcAfter = gc();
            double loadAfter = loadAverage();

            String checks = checks(o, broker, platform);
            String conditions = String.format(Locale.ROOT, "GC while measuring: %d collections, %d ms; system"
                    + " load average (1 min) before/after measuring: %.2f / %.2f on %d CPUs",
                    gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors());
            return table(o, bareSamples.summary(), platformSamples.summary(), platform, checks, conditions);
        } finally {
            log("shutting down (the FIX venue logs its logout as a warning)");
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    System.err.println("closing " + open.get(i).getClass().getSimpleName() + ": " + e);
                }
            }
            if (previousKarafData == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previousKarafData);
            }
            deleteTree(data);
        }
    }

    /**
     * Runs {@code orders} closed-loop round trips per path in alternating blocks, so that JIT, GC and machine
     * noise land on both; every other pair of blocks starts with the other path (ABBA).
     */
    private static void alternate(int orders, int block, OrderFlow a, OrderFlow b, Samples sa, Samples sb)
            throws Exception {
        long[] stamps = new long[3];
        int blocks = (orders + block - 1) / block;
        for (int i = 0; i < blocks; i++) {
            int n = Math.min(block, orders - i * block);
            if (i % 2 == 0) {
                runBlock(a, n, sa, stamps);
                runBlock(b, n, sb, stamps);
            } else {
                runBlock(b, n, sb, stamps);
                runBlock(a, n, sa, stamps);
            }
        }
    }

    private static void runBlock(OrderFlow flow, int n, Samples samples, long[] stamps) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            flow.roundTrip(stamps);
            if (samples != null) {
                samples.add(stamps);
            }
        }
        if (samples != null) {
            samples.addLoopTime(System.nanoTime() - start);
        }
    }

    /** What must hold for the numbers to mean anything: every platform order NEW, nothing refused or lost. */
    private static String checks(Options o, SimBroker broker, PlatformFlow platform) {
        OrderGateway g = platform.gateway();
        long expected = (long) o.orders() + o.warmup();
        Map<String, Long> byState = g.getCountsByState();
        long isNew = byState.getOrDefault("NEW", 0L);
        List<String> problems = new ArrayList<>();
        if (isNew != expected || g.getTotalOrders() != expected) {
            problems.add("platform orders NEW " + isNew + " of " + g.getTotalOrders() + ", expected " + expected
                    + " " + byState);
        }
        if (g.getRejects() != 0) {
            problems.add("rejects " + g.getRejects());
        }
        if (g.getDuplicateExecutions() != 0) {
            problems.add("duplicate executions " + g.getDuplicateExecutions());
        }
        if (platform.deadLetters().total() != 0) {
            problems.add("dead letters " + platform.deadLetters().total());
        }
        if (broker.unexpectedMessages() != 0) {
            problems.add("unexpected messages at the simulated broker " + broker.unexpectedMessages());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the run is not valid: " + String.join("; ", problems));
        }
        return "all " + expected + " platform orders NEW in the core, 0 rejects, 0 duplicate executions, 0 dead"
                + " letters; the core's own MeanAckLatencyMicros (submit to ER applied, warm-up included): "
                + g.getMeanAckLatencyMicros() + " us";
    }

    private static String table(Options o, Samples.Summary bare, Samples.Summary platform, PlatformFlow flow,
                                String checks, String conditions) {
        StringBuilder s = new StringBuilder();
        s.append("## FIX order entry: bare QuickFIX/J vs Tradeloom platform\n\n");
        s.append(String.format(Locale.ROOT, "%d measured orders per path after %d warm-up, closed loop, paths"
                        + " alternating in blocks of %d; LIMIT BUY 100 AAPL @ 101.25 DAY; one QuickFIX/J acceptor"
                        + " on 127.0.0.1; bare store: %s. Java %s, %d CPUs, Camel %s, QuickFIX/J %s, %s.%n%n",
                o.orders(), o.warmup(), o.block(), o.bareFileStore() ? "file" : "memory",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                flow.camel().getVersion(), quickfixVersion(),
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
        s.append("| metric | bare QuickFIX/J | platform | platform / bare |\n");
        s.append("|---|---:|---:|---:|\n");
        row(s, "send path t1-t0 p50 (us)", bare.send(50), platform.send(50), true);
        row(s, "send path t1-t0 p99 (us)", bare.send(99), platform.send(99), true);
        row(s, "send path t1-t0 p99.9 (us)", bare.send(99.9), platform.send(99.9), false);
        row(s, "send path t1-t0 max (us)", bare.sendMax(), platform.sendMax(), false);
        row(s, "round trip t2-t0 p50 (us)", bare.roundTrip(50), platform.roundTrip(50), true);
        row(s, "round trip t2-t0 p99 (us)", bare.roundTrip(99), platform.roundTrip(99), true);
        row(s, "round trip t2-t0 p99.9 (us)", bare.roundTrip(99.9), platform.roundTrip(99.9), false);
        s.append(String.format(Locale.ROOT, "| closed-loop throughput (orders/s) | %.0f | %.0f | |%n",
                bare.throughput(), platform.throughput()));
        s.append("\n").append("Checks: ").append(checks).append(".\n\n");
        s.append("Conditions: ").append(conditions).append(".\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String name, double bare, double platform, boolean ratio) {
        s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", name, bare, platform,
                ratio ? String.format(Locale.ROOT, "%.2fx", platform / bare) : ""));
    }

    /** Anything else running on the machine shows in the tails; this says how busy it was (-1 if unknown). */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Collections and their accumulated time (ms) over all collectors so far. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[]{count, millis};
    }

    private static String quickfixVersion() {
        String v = quickfix.Session.class.getPackage().getImplementationVersion();
        return v != null ? v : "2.3.2";
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + timeoutMs + " ms for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    private static void log(String line) {
        System.err.println("[fix-latency] " + line);
    }
}
