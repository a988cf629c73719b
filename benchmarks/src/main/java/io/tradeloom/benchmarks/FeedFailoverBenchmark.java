package io.tradeloom.benchmarks;

import io.tradeloom.core.api.VenueView;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.feeds.FeedClock;
import io.tradeloom.core.feeds.FeedEngine;
import io.tradeloom.core.feeds.FeedGroupConfig;
import io.tradeloom.core.feeds.FeedSettings;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.venues.VenueActivity;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feed-group failover time, many repetitions, with the platform's real intake and feed engine (validation,
 * quality, selection, order guard, listener dispatch) driven by two feeder threads that play primary {@code a} and
 * backup {@code b}, and the failover monitor on its own thread at {@code monitor.period.ms} as in the container.
 * <ul>
 *   <li><b>disconnect</b>: the primary's venue turns DOWN and stops sending; measured until the first tick from
 *   the backup reaches a normalized-stream listener (found by the periodic monitor);</li>
 *   <li><b>removed</b>: the primary's venue leaves (bundle stopped, configuration deleted); the core's venue
 *   listener re-evaluates at once; same measurement;</li>
 *   <li><b>stall</b>: the primary stops sending but stays UP; measured until the switch (silence rule).</li>
 * </ul>
 * After each repetition the primary comes back and the group fails back ({@code failback.healthy.ms}).
 */
public final class FeedFailoverBenchmark {

    private static final String SYMBOL = "BENCH";

    private final Map<String, VenueState> states = new ConcurrentHashMap<>();
    private final Map<String, Boolean> sending = new ConcurrentHashMap<>();
    private final FeedEngine engine;
    private final MarketDataIntake intake;
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<CountDownLatch> firstBackupTick = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> switched = new AtomicReference<>();
    private volatile long firstBackupTickNanos;
    private volatile long switchNanos;
    private volatile boolean running = true;
    private final long tickMicros;

    FeedFailoverBenchmark(long tickMicros, long monitorMs, long failbackMs) {
        this.tickMicros = tickMicros;
        engine = new FeedEngine(FeedClock.SYSTEM, this::venue, id -> null, (task, delay) -> { });
        engine.configure(FeedSettings.parse(Map.of("monitor.period.ms", Long.toString(monitorMs))));
        engine.putGroup(FeedGroupConfig.parse(Map.of("name", "bench", "sources", "a,b", "symbols", SYMBOL,
                "failback.healthy.ms", Long.toString(failbackMs))));
        engine.addSwitchListener((g, from, to, reason) -> {
            if ("b".equals(to)) {
                switchNanos = System.nanoTime();
                CountDownLatch l = switched.get();
                if (l != null) {
                    l.countDown();
                }
            }
        });
        VenueActivity activity = new VenueActivity() {
            @Override public void received(String venueId) { }
            @Override public void sent(String venueId) { }
            @Override public void error(String venueId) { }
        };
        intake = MarketDataIntake.withFeeds(activity, new DeadLetterStore(), engine,
                new FakeBundleContext().context());
        intake.addListener(e -> {
            CountDownLatch l = firstBackupTick.get();
            if (l != null && "b".equals(e.source()) && l.getCount() > 0) {
                firstBackupTickNanos = System.nanoTime();
                l.countDown();
            }
        });
        states.put("a", VenueState.UP);
        states.put("b", VenueState.UP);
        sending.put("a", true);
        sending.put("b", true);
        monitor.scheduleAtFixedRate(engine::evaluate, monitorMs, monitorMs, TimeUnit.MILLISECONDS);
    }

    private Optional<VenueView> venue(String id) {
        VenueState s = states.get(id);
        return s == null ? Optional.empty()
                : Optional.of(new VenueView(id, VenueKind.VENDOR, "bench", "bench", s, "", 0, 0, 0, 0));
    }

    private Thread feeder(String source) {
        Thread t = new Thread(() -> {
            long n = 0;
            long next = System.nanoTime();
            while (running) {
                next += tickMicros * 1000;
                long wait;
                while ((wait = next - System.nanoTime()) > 0) {
                    if (wait > 200_000) {
                        sleepNanos(wait - 100_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                if (Boolean.TRUE.equals(sending.get(source))) {
                    Instant now = Instant.now();
                    BigDecimal bid = (n++ & 1) == 0 ? new BigDecimal("99.99") : new BigDecimal("99.98");
                    intake.onEvent(new Quote(SYMBOL, source, bid, BigDecimal.TEN, new BigDecimal("100.01"),
                            BigDecimal.TEN, now, now));
                }
            }
        }, "feeder-" + source);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String active() {
        return engine.group("bench").orElseThrow().active();
    }

    private void awaitActive(String source, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!source.equals(active())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("active source not " + source + " after " + timeoutMs + " ms");
            }
            Thread.sleep(1);
        }
    }

    /** One repetition; returns nanoseconds from the fault to the measured point. */
    private long once(String mode) throws InterruptedException {
        awaitActive("a", 30_000);
        Thread.sleep(50 + (long) (Math.random() * 50)); // the fault lands at a random phase of the monitor
        CountDownLatch tick = new CountDownLatch(1);
        CountDownLatch sw = new CountDownLatch(1);
        firstBackupTick.set(tick);
        switched.set(sw);
        long t0 = System.nanoTime();
        sending.put("a", false);
        switch (mode) {
            case "disconnect" -> states.put("a", VenueState.DOWN);
            case "removed" -> {
                states.remove("a");
                monitor.execute(() -> engine.venueRemoved("a")); // as FeedsComponent's venue listener does
            }
            default -> { } // stall: still UP, just silent
        }
        long result;
        if (mode.equals("stall")) {
            if (!sw.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no switch after a stall");
            }
            result = switchNanos - t0;
        } else {
            if (!tick.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no backup tick after " + mode);
            }
            result = firstBackupTickNanos - t0;
        }
        firstBackupTick.set(null);
        switched.set(null);
        states.put("a", VenueState.UP);
        sending.put("a", true);
        return result;
    }

    private long[] run(String mode, int reps, int warmup) throws InterruptedException {
        for (int i = 0; i < warmup; i++) {
            once(mode);
        }
        long[] out = new long[reps];
        for (int i = 0; i < reps; i++) {
            out[i] = once(mode);
            if ((i + 1) % 50 == 0) {
                System.err.println(mode + ": " + (i + 1) + " of " + reps);
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static double ms(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }

    private static String row(String what, long[] s, String target) {
        return String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |", what, s.length, ms(s, 0.0001),
                ms(s, 50), ms(s, 90), ms(s, 99), s[s.length - 1] / 1e6, target);
    }

    public static void main(String[] args) throws Exception {
        int reps = 300;
        int stallReps = 40;
        long tickMicros = 1000;
        long monitorMs = 25;
        long failbackMs = 100;
        String outFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--stall-reps" -> stallReps = Integer.parseInt(args[++i]);
                case "--tick-us" -> tickMicros = Long.parseLong(args[++i]);
                case "--monitor-ms" -> monitorMs = Long.parseLong(args[++i]);
                case "--failback-ms" -> failbackMs = Long.parseLong(args[++i]);
                case "--out" -> outFile = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--reps N --stall-reps N --tick-us N --monitor-ms N --failback-ms N --out FILE)");
            }
        }
        FeedFailoverBenchmark b = new FeedFailoverBenchmark(tickMicros, monitorMs, failbackMs);
        b.feeder("a");
        b.feeder("b");
        Thread.sleep(1000);
        long[] disconnect = b.run("disconnect", reps, 10);
        long[] removed = b.run("removed", reps, 10);
        long[] stall = b.run("stall", stallReps, 2);
        b.running = false;
        b.monitor.shutdownNow();
        String table = String.join("\n",
                "Each source ticks every " + tickMicros + " us; monitor.period.ms=" + monitorMs
                        + ", silence limit max(500 ms, 5 x median inter-arrival); milliseconds.",
                "",
                "| fault -> measured point | reps | min | p50 | p90 | p99 | max | target |",
                "|---|---|---|---|---|---|---|---|",
                row("venue DOWN -> first backup tick at a listener", disconnect, "p99 <= 250"),
                row("venue removed -> first backup tick at a listener", removed, "p99 <= 250"),
                row("silent stall -> switch", stall, "<= 1500"),
                "");
        System.out.println(table);
        Path out = ProjectFiles.report(outFile, "feed-failover.md");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
            System.err.println("written to " + out);
        } catch (IOException e) {
            System.err.println("could not write " + out + ": " + e);
        }
        System.out.println("duplicates or out-of-order ticks dropped at the switches: "
                + b.engine.group("bench").orElseThrow().droppedOutOfOrder() + "; switches: "
                + b.engine.group("bench").orElseThrow().switches());
    }
}
