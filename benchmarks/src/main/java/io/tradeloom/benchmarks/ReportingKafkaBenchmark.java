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
import io.tradeloom.reporting.internal.Sender;
import io.tradeloom.reporting.internal.Transmitter;
import io.tradeloom.testing.kafka.KafkaBroker;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Report transmission to Kafka: reports of about 1 KB through the real reporting engine (MVStore-kept state,
 * one transmitter, the idempotent acks=all KafkaSender) to a real single-node KRaft broker on 127.0.0.1.
 *
 * <p>Phase 1, throughput: N reports handed to the engine as fast as one thread can; reports/s = N / time until the
 * last is ACKED in the store. Phase 2, latency: reports paced at a fixed rate (default 20,000/s, 20% of the
 * 100,000/s target); produce-to-ack = from the sender's send() to the broker's acknowledgement. Also a bare
 * KafkaSender throughput (no store) to show where the time goes.
 */
public final class ReportingKafkaBenchmark {

    private ReportingKafkaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = intArg(args, "--reports", 200_000);
        int rate = intArg(args, "--rate", 20_000);
        int seconds = intArg(args, "--seconds", 10);
        int partitions = intArg(args, "--partitions", 3);
        Path dir = Files.createTempDirectory("tradeloom-reporting-bench");
        StringBuilder md = new StringBuilder();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopic("bench-bare", partitions);
            broker.createTopic("bench-reports", partitions);
            broker.createTopic("bench-latency", partitions);
            int size = ReportCodec.json(report(0)).length;
            System.err.printf("broker up at %s; report size %d bytes%n", broker.bootstrapServers(), size);

            // Warm-up, then bare sender throughput.
            bare(broker, "bench-bare", Math.min(count, 50_000));
            double bare = bare(broker, "bench-bare", count);

            double engine = throughput(broker, dir.resolve("store-tp.mv"), "bench-reports", count);
            long[] lat = latency(broker, dir.resolve("store-lat.mv"), "bench-latency", rate, seconds);

            md.append("| measure | value |\n|---|---|\n");
            md.append(String.format(Locale.ROOT, "| report size (JSON) | %d bytes |%n", size));
            md.append(String.format(Locale.ROOT, "| bare KafkaSender, acks=all idempotent (%d reports) | %,.0f reports/s |%n",
                    count, bare));
            md.append(String.format(Locale.ROOT, "| engine + MVStore state + KafkaSender (%d reports) | %,.0f reports/s |%n",
                    count, engine));
            md.append(String.format(Locale.ROOT, "| produce-to-ack at %,d reports/s for %d s: p50 / p99 / p99.9 / max | %.2f / %.2f / %.2f / %.2f ms |%n",
                    rate, seconds, pct(lat, 50), pct(lat, 99), pct(lat, 99.9), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6));
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

    private static double bare(KafkaBroker broker, String topic, int n) throws Exception {
        KafkaSender s = new KafkaSender(broker.bootstrapServers(), topic, Duration.ofSeconds(120), Map.of());
        AtomicInteger acked = new AtomicInteger();
        TransactionReport[] reports = new TransactionReport[n];
        for (int i = 0; i < n; i++) {
            reports[i] = report(i);
        }
        long t0 = System.nanoTime();
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
        s.close();
        System.err.printf(Locale.ROOT, "bare sender: %,.0f reports/s%n", rate);
        return rate;
    }

    private static double throughput(KafkaBroker broker, Path file, String topic, int n) throws Exception {
        try (ReportStore store = new ReportStore(file)) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            Transmitter t = new Transmitter("kafka", "kafka", new KafkaSender(broker.bootstrapServers(), topic,
                    Duration.ofSeconds(120), Map.of()), store, new Transmitter.Settings(50_000, 10,
                    Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30)), Clock.systemUTC());
            engine.attach(t);
            TransactionReport[] reports = new TransactionReport[n];
            for (int i = 0; i < n; i++) {
                reports[i] = report(1_000_000 + i);
            }
            long t0 = System.nanoTime();
            for (TransactionReport r : reports) {
                engine.report(r);
            }
            long handed = System.nanoTime();
            while (t.counts().get(DeliveryState.ACKED) < n) {
                Thread.sleep(1);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.err.printf(Locale.ROOT, "engine: %d reports handed in %.2f s, all ACKED after %.2f s%n", n,
                    (handed - t0) / 1e9, secs);
            t.close();
            return n / secs;
        }
    }

    /** Times each send() to its acknowledgement. */
    private static final class Timed implements Sender {
        final Sender inner;
        final long[] samples;
        final AtomicInteger next = new AtomicInteger();

        Timed(Sender inner, int capacity) {
            this.inner = inner;
            this.samples = new long[capacity];
        }

        @Override
        public CompletionStage<Outcome> send(TransactionReport report) {
            long t0 = System.nanoTime();
            return inner.send(report).whenComplete((o, e) -> {
                int i = next.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = System.nanoTime() - t0;
                }
            });
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

    private static long[] latency(KafkaBroker broker, Path file, String topic, int rate, int seconds)
            throws Exception {
        int n = rate * seconds;
        try (ReportStore store = new ReportStore(file)) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            // linger.ms=0: at a paced load, a linger only adds to the latency.
            Timed timed = new Timed(new KafkaSender(broker.bootstrapServers(), topic, Duration.ofSeconds(120),
                    Map.of("linger.ms", "0")), n);
            Transmitter t = new Transmitter("kafka", "kafka", timed, store, new Transmitter.Settings(50_000, 10,
                    Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30)), Clock.systemUTC());
            engine.attach(t);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    if (due - now > 200_000) {
                        LockSupport.parkNanos(due - now - 100_000);
                    }
                }
                engine.report(report(2_000_000 + i));
            }
            while (t.counts().get(DeliveryState.ACKED) < n) {
                Thread.sleep(1);
            }
            double achieved = n / ((System.nanoTime() - start) / 1e9);
            System.err.printf(Locale.ROOT, "latency phase: %d reports, achieved %,.0f reports/s%n", n, achieved);
            t.close();
            long[] s = Arrays.copyOf(timed.samples, Math.min(n, timed.next.get()));
            Arrays.sort(s);
            return s;
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
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
