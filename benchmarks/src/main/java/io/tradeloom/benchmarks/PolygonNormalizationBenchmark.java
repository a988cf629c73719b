package io.tradeloom.benchmarks;

import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.WireEvent;
import io.tradeloom.simulators.polygon.internal.MarketGenerator;
import io.tradeloom.vendor.polygon.internal.CamelSink;
import io.tradeloom.vendor.polygon.internal.PolygonConfig;
import io.tradeloom.vendor.polygon.internal.PolygonFeed;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.ExplicitCamelContextNameStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polygon wire JSON to validated domain ticks in one JVM, no socket: pre-built stocks frames (JSON arrays of Q
 * and T events as the simulator sends them, {@code --batch} events per frame), each handed over as the JDK's
 * WebSocket hands a text frame to its listener (a heap CharBuffer of the decoded text), go through the real
 * {@link PolygonFeed#frame} (Jackson streaming parse, symbol mapping, counters) and {@link CamelSink} into the
 * real {@code routes/marketdata.yaml} route and the core's {@link MarketDataIntake} (validation, per-stream time
 * order, quote book). Each pass uses a fresh venue id so that the replayed timestamps are in order for the intake,
 * and (unless {@code --reuse-platform}) a fresh platform, so that one connection is one source as in the container;
 * every tick must be accepted.
 *
 * <p>Throughput: ticks accepted per second of wall time per measured pass (and summed over threads). Latency per
 * message: for every tick, from the moment its frame is handed to the feed to the moment the intake has accepted
 * that tick (so a tick late in a frame includes the ones before it), nearest-rank percentiles. Also per pass: the
 * feeding threads' CPU time and allocated bytes per tick, and the collections that ran during the pass.
 *
 * <p>Per frame it also splits the latency into the parse (wire text to the frame's list of events) and the
 * route plus intake. Run it with the heap a latency-sensitive container runs with (README, "Tuning for latency"):
 *
 * <pre>
 * MAVEN_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch" mvn -q -f benchmarks/pom.xml exec:java \
 *     -Dexec.mainClass=io.tradeloom.benchmarks.PolygonNormalizationBenchmark \
 *     -Dexec.args="--events 1000000 --batch 50 --warmup 2 --passes 3 --delivery frame --threads 1"
 * </pre>
 */
public final class PolygonNormalizationBenchmark {

    private PolygonNormalizationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        int batch = 50;
        int warmup = 3;
        int passes = 5;
        int threads = 1;
        int symbols = 500;
        String routes = null;
        boolean fresh = true;
        Path frameLog = null;
        String path = "camel";
        String delivery = "tick";
        int chunkSize = 0;
        String handover = "chars";
        org.apache.camel.ManagementStatisticsLevel statistics = org.apache.camel.ManagementStatisticsLevel.Default;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--symbols" -> symbols = Integer.parseInt(args[++i]);
                case "--routes" -> routes = args[++i];
                case "--path" -> path = args[++i];
                case "--delivery" -> delivery = args[++i];
                case "--chunk" -> chunkSize = Integer.parseInt(args[++i]);
                case "--reuse-platform" -> fresh = false;
                case "--frame-log" -> frameLog = Path.of(args[++i]);
                case "--camel-statistics" -> statistics = org.apache.camel.ManagementStatisticsLevel.valueOf(args[++i]);
                case "--handover" -> {
                    handover = args[++i];
                    if (!List.of("chars", "cold-chars", "string").contains(handover)) {
                        throw new IllegalArgumentException("--handover chars|cold-chars|string: " + handover);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--events N --batch N --warmup N --passes N --threads N --symbols N --routes FILE --path camel|intake|parse --delivery tick|frame --chunk N --handover chars|cold-chars|string --camel-statistics RoutesOnly|Default|Extended|Off --reuse-platform --frame-log DIR)");
            }
        }
        Path yaml = ProjectFiles.find(routes, "--routes", "routes", "marketdata.yaml");

        // Wire data: the simulator's generator, quotes and trades only (80/20), many symbols, one ms apart.
        List<String> syms = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            syms.add("S" + s);
        }
        PolygonSimulatorConfig simConfig = PolygonSimulatorConfig.defaults().withSymbols(syms).withTradeRatio(0.2)
                .withStartMillis(1_700_000_000_000L);
        MarketGenerator generator = new MarketGenerator(simConfig, simConfig.startMillis());
        List<String> frames = new ArrayList<>();
        List<Integer> frameSizes = new ArrayList<>();
        int made = 0;
        long bytes = 0;
        while (made < events) {
            List<WireEvent> chunk = generator.next(batch, 1_000_000L).stream()
                    .filter(w -> w.ev().equals("Q") || w.ev().equals("T")).toList();
            StringBuilder b = new StringBuilder(chunk.size() * 180).append('[');
            for (int k = 0; k < chunk.size(); k++) {
                b.append(k == 0 ? "" : ",").append(chunk.get(k).json());
            }
            String f = b.append(']').toString();
            frames.add(f);
            frameSizes.add(chunk.size());
            bytes += f.length();
            made += chunk.size();
        }
        System.out.printf("wire: %,d ticks in %,d frames (%.1f events/frame, %.0f bytes/tick), %d symbols%n", made,
                frames.size(), made / (double) frames.size(), bytes / (double) made, symbols);
        // As the JDK's WebSocket hands a text frame to its listener: a heap CharBuffer of the characters its UTF-8
        // decoder has just written, so they are in the CPU's cache. --handover chars copies each frame into one
        // buffer per thread before the clock starts (the decoder's part, which is the JDK's); cold-chars hands over
        // a buffer per frame built in advance, read from main memory (12 KB per 50-event frame, about 1 us);
        // string: a String, as a caller holding one would.
        boolean hot = handover.equals("chars");
        List<CharSequence> handed = new ArrayList<>();
        int longest = 0;
        for (String f : frames) {
            handed.add(handover.equals("string") ? f : java.nio.CharBuffer.wrap(f.toCharArray()));
            longest = Math.max(longest, f.length());
        }
        int bufferChars = longest;

        boolean freshPlatform = fresh;
        String pathName = path;
        org.apache.camel.ManagementStatisticsLevel stats = statistics;
        Platform[] shared = {freshPlatform ? null : new Platform(yaml, path, statistics)};
        boolean expectAccepted = !path.equals("parse");

        int ticks = made;
        long[][] latencies = new long[threads][ticks];
        AtomicLong pass = new AtomicLong();
        List<double[]> results = new ArrayList<>();
        for (int p = 0; p < warmup + passes; p++) {
            boolean measured = p >= warmup;
            // A fresh platform (Camel context, routes, intake, feed engine) per pass unless --reuse-platform:
            // otherwise the previous passes' venues (fresh ids, needed for in-order times) stay "recent" sources of
            // every symbol for consolidated.max.age.ms and each tick pays a consistency median over them, which one
            // connection never does.
            Platform pf = shared[0] != null ? shared[0] : new Platform(yaml, pathName, stats);
            MarketDataIntake intake = pf.intake;
            DeadLetterStore deadLetters = pf.deadLetters;
            PolygonFeed.Sink sink = pf.sink;
            long gcBefore = gcCount();
            long gcMillisBefore = gcMillis();
            long acceptedBefore = intake.accepted();
            long rejectedBefore = intake.rejected();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            long[] wall = new long[threads];
            long[] cpu = new long[threads];
            long[] alloc = new long[threads];
            long[] preempted = new long[threads];
            for (int t = 0; t < threads; t++) {
                int thread = t;
                String venue = "poly-" + pass.incrementAndGet();
                PolygonFeed feed = feed(venue, sink, deadLetters, latencies[thread], delivery, chunkSize);
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        long switches0 = involuntarySwitches();
                        long a0 = ALLOC.getThreadAllocatedBytes(Thread.currentThread().getId());
                        long c0 = CPU.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        Recorder rec = (Recorder) RECORDERS.get(venue);
                        java.nio.CharBuffer decoded = java.nio.CharBuffer.allocate(bufferChars);
                        for (CharSequence f : handed) {
                            if (hot) {
                                java.nio.CharBuffer wire = (java.nio.CharBuffer) f;
                                decoded.clear();
                                decoded.put(wire.array(), 0, wire.limit()).flip();
                                f = decoded;
                            }
                            rec.frameStart = System.nanoTime();
                            feed.frame(f);
                        }
                        wall[thread] = System.nanoTime() - t0;
                        cpu[thread] = CPU.getCurrentThreadCpuTime() - c0;
                        alloc[thread] = ALLOC.getThreadAllocatedBytes(Thread.currentThread().getId()) - a0;
                        preempted[thread] = involuntarySwitches() - switches0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "bench-" + t);
                th.start();
            }
            start.countDown();
            done.await();
            long accepted = intake.accepted() - acceptedBefore;
            long rejected = intake.rejected() - rejectedBefore;
            if (expectAccepted && (accepted != (long) ticks * threads || rejected != 0)) {
                throw new IllegalStateException("pass " + p + ": accepted " + accepted + ", rejected " + rejected
                        + ", expected " + (long) ticks * threads + " accepted: " + deadLetters.recent(3));
            }
            double total = 0;
            for (int t = 0; t < threads; t++) {
                total += ticks * 1e9 / wall[t];
            }
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            // CPU of the feeding threads (parse, route, intake all run on them; GC and JIT threads not included):
            // what a tick costs whatever else runs on the machine.
            double cpuPerTick = Arrays.stream(cpu).sum() / ((double) ticks * threads);
            // Bytes allocated by the feeding threads per tick (what the young generation has to collect).
            double allocPerTick = Arrays.stream(alloc).sum() / ((double) ticks * threads);
            long gcAfter = gcCount();
            long gcMillisAfter = gcMillis();
            double[] r = {total, pct(all, 50), pct(all, 99), pct(all, 99.9), all[all.length - 1] / 1000.0,
                    cpuPerTick, allocPerTick};
            System.out.printf("%s pass %d: %,.0f ticks/s (%d thread%s), CPU %.0f ns/tick, alloc %.0f B/tick,"
                            + " per-tick latency p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.0f us; GC %d x, %d ms%n",
                    measured ? "measured" : "warm-up ", p + 1, r[0], threads, threads == 1 ? "" : "s", r[5], r[6],
                    r[1], r[2], r[3], r[4], gcAfter - gcBefore, gcMillisAfter - gcMillisBefore);
            if (measured) {
                results.add(r);
                // The shape of the distribution: where the tail starts.
                System.out.printf("  per-tick latency ladder (us): p10 %.2f, p25 %.2f, p50 %.2f, p75 %.2f, p90 %.2f,"
                                + " p95 %.2f, p98 %.2f, p99 %.2f, p99.5 %.2f, p99.9 %.2f%n", pct(all, 10), pct(all, 25),
                        pct(all, 50), pct(all, 75), pct(all, 90), pct(all, 95), pct(all, 98), pct(all, 99),
                        pct(all, 99.5), pct(all, 99.9));
                long[] parse = RECORDERS.values().stream().map(o -> (Recorder) o)
                        .flatMapToLong(x -> Arrays.stream(x.parse, 0, x.frames)).sorted().toArray();
                long[] deliver = RECORDERS.values().stream().map(o -> (Recorder) o)
                        .flatMapToLong(x -> Arrays.stream(x.deliver, 0, x.frames)).sorted().toArray();
                if (parse.length > 0) {
                    // Per frame, the two halves: parsing the wire text to events, and the route plus intake.
                    System.out.printf("  per-frame parse (us): p50 %.2f, p90 %.2f, p99 %.2f; route + intake: p50 %.2f,"
                                    + " p90 %.2f, p99 %.2f%n", pct(parse, 50), pct(parse, 90), pct(parse, 99),
                            pct(deliver, 50), pct(deliver, 90), pct(deliver, 99));
                    System.out.println("  " + slowRuns() + "; the feeding thread"
                            + (threads == 1 ? " was" : "s were") + " preempted " + Arrays.stream(preempted).sum()
                            + " times");
                }
            }
            if (frameLog != null) {
                // Every frame's two halves with its start time: whether slow frames come alone or in runs (the
                // machine slowed down for a while) shows only in order.
                Files.createDirectories(frameLog);
                Path csv = frameLog.resolve("pass-" + (p + 1) + ".csv");
                try (java.io.PrintWriter w = new java.io.PrintWriter(Files.newBufferedWriter(csv))) {
                    w.println("venue,frame,start_ns,parse_ns,deliver_ns");
                    for (Map.Entry<String, Object> en : RECORDERS.entrySet()) {
                        Recorder x = (Recorder) en.getValue();
                        for (int k = 0; k < x.frames; k++) {
                            w.println(en.getKey() + "," + k + "," + x.when[k] + "," + x.parse[k] + "," + x.deliver[k]);
                        }
                    }
                }
            }
            RECORDERS.clear();
            if (shared[0] == null) {
                pf.close();
            }
        }
        double[] tput = results.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] p99 = results.stream().mapToDouble(r -> r[2]).sorted().toArray();
        double[] p50 = results.stream().mapToDouble(r -> r[1]).sorted().toArray();
        double[] cpus = results.stream().mapToDouble(r -> r[5]).sorted().toArray();
        double[] allocs = results.stream().mapToDouble(r -> r[6]).sorted().toArray();
        double[] p999 = results.stream().mapToDouble(r -> r[3]).sorted().toArray();
        System.out.printf("%nsummary over %d measured passes of %,d ticks: throughput median %,.0f ticks/s (min %,.0f,"
                        + " max %,.0f); CPU median %.0f ns/tick (= %,.0f ticks per CPU-second); per-tick p50 median"
                        + " %.2f us; p99 median %.2f us (min %.2f, max %.2f); p99.9 median %.2f us; alloc median %.0f"
                        + " B/tick; batch %d, threads %d, path %s, delivery %s, chunk %s, handover %s, Camel statistics %s,"
                        + " %s platform per pass; GC %s%n",
                results.size(), ticks, tput[tput.length / 2], tput[0], tput[tput.length - 1], cpus[cpus.length / 2],
                1e9 / cpus[cpus.length / 2], p50[p50.length / 2], p99[p99.length / 2], p99[0], p99[p99.length - 1],
                p999[p999.length / 2], allocs[allocs.length / 2], batch, threads, path, delivery,
                chunkSize == 0 ? "frame" : chunkSize, handover, statistics, freshPlatform ? "a fresh" : "one",
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
        // The heap flags decide the tail: a heap that grows, or pages touched for the first time, cost a frame
        // several microseconds (README, "Tuning for latency").
        List<String> jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:+Use") || a.contains("PreTouch")).toList();
        System.out.printf("JVM flags: %s%s%n", jvm.isEmpty() ? "(defaults)" : String.join(" ", jvm),
                jvm.contains("-XX:+AlwaysPreTouch") ? "" : "  -- without MAVEN_OPTS=\"-Xms2g -Xmx2g -XX:+AlwaysPreTouch\""
                        + " the tail includes first-touch page faults and heap growth");
        if (shared[0] != null) {
            shared[0].close();
        }
        System.exit(0);
    }

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOC = (com.sun.management.ThreadMXBean) CPU;

    private static long gcCount() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** The platform under test: a started Camel context with the route file, the core's intake and the sink. */
    private static final class Platform {
        final DefaultCamelContext camel = new DefaultCamelContext();
        final DeadLetterStore deadLetters = new DeadLetterStore();
        final MarketDataIntake intake;
        final CamelSink camelSink;
        final PolygonFeed.Sink sink;

        Platform(Path yaml, String path, org.apache.camel.ManagementStatisticsLevel statistics) throws Exception {
            camel.setNameStrategy(new ExplicitCamelContextNameStrategy("tradeloom"));
            camel.getShutdownStrategy().setTimeout(5);
            // As the container's Camel runtime sets it (etc/io.tradeloom.camel.cfg statistics.level, default
            // Default); --camel-statistics RoutesOnly to compare.
            camel.getManagementStrategy().getManagementAgent().setStatisticsLevel(statistics);
            camel.start();
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:marketdata.yaml",
                    Files.readString(yaml, StandardCharsets.UTF_8)));
            VenueRegistry registry = new VenueRegistry();
            FakeBundleContext bundles = new FakeBundleContext();
            intake = new MarketDataIntake(registry, deadLetters, bundles.context());
            for (RoutesBuilder rb : bundles.services(RoutesBuilder.class)) {
                camel.addRoutes(rb);
            }
            camelSink = new CamelSink(camel);
            // camel: the real path; intake: the same intake called directly (what Camel costs); parse: no delivery.
            sink = switch (path) {
                case "camel" -> camelSink;
                case "intake" -> new PolygonFeed.Sink() {
                    @Override
                    public void accept(io.tradeloom.domain.marketdata.MarketDataEvent e) {
                        intake.onEvent(e);
                    }

                    @Override
                    public void acceptAll(List<io.tradeloom.domain.marketdata.MarketDataEvent> events) {
                        intake.onEvent(events);
                    }
                };
                case "parse" -> e -> { };
                default -> throw new IllegalArgumentException("--path " + path + ": camel, intake or parse");
            };
        }

        void close() {
            camelSink.close();
            camel.stop();
        }
    }

    private static final Map<String, Object> RECORDERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Per-thread: when the current frame was handed over, and where each tick's latency goes. */
    private static final class Recorder {
        final long[] sink;
        int next;
        long frameStart;
        /** Per frame (delivery = frame): from hand-over to the parsed list, and the list's delivery to the intake. */
        final long[] parse;
        final long[] deliver;
        /** When each frame was handed over (System.nanoTime), for --frame-log. */
        final long[] when;
        int frames;

        Recorder(long[] sink) {
            this.sink = sink;
            this.parse = new long[sink.length];
            this.deliver = new long[sink.length];
            this.when = new long[sink.length];
        }
    }

    private static PolygonFeed feed(String venue, PolygonFeed.Sink sink, DeadLetterStore deadLetters, long[] latencies,
                                    String delivery, int chunk) {
        Map<String, Object> props = new HashMap<>();
        props.put("id", venue);
        props.put("ws.url", "ws://127.0.0.1:1/stocks");
        props.put("rest.url", "http://127.0.0.1:1");
        props.put("api.key", "bench");
        props.put("symbols", "*");
        props.put("channels", "Q,T");
        props.put("delivery", delivery);
        if (chunk > 0) {
            props.put("delivery.chunk", String.valueOf(chunk));
        }
        Recorder rec = new Recorder(latencies);
        RECORDERS.put(venue, rec);
        return new PolygonFeed(PolygonConfig.parse(props), new PolygonFeed.Sink() {
            @Override
            public void accept(io.tradeloom.domain.marketdata.MarketDataEvent e) throws Exception {
                sink.accept(e);
                rec.sink[rec.next++] = System.nanoTime() - rec.frameStart;
            }

            @Override
            public void acceptAll(List<io.tradeloom.domain.marketdata.MarketDataEvent> events) throws Exception {
                long parsed = System.nanoTime();
                sink.acceptAll(events);
                long end = System.nanoTime();
                long l = end - rec.frameStart;
                if (rec.frames < rec.parse.length) {
                    rec.when[rec.frames] = rec.frameStart;
                    rec.parse[rec.frames] = parsed - rec.frameStart;
                    rec.deliver[rec.frames++] = end - parsed;
                }
                for (int k = 0; k < events.size(); k++) {
                    rec.sink[rec.next++] = l;
                }
            }
        }, deadLetters);
    }

    /**
     * Frames more than 30 % over the pass's median frame, and how they come: alone (an interrupt, a page fault)
     * or in runs of consecutive frames (the whole machine slower for a while, in both halves at once).
     */
    private static String slowRuns() {
        int slow = 0;
        int longest = 0;
        int inRuns = 0;
        int frames = 0;
        for (Object o : RECORDERS.values()) {
            Recorder x = (Recorder) o;
            long[] total = new long[x.frames];
            for (int k = 0; k < x.frames; k++) {
                total[k] = x.parse[k] + x.deliver[k];
            }
            long[] sorted = total.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                continue;
            }
            long limit = sorted[sorted.length / 2] * 13 / 10;
            int run = 0;
            for (int k = 0; k <= x.frames; k++) {
                if (k < x.frames && total[k] > limit) {
                    run++;
                    slow++;
                    continue;
                }
                longest = Math.max(longest, run);
                if (run >= 10) {
                    inRuns += run;
                }
                run = 0;
            }
            frames += x.frames;
        }
        return String.format("slow frames (> 1.3 x median): %d of %d (%.2f %%), %d of them in runs of 10 or more"
                + " consecutive frames, longest run %d", slow, frames, 100.0 * slow / Math.max(1, frames), inRuns,
                longest);
    }

    /**
     * The calling thread's involuntary context switches so far (Linux; -1 elsewhere): how often the scheduler took
     * its core for another thread (GC, JIT, another process), each one a frame that waited.
     */
    private static long involuntarySwitches() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1000.0;
    }
}
