package io.tradeloom.benchmarks;

import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.internal.KafkaSender;
import io.tradeloom.reporting.internal.Outcome;
import io.tradeloom.reporting.internal.ReportCodec;
import io.tradeloom.reporting.internal.ReportStore;
import io.tradeloom.reporting.internal.ReportingEngine;
import io.tradeloom.reporting.internal.Reports;
import io.tradeloom.reporting.internal.RoutedSender;
import io.tradeloom.reporting.internal.Sender;
import io.tradeloom.reporting.internal.Transmitter;
import io.tradeloom.testing.kafka.KafkaBroker;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Report transmission to Kafka: reports of about 1 KB through the real reporting engine (MVStore-kept state,
 * one transmitter, the idempotent acks=all KafkaSender) to a real single-node KRaft broker on 127.0.0.1.
 *
 * <p>Baseline: a bare KafkaSender (no store, no engine). Throughput: N reports handed to the engine as fast as
 * one thread can; reports/s = N / time until the last ACKED is committed to the store; once with the sender
 * called directly and once, as in the container, through {@code routes/reporting.yaml} (RoutedSender, a
 * DefaultCamelContext). Latency: reports paced at a fixed rate (default 20,000/s, 20% of the 100,000/s target)
 * through the routed path; produce-to-ack = from KafkaSender.send() to the broker's acknowledgement, and
 * report-to-ack = from engine.report() (the fill) to the acknowledgement, which adds the group commit and the
 * route hop.
 */
public final class ReportingKafkaBenchmark {

    static final String BROKER_JVM = "-Xms1g -Xmx1g -Xmn600m -XX:+UseSerialGC -XX:MetaspaceSize=128m";

    /** The transmitter's batch.max (the Kafka destination's default). */
    private static int batchMax;

    private ReportingKafkaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = intArg(args, "--reports", 200_000);
        int rate = intArg(args, "--rate", 20_000);
        int seconds = intArg(args, "--seconds", 10);
        int partitions = intArg(args, "--partitions", 3);
        String linger = strArg(args, "--linger", String.valueOf(KafkaSender.DEFAULT_LINGER_MS));
        String compression = strArg(args, "--compression", KafkaSender.DEFAULT_COMPRESSION);
        String latencyLinger = strArg(args, "--latency-linger", "0");
        batchMax = intArg(args, "--batch-max", 500);
        tickNanos = intArg(args, "--tick-us", 1000) * 1000L;
        Path routeFile = ProjectFiles.find(strArg(args, "--route-file", null), "--route-file", "routes",
                "reporting.yaml");
        Map<String, String> producer = Map.of("linger.ms", linger, "compression.type", compression);
        // The broker stands in for a real one: a fixed 1 GB heap (Kafka's own start script uses -Xms1G -Xmx1G),
        // full JIT. The test broker's starved defaults (64 MB initial heap, C1 only) GC every half second at
        // 20,000/s and set the tail by themselves: "--broker-jvm test" runs with those.
        String brokerJvm = strArg(args, "--broker-jvm", BROKER_JVM);
        if (brokerJvm.equals("test")) {
            brokerJvm = null;
        } else {
            System.setProperty(KafkaBroker.JVM_PROPERTY, brokerJvm);
        }
        Path dir = Files.createTempDirectory("tradeloom-reporting-bench");
        // A run leaves 1-4 GB of broker logs and stores: removed on exit (System.exit included), also on failure.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        StringBuilder md = new StringBuilder();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopic("bench-bare", partitions);
            broker.createTopic("bench-reports", partitions);
            broker.createTopic("bench-routed", partitions);
            broker.createTopic("bench-latency", partitions);
            broker.createTopic("bench-bare-latency", partitions);
            int size = ReportCodec.json(report(0)).length;
            System.err.printf("broker up at %s; report size %d bytes%n", broker.bootstrapServers(), size);

            boolean latencyOnly = args.length > 0 && Arrays.asList(args).contains("--latency-only");
            double bare = 0, bareCpu = 0, engine = 0, engineCpu = 0, routed = 0, routedCpu = 0;
            double bareBroker = 0, engineBroker = 0, routedBroker = 0;
            if (!latencyOnly) {
                // Warm-up, then bare sender throughput.
                bare(broker, "bench-bare", Math.min(count, 50_000), producer);
                bare = bare(broker, "bench-bare", count, producer);
                bareCpu = lastCpuMicros;
                bareBroker = lastBrokerCpuMicros;

                // Warm-up of the engine path (JIT), both ways, not counted.
                broker.createTopic("bench-warmup", partitions);
                throughput(broker, dir.resolve("store-warm1.mv"), "bench-warmup", Math.min(count, 50_000), producer,
                        null, 7);
                throughput(broker, dir.resolve("store-warm2.mv"), "bench-warmup", Math.min(count, 50_000), producer,
                        routeFile, 8);
                engine = throughput(broker, dir.resolve("store-tp.mv"), "bench-reports", count, producer, null,
                        0);
                engineCpu = lastCpuMicros;
                engineBroker = lastBrokerCpuMicros;
                routed = throughput(broker, dir.resolve("store-routed.mv"), "bench-routed", count, producer,
                        routeFile, 1);
                routedCpu = lastCpuMicros;
                routedBroker = lastBrokerCpuMicros;
            }
            if (Arrays.asList(args).contains("--throughput-only")) {
                System.out.printf(Locale.ROOT, "bare %,.0f/s %.1f+%.1f us; engine %,.0f/s %.1f+%.1f us; routed %,.0f/s %.1f+%.1f us%n",
                        bare, bareCpu, bareBroker, engine, engineCpu, engineBroker, routed, routedCpu, routedBroker);
                System.exit(0);
            }
            Map<String, String> latencyProducer = Map.of("linger.ms", latencyLinger, "compression.type", compression);
            long[] bareLat = bareLatency(broker, "bench-bare-latency", rate, seconds, latencyProducer);
            Latency lat = latency(broker, dir.resolve("store-lat.mv"), "bench-latency", rate, seconds,
                    Map.of("linger.ms", latencyLinger, "compression.type", compression), routeFile);

            md.append(String.format(Locale.ROOT, "broker JVM: %s%n%n", brokerJvm == null ? "test defaults" : brokerJvm));
        md.append(String.format(Locale.ROOT, "producer: acks=all, idempotent, linger.ms=%s, compression=%s, "
                    + "%d partitions; transmitter batch.max=%d%n%n", linger, compression, partitions, batchMax));
            md.append("| measure | value | CPU of the benchmark JVM per report | CPU of the broker per report |\n|---|---|---|---|\n");
            md.append(String.format(Locale.ROOT, "| report size (JSON) | %d bytes | | |%n", size));
            md.append(String.format(Locale.ROOT, "| bare KafkaSender, no store (%d reports) | %,.0f reports/s | %.1f µs | %.1f µs |%n",
                    count, bare, bareCpu, bareBroker));
            md.append(String.format(Locale.ROOT, "| engine + MVStore state + KafkaSender (%d reports) | %,.0f reports/s | %.1f µs | %.1f µs |%n",
                    count, engine, engineCpu, engineBroker));
            md.append(String.format(Locale.ROOT, "| engine + MVStore state + routes/reporting.yaml + KafkaSender (%d reports) | %,.0f reports/s | %.1f µs | %.1f µs |%n",
                    count, routed, routedCpu, routedBroker));
            md.append(String.format(Locale.ROOT, "| latency phase (routed, linger.ms=%s): offered / achieved | %,d / %,.0f reports/s | %s |%n",
                    latencyLinger, rate, lat.achieved, latencyCpu));
            md.append(String.format(Locale.ROOT, "| produce-to-ack: p50 / p99 / p99.9 / max | %s | | |%n", row(lat.produce)));
            md.append(String.format(Locale.ROOT, "| bare KafkaSender at the same rate, produce-to-ack: p50 / p99 / p99.9 / max | %s | %s |%n",
                    row(bareLat), bareLatencyCpu));
            md.append(String.format(Locale.ROOT, "| report-to-ack (engine.report() to broker ack): p50 / p99 / p99.9 / max | %s | | |%n",
                    row(lat.report)));
        }
        System.out.println(md);
        Path out = ProjectFiles.report(null, "reporting-kafka.md");
        Files.writeString(out, md.toString());
        System.err.println("written to " + out);
        System.exit(0);
    }

    static TransactionReport report(int i) {
        String pad = "x".repeat(560); // brings the JSON to about 1 KB
        return new TransactionReport(Reports.reportId("bench", "E" + i), "ORD-" + i, "CL-" + i + "-" + pad, "E" + i,
                "V-" + i, "bench", "ACC-" + (i % 16), "AAPL", Side.BUY, new BigDecimal("100"),
                new BigDecimal("101.2500"), Instant.parse("2026-11-20T14:30:01.123456789Z").plusNanos(i),
                Liquidity.ADDED);
    }

    private static String row(long[] sorted) {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f ms", pct(sorted, 50), pct(sorted, 99),
                pct(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double bare(KafkaBroker broker, String topic, int n, Map<String, String> producer)
            throws Exception {
        KafkaSender s = new KafkaSender(broker.bootstrapServers(), topic, Duration.ofSeconds(120), producer);
        AtomicInteger acked = new AtomicInteger();
        TransactionReport[] reports = new TransactionReport[n];
        for (int i = 0; i < n; i++) {
            reports[i] = report(i);
        }
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        long broker0 = brokerCpuNanos();
        for (int i = 0; i < n; i++) {
            s.send(reports[i]).thenAccept(o -> {
                if (o.kind() == Outcome.Kind.ACKED) {
                    acked.incrementAndGet();
                }
            });
        }
        while (acked.get() < n) {
            Thread.sleep(1);
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        lastCpuMicros = (cpuNanos() - cpu0) / 1e3 / n;
        lastBrokerCpuMicros = (brokerCpuNanos() - broker0) / 1e3 / n;
        s.close();
        System.err.printf(Locale.ROOT, "bare sender: %,.0f reports/s%n", rate);
        return rate;
    }

    /** The floor of the latency phase: a bare KafkaSender paced at the same rate, send() to acknowledgement. */
    private static long[] bareLatency(KafkaBroker broker, String topic, int rate, int seconds,
                                      Map<String, String> producer) throws Exception {
        int n = rate * seconds;
        KafkaSender s = new KafkaSender(broker.bootstrapServers(), topic, Duration.ofSeconds(120), producer);
        long[] samples = new long[n];
        AtomicInteger done = new AtomicInteger();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long cpuL0 = cpuNanos(), brokerL0 = brokerCpuNanos();
        for (int i = 0; i < n; i++) {
            pace(start + i * interval);
            TransactionReport r = report(8_000_000 + i);
            int k = i;
            long t0 = System.nanoTime();
            s.send(r, ReportCodec.json(r)).thenAccept(o -> {
                samples[k] = System.nanoTime() - t0;
                done.incrementAndGet();
            });
        }
        while (done.get() < n) {
            Thread.sleep(1);
        }
        bareLatencyCpu = String.format(Locale.ROOT, "%.1f µs | %.1f µs", (cpuNanos() - cpuL0) / 1e3 / n,
                (brokerCpuNanos() - brokerL0) / 1e3 / n);
        System.err.printf(Locale.ROOT, "bare latency phase: %d reports, achieved %,.0f reports/s%n", n,
                n / ((System.nanoTime() - start) / 1e9));
        s.close();
        Arrays.sort(samples);
        return samples;
    }

    /** As DestinationComponent wires it: the sender behind the route file, or (routeFile null) called directly. */
    private static final class Path2Kafka implements AutoCloseable {
        final CamelContext camel;
        final Sender sender;

        Path2Kafka(Sender kafka, Path routeFile) throws Exception {
            if (routeFile == null) {
                camel = null;
                sender = kafka;
                return;
            }
            camel = new DefaultCamelContext();
            camel.start();
            RoutedSender routed = new RoutedSender("kafka", kafka, camel.createProducerTemplate());
            camel.addRoutes(routed.routes());
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:reporting.yaml",
                    Files.readString(routeFile, StandardCharsets.UTF_8)));
            sender = routed;
        }

        @Override
        public void close() {
            if (camel != null) {
                camel.stop();
            }
        }
    }

    private static double throughput(KafkaBroker broker, Path file, String topic, int n, Map<String, String> producer,
                                     Path routeFile, int block) throws Exception {
        try (ReportStore store = new ReportStore(file)) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            Path2Kafka path = new Path2Kafka(new KafkaSender(broker.bootstrapServers(), topic,
                    Duration.ofSeconds(120), producer), routeFile);
            Transmitter t = new Transmitter("kafka", "kafka", path.sender, store, new Transmitter.Settings(50_000, 10,
                    Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30)).withBatchMax(batchMax), Clock.systemUTC());
            engine.attach(t);
            TransactionReport[] reports = new TransactionReport[n];
            for (int i = 0; i < n; i++) {
                reports[i] = report((1 + block) * 1_000_000 + i);
            }
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            long broker0 = brokerCpuNanos();
            for (TransactionReport r : reports) {
                engine.report(r);
            }
            long handed = System.nanoTime();
            while (t.counts().get(DeliveryState.ACKED) < n) {
                Thread.sleep(1);
            }
            // ... and the last ACKED durable in the store (the state batches are committed every few ms).
            String last = reports[n - 1].reportId();
            while (store.delivery("kafka", last).map(d -> d.state() != DeliveryState.ACKED).orElse(true)) {
                Thread.sleep(1);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            lastCpuMicros = (cpuNanos() - cpu0) / 1e3 / n;
            lastBrokerCpuMicros = (brokerCpuNanos() - broker0) / 1e3 / n;
            System.err.printf(Locale.ROOT, "engine%s: %d reports handed in %.2f s, all ACKED after %.2f s%n",
                    routeFile == null ? "" : " through " + routeFile.getFileName(), n, (handed - t0) / 1e9, secs);
            t.close();
            engine.close();
            path.close();
            return n / secs;
        }
    }

    /** Times each send() to its acknowledgement, and the report() that made it (when recorded) to the same. */
    private static final class Timed implements Sender {
        final Sender inner;
        final long[] samples;
        final long[] fromReport;
        final Map<String, Long> reported = new ConcurrentHashMap<>();
        final AtomicInteger next = new AtomicInteger();

        Timed(Sender inner, int capacity) {
            this.inner = inner;
            this.samples = new long[capacity];
            this.fromReport = new long[capacity];
        }

        @Override
        public CompletionStage<Outcome> send(TransactionReport report) {
            return send(report, ReportCodec.json(report));
        }

        @Override
        public CompletionStage<Outcome> send(TransactionReport report, byte[] json) {
            long t0 = System.nanoTime();
            return inner.send(report, json).whenComplete((o, e) -> {
                long now = System.nanoTime();
                int i = next.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = now - t0;
                    Long r = reported.remove(report.reportId());
                    fromReport[i] = r == null ? -1 : now - r;
                }
            });
        }

        @Override
        public void send(java.util.List<TransactionReport> reports, java.util.List<byte[]> json, Answers answers) {
            // One record at a time, so that each one's clock starts at its own producer.send().
            for (int k = 0; k < reports.size(); k++) {
                int index = k;
                TransactionReport report = reports.get(k);
                long t0 = System.nanoTime();
                inner.send(java.util.List.of(report), java.util.Collections.singletonList(json.get(k)), (x, outcome) -> {
                    long now = System.nanoTime();
                    int i = next.getAndIncrement();
                    if (i < samples.length) {
                        samples[i] = now - t0;
                        Long r = reported.remove(report.reportId());
                        fromReport[i] = r == null ? -1 : now - r;
                    }
                    answers.answer(index, outcome);
                });
            }
        }

        @Override
        public String target() {
            return inner.target();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private record Latency(double achieved, long[] produce, long[] report) {
    }

    private static Latency latency(KafkaBroker broker, Path file, String topic, int rate, int seconds,
                                   Map<String, String> producer, Path routeFile) throws Exception {
        int n = rate * seconds;
        try (ReportStore store = new ReportStore(file)) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            // linger.ms=0 by default: at a paced load, a linger only adds to the latency.
            Timed timed = new Timed(new KafkaSender(broker.bootstrapServers(), topic, Duration.ofSeconds(120),
                    producer), n);
            Path2Kafka path = new Path2Kafka(timed, routeFile);
            Transmitter t = new Transmitter("kafka", "kafka", path.sender, store, new Transmitter.Settings(50_000, 10,
                    Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30)).withBatchMax(batchMax), Clock.systemUTC());
            engine.attach(t);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long cpuL0 = cpuNanos(), brokerL0 = brokerCpuNanos();
            for (int i = 0; i < n; i++) {
                pace(start + i * interval);
                TransactionReport r = report(9_000_000 + i);
                timed.reported.put(r.reportId(), System.nanoTime());
                engine.report(r);
            }
            while (t.counts().get(DeliveryState.ACKED) < n) {
                Thread.sleep(1);
            }
            double achieved = n / ((System.nanoTime() - start) / 1e9);
            latencyCpu = String.format(Locale.ROOT, "%.1f µs | %.1f µs", (cpuNanos() - cpuL0) / 1e3 / n,
                    (brokerCpuNanos() - brokerL0) / 1e3 / n);
            System.err.printf(Locale.ROOT, "latency phase: %d reports, achieved %,.0f reports/s%n", n, achieved);
            t.close();
            engine.close();
            path.close();
            int got = Math.min(n, timed.next.get());
            long[] s = Arrays.copyOf(timed.samples, got);
            Arrays.sort(s);
            long[] r = Arrays.stream(timed.fromReport, 0, got).filter(x -> x >= 0).sorted().toArray();
            return new Latency(achieved, s, r);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /** Pacing tick: reports due within it are sent together (see {@link #pace}). */
    private static long tickNanos = 1_000_000;

    /**
     * Waits until {@code due}, rounded down to the pacing tick: the reports of one tick go out back to back and
     * the thread sleeps between ticks. (A busy-wait per report, as before, kept one of the two cores spinning at
     * 20,000/s and so slowed the broker and the producer it measures.)
     */
    private static void pace(long due) {
        long now = System.nanoTime();
        long tickStart = due - Math.floorMod(due, tickNanos);
        while (now < tickStart) {
            LockSupport.parkNanos(tickStart - now);
            now = System.nanoTime();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** CPU time of this JVM (all threads; the broker is another process), for figures that load hardly moves. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU microseconds per report of the last throughput phase: this JVM, and the broker process. */
    private static double lastCpuMicros;
    private static double lastBrokerCpuMicros;
    /** CPU per report of the latency phases (benchmark JVM | broker), for the table. */
    private static String latencyCpu = "|";
    private static String bareLatencyCpu = "|";

    /**
     * CPU time of the broker process (a child of this JVM), from /proc: user + system clock ticks. 0 where /proc
     * is not there.
     */
    private static long brokerCpuNanos() {
        long total = 0;
        for (ProcessHandle p : ProcessHandle.current().children().toList()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // USER_HZ = 100
            } catch (Exception e) {
                // not Linux, or the process is gone
            }
        }
        return total;
    }

    private static String strArg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
