package io.tradeloom.benchmarks;

import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;

import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Orders per second through validation + risk + routing to the paper broker, and the latency that risk and
 * routing add per order, with the platform's real classes in one JVM. See benchmarks/README.md.
 *
 * <pre>
 * mvn -q -f benchmarks/pom.xml exec:java -Dexec.mainClass=io.tradeloom.benchmarks.OrderThroughputBenchmark \
 *     -Dexec.args="--orders 200000 --warmup 50000"
 * </pre>
 */
public final class OrderThroughputBenchmark {

    /** Symbols traded, with the mid of the one quote fed for each. */
    static final Map<String, BigDecimal> MIDS = mids();
    static final String[] SYMBOLS = MIDS.keySet().toArray(String[]::new);
    /** Quantities cycle over this many values (prime): with 5 symbols a (symbol, side, qty) repeats only after
     * about 100,000 orders, far outside any small duplicate window. */
    private static final int QTY_CYCLE = 9973;

    /**
     * The venue field of every order: by default {@value OrderPlatform#POLICY_VENUE}, so that each order is also
     * ranked by a routing policy (the paper venue only) and passes its venue's circuit breaker; {@code --venue
     * paper} names the venue directly (still through the breaker).
     */
    static volatile String orderVenue = OrderPlatform.POLICY_VENUE;

    private OrderThroughputBenchmark() {
    }

    private static Map<String, BigDecimal> mids() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        m.put("AAPL", new BigDecimal("190.00"));
        m.put("MSFT", new BigDecimal("410.00"));
        m.put("AMZN", new BigDecimal("180.00"));
        m.put("NVDA", new BigDecimal("120.00"));
        m.put("TSLA", new BigDecimal("250.00"));
        return m;
    }

    /** Command line. */
    record Options(int orders, int warmup, int block, int threads, long dupWindowMs, long timeoutSeconds,
                   Path routes, Path riskCfg, Path out, String venue, String store) {

        static Options parse(String[] args) {
            int orders = 200_000;
            int warmup = 50_000;
            int block = 1_000;
            int threads = 2;
            long dup = 5;
            long timeout = 300;
            String routes = null;
            String cfg = null;
            String out = null;
            String venue = OrderPlatform.POLICY_VENUE;
            String store = "memory";
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.isBlank()) {
                    continue;
                }
                if (a.equals("--help") || a.equals("-h")) {
                    throw new IllegalArgumentException("usage: OrderThroughputBenchmark [--orders N] [--warmup N]"
                            + " [--block N] [--threads N] [--dup-window-ms N] [--timeout-s N]"
                            + " [--routes orders.yaml] [--risk-cfg io.tradeloom.risk.cfg] [--out file.md]"
                            + " [--venue policy:bench|paper] [--store memory|container] [--paper-persist true|false]");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + ": needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--orders" -> orders = (int) number(a, v, 1);
                    case "--warmup" -> warmup = (int) number(a, v, 0);
                    case "--block" -> block = (int) number(a, v, 1);
                    case "--threads" -> threads = (int) number(a, v, 2);
                    case "--dup-window-ms" -> dup = number(a, v, 1);
                    case "--timeout-s" -> timeout = number(a, v, 1);
                    case "--routes" -> routes = v;
                    case "--risk-cfg" -> cfg = v;
                    case "--out" -> out = v;
                    case "--venue" -> venue = v;
                    case "--store" -> store = v;
                    case "--paper-persist" -> {
                        if (!v.equals("true") && !v.equals("false")) {
                            throw new IllegalArgumentException("--paper-persist " + v + ": true or false");
                        }
                        OrderPlatform.paperPersist = Boolean.parseBoolean(v);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            return new Options(orders, warmup, block, threads, dup, timeout,
                    ProjectFiles.find(routes, "--routes", "routes", "orders.yaml"),
                    ProjectFiles.find(cfg, "--risk-cfg", "etc", "io.tradeloom.risk.cfg"),
                    ProjectFiles.report(out, "order-throughput.md"), venue, store);
        }

        private static long number(String key, String v, long min) {
            long n;
            try {
                n = Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " " + v + ": not a number");
            }
            if (n < min || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + " " + v + ": must be >= " + min);
            }
            return n;
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            throw e;
        }
        orderVenue = o.venue();
        String report = run(o);
        System.out.println(report);
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), report, StandardCharsets.UTF_8);
        System.err.println("written to " + o.out().toAbsolutePath().normalize());
    }

    // ------------------------------------------------------------------------------------------------ the run

    /** The real etc/io.tradeloom.risk.cfg plus limits switched on so that every rule is evaluated per order. */
    static Map<String, Object> riskProps(Options o, Map<String, String> added) throws Exception {
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(o.riskCfg(), StandardCharsets.UTF_8)) {
            file.load(r);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        file.forEach((k, v) -> props.put(k.toString(), v.toString().trim()));
        props.put("felix.fileinstall.filename", o.riskCfg().toUri().toString());
        // Generous enough never to reject this workload (qty <= ~20,000, notional <= ~8.2M, positions near
        // flat, a few open orders at most), tight enough to be real limits.
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("max.order.qty", "1000000");
        extra.put("max.order.notional", "10000000");
        extra.put("price.collar.pct", "5");
        extra.put("max.open.orders", "100");
        extra.put("max.position", "1000000");
        extra.put("max.orders.per.second.venue", "1000000");
        extra.put("max.orders.per.second.account", "1000000");
        extra.put("restricted.symbols", "GME, AMC");
        extra.put("duplicate.window.ms", Long.toString(o.dupWindowMs()));
        for (Map.Entry<String, String> e : extra.entrySet()) {
            Object inFile = props.get(e.getKey());
            if (inFile == null || inFile.toString().isBlank() || inFile.toString().equals("0")) {
                props.put(e.getKey(), e.getValue());
                added.put(e.getKey(), e.getValue());
            }
        }
        return props;
    }

    static String run(Options o) throws Exception {
        Map<String, String> added = new LinkedHashMap<>();
        Map<String, Object> riskProps = riskProps(o, added);
        Conditions cond = new Conditions();

        // 1. Latency per order, risk on vs risk off, single thread, ABBA blocks; then RiskEngine.check alone.
        long[] on;
        long[] off;
        long[] checkAlone;
        long[] checkInFlow;
        String camelVersion;
        try (BenchStore sa = BenchStore.of(o.store(), "latency-a");
             BenchStore sb = BenchStore.of(o.store(), "latency-b");
             OrderPlatform a = new OrderPlatform("tradeloom", o.routes(), riskProps, MIDS, sa.store);
             OrderPlatform b = new OrderPlatform("tradeloom-norisk", o.routes(), null, MIDS, sb.store)) {
            camelVersion = a.camel.getVersion();
            log("latency: risk on (camel context " + a.name + ") and risk off (" + b.name + "), " + o.warmup()
                    + " warm-up + " + o.orders() + " measured orders each, 1 thread, blocks of " + o.block());
            OrderRequest[] ra = requests("LA", 0, 1, o.warmup() + o.orders());
            OrderRequest[] rb = requests("LB", 0, 1, o.warmup() + o.orders());
            alternate(a, b, ra, rb, 0, o.warmup(), o.block(), null, null);
            System.gc();
            on = new long[o.orders()];
            off = new long[o.orders()];
            checkInFlow = new long[o.orders()];
            a.risk.record(checkInFlow);
            cond.start();
            alternate(a, b, ra, rb, o.warmup(), o.orders(), o.block(), on, off);
            cond.stop();
            int checks = a.risk.record(null);
            if (checks != o.orders()) {
                throw new IllegalStateException("timed " + checks + " risk checks, expected " + o.orders());
            }
            verify(a, o.warmup() + o.orders(), o.warmup() + o.orders());
            verify(b, o.warmup() + o.orders(), o.warmup() + o.orders());

            log("RiskEngine.check alone on the same " + (o.warmup() + o.orders()) + " requests (risk-on engine)");
            checkAlone = new long[o.orders()];
            checkLoop(a.risk, ra, 0, o.warmup(), null);
            checkLoop(a.risk, ra, o.warmup(), o.orders(), checkAlone);
        }
        Arrays.sort(on);
        Arrays.sort(off);
        Arrays.sort(checkAlone);
        Arrays.sort(checkInFlow);

        // 2. Throughput: fresh platforms, 1 thread and N threads, risk on and off.
        List<Throughput> tputs = new ArrayList<>();
        for (boolean riskOn : new boolean[]{true, false}) {
            for (int threads : new int[]{1, o.threads()}) {
                tputs.add(throughput(o, riskOn ? riskProps : null, threads, cond));
            }
        }
        return table(o, riskProps, added, on, off, checkAlone, checkInFlow, tputs, camelVersion, cond);
    }

    /**
     * Order k of one thread: pairs of BUY then SELL of the same quantity and symbol (positions stay flat),
     * symbols in turn, quantities varying and distinct between threads, unique client order ids.
     */
    static OrderRequest[] requests(String tag, int thread, int threads, int count) {
        OrderRequest[] out = new OrderRequest[count];
        for (int k = 0; k < count; k++) {
            int pair = k / 2;
            Side side = k % 2 == 0 ? Side.BUY : Side.SELL;
            String symbol = SYMBOLS[pair % SYMBOLS.length];
            long qty = 1 + thread + (long) threads * (pair % QTY_CYCLE);
            out[k] = new OrderRequest(tag + "-" + thread + "-" + k, "default", orderVenue, symbol,
                    side, OrderType.MARKET, TimeInForce.DAY, BigDecimal.valueOf(qty), null, null, null, null);
        }
        return out;
    }

    /** Blocks of a then b, then b then a (ABBA), so that JIT, GC and machine noise fall on both. */
    private static void alternate(OrderPlatform a, OrderPlatform b, OrderRequest[] ra, OrderRequest[] rb, int from,
                                  int count, int block, long[] la, long[] lb) {
        int blocks = (count + block - 1) / block;
        for (int i = 0; i < blocks; i++) {
            int start = i * block;
            int n = Math.min(block, count - start);
            if (i % 2 == 0) {
                submitBlock(a, ra, from, start, n, la);
                submitBlock(b, rb, from, start, n, lb);
            } else {
                submitBlock(b, rb, from, start, n, lb);
                submitBlock(a, ra, from, start, n, la);
            }
        }
    }

    private static void submitBlock(OrderPlatform p, OrderRequest[] reqs, int from, int start, int n,
                                    long[] lat) {
        OrderPlatform.CountingGateway g = p.gateway;
        for (int i = start; i < start + n; i++) {
            OrderRequest r = reqs[from + i];
            long t0 = System.nanoTime();
            Order order = g.submit(r);
            long t1 = System.nanoTime();
            if (order.status() != OrderStatus.FILLED) {
                throw notFilled(p, r, order);
            }
            if (lat != null) {
                lat[i] = t1 - t0;
            }
        }
    }

    private static IllegalStateException notFilled(OrderPlatform p, OrderRequest r, Order order) {
        return new IllegalStateException(p.name + ": order " + order.id() + " (" + r.side() + " " + r.quantity()
                + " " + r.symbol() + ") is " + order.status() + " when submit returned, expected FILLED"
                + (order.reason() == null ? "" : " (" + order.reason() + ")") + "; dead letters: "
                + p.deadLetters.total());
    }

    private static void checkLoop(RiskEngine risk, OrderRequest[] reqs, int from, int count, long[] lat) {
        for (int i = 0; i < count; i++) {
            OrderRequest r = reqs[from + i];
            long t0 = System.nanoTime();
            risk.check(r);
            long t1 = System.nanoTime();
            if (lat != null) {
                lat[i] = t1 - t0;
            }
        }
    }

    /** Every order FILLED, nothing rejected, duplicated or dead-lettered. */
    private static void verify(OrderPlatform p, long expectedOrders, long expectedFilled) {
        OrderPlatform.CountingGateway g = p.gateway;
        List<String> problems = new ArrayList<>();
        Map<String, Long> states = g.getCountsByState();
        if (g.getTotalOrders() != expectedOrders || states.getOrDefault("FILLED", 0L) != expectedOrders) {
            problems.add("orders FILLED " + states.get("FILLED") + " of " + g.getTotalOrders() + ", expected "
                    + expectedOrders + " " + states);
        }
        if (g.filled.sum() != expectedFilled) {
            problems.add("FILLED executions applied " + g.filled.sum() + ", expected " + expectedFilled);
        }
        if (g.getRejects() != 0) {
            problems.add("rejects " + g.getRejects());
        }
        if (g.getDuplicateExecutions() != 0) {
            problems.add("duplicate executions " + g.getDuplicateExecutions());
        }
        if (p.deadLetters.total() != 0) {
            problems.add("dead letters " + p.deadLetters.total());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(p.name + ": the run is not valid: " + String.join("; ", problems));
        }
    }

    /** One throughput run. */
    record Throughput(boolean riskOn, int threads, int orders, double ordersPerSecond, long[] sortedLatency,
                      long gcCount, long gcMillis) {
    }

    private static Throughput throughput(Options o, Map<String, Object> riskProps, int threads, Conditions cond)
            throws Exception {
        boolean riskOn = riskProps != null;
        String tag = (riskOn ? "T" : "U") + threads;
        try (BenchStore store = BenchStore.of(o.store(), tag);
             OrderPlatform p = new OrderPlatform(riskOn ? "tradeloom" : "tradeloom-norisk", o.routes(), riskProps,
                MIDS, store.store)) {
            log("throughput: risk " + (riskOn ? "on" : "off") + ", " + threads + " thread(s), " + o.warmup()
                    + " warm-up + " + o.orders() + " measured orders (fresh platform)");
            int[] share = new int[threads];
            for (int t = 0; t < threads; t++) {
                share[t] = o.orders() / threads + (t < o.orders() % threads ? 1 : 0);
            }
            int[] warm = new int[threads];
            for (int t = 0; t < threads; t++) {
                warm[t] = o.warmup() / threads + (t < o.warmup() % threads ? 1 : 0);
            }
            OrderRequest[][] reqs = new OrderRequest[threads][];
            for (int t = 0; t < threads; t++) {
                reqs[t] = requests(tag, t, threads, warm[t] + share[t]);
            }
            runThreads(o, p, reqs, 0, warm, null, null);
            p.gateway.resetCounters();
            System.gc();
            long[][] lat = new long[threads][];
            for (int t = 0; t < threads; t++) {
                lat[t] = new long[share[t]];
            }
            long[] starts = new long[threads];
            long[] gc0 = gc();
            cond.start();
            runThreads(o, p, reqs, 1, warm, lat, starts);
            cond.stop();
            long[] gc1 = gc();
            long end = p.gateway.lastFilledNanos.get();
            long first = Arrays.stream(starts).min().orElseThrow();
            verify(p, o.warmup() + o.orders(), o.orders());
            if (store.store != null && store.ordersInSharedMap() != o.warmup() + o.orders()) {
                throw new IllegalStateException("the shared map holds " + store.ordersInSharedMap() + " orders after "
                        + "the last batch, expected " + (o.warmup() + o.orders()));
            }
            long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).toArray();
            Arrays.sort(all);
            double perSecond = o.orders() / ((end - first) / 1e9);
            log(String.format(Locale.ROOT, "  %.0f orders/s", perSecond));
            return new Throughput(riskOn, threads, o.orders(), perSecond, all, gc1[0] - gc0[0], gc1[1] - gc0[1]);
        }
    }

    /**
     * Runs each thread's requests: phase 0 the warm-up part, phase 1 the measured part (recording each submit's
     * time and each thread's first-submit stamp). All threads start together; bounded by --timeout-s.
     */
    private static void runThreads(Options o, OrderPlatform p, OrderRequest[][] reqs, int phase, int[] warm,
                                   long[][] lat, long[] starts) throws InterruptedException {
        int threads = reqs.length;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                OrderRequest[] mine = reqs[thread];
                int from = phase == 0 ? 0 : warm[thread];
                int to = phase == 0 ? warm[thread] : mine.length;
                OrderPlatform.CountingGateway g = p.gateway;
                try {
                    ready.countDown();
                    go.await();
                    if (starts != null) {
                        starts[thread] = System.nanoTime();
                    }
                    for (int i = from; i < to; i++) {
                        OrderRequest r = mine[i];
                        long t0 = System.nanoTime();
                        Order order = g.submit(r);
                        long t1 = System.nanoTime();
                        if (order.status() != OrderStatus.FILLED) {
                            throw notFilled(p, r, order);
                        }
                        if (lat != null) {
                            lat[thread][i - from] = t1 - t0;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "order-bench-" + t);
            workers[t].setDaemon(true);
            workers[t].start();
        }
        ready.await();
        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.timeoutSeconds());
        for (Thread w : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                w.join(left);
            }
            if (w.isAlive()) {
                throw new IllegalStateException(w.getName() + " still running after --timeout-s "
                        + o.timeoutSeconds() + " s; giving up");
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("a submitting thread failed: " + f, f);
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    /** GC and load average over all measured phases. */
    static final class Conditions {
        long gcCount;
        long gcMillis;
        long[] gcAtStart;
        double loadMax = -1;

        void start() {
            gcAtStart = gc();
            loadMax = Math.max(loadMax, load());
        }

        void stop() {
            long[] now = gc();
            gcCount += now[0] - gcAtStart[0];
            gcMillis += now[1] - gcAtStart[1];
            loadMax = Math.max(loadMax, load());
        }
    }

    private static String table(Options o, Map<String, Object> riskProps, Map<String, String> added, long[] on,
                                long[] off, long[] check, long[] checkInFlow, List<Throughput> tputs, String camelVersion,
                                Conditions cond) {
        StringBuilder s = new StringBuilder();
        s.append("## Order flow: validation + risk + routing to the paper broker\n\n");
        s.append("Venue field `" + o.venue() + "`" + (o.venue().startsWith("policy:")
                ? " (routing policy over paper: ranking by cost, fill rate, latency and health on every order)" : "")
                + "; every command passes the venue's guard route (Camel circuitBreaker EIP, resilience4j). Order"
                + " store: " + (o.store().equals("container") ? "the container's default (HazelcastOrderStore on a"
                + " standalone Hazelcast member with its MVStore file, etc/io.tradeloom.hazelcast.cfg defaults)"
                : "in memory (the gateway's own)") + ".\n\n");
        s.append(String.format(Locale.ROOT, "MARKET DAY orders, account default, venue paper (fill.model quote,"
                        + " latency.ms 0, partial.fill.ratio 1, persist " + OrderPlatform.paperPersist + "), %d symbols (%s) with one quote each, BUY/SELL pairs of"
                        + " the same qty (1 to ~%d shares), unique client ids; %d measured orders per run after %d"
                        + " warm-up. Java %s, %d CPUs, max heap %d MB, Camel %s, %s.%n%n",
                SYMBOLS.length, String.join(", ", SYMBOLS), QTY_CYCLE * o.threads(), o.orders(), o.warmup(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, camelVersion,
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
        s.append("Risk limits (").append(o.riskCfg().getFileName()).append(", every rule on): ");
        List<String> limits = new ArrayList<>();
        riskProps.forEach((k, v) -> {
            if (!k.startsWith("felix.") && !v.toString().isBlank()) {
                limits.add(k + "=" + v + (added.containsKey(k) ? "" : " (from the file)"));
            }
        });
        s.append(String.join(", ", limits)).append(".\n\n");

        s.append("### Throughput (orders/s, first submit to last FILLED applied; target >= 20,000/s)\n\n");
        s.append("| risk | threads | orders | orders/s | submit p50 (us) | submit p99 (us) | GC during run | target |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Throughput t : tputs) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f | %.1f | %.1f | %d (%d ms) | %s |%n",
                    t.riskOn() ? "on" : "off", t.threads(), t.orders(), t.ordersPerSecond(),
                    us(t.sortedLatency(), 50), us(t.sortedLatency(), 99), t.gcCount(), t.gcMillis(),
                    t.riskOn() ? (t.ordersPerSecond() >= 20_000 ? "met" : "NOT met") : "(baseline)"));
        }

        s.append("\n### Latency of one submit(), 1 thread (validation + venue checks + risk + routing + synchronous"
                + " paper fill, NEW and FILLED applied)\n\n");
        s.append("| submit() (us) | risk on | risk off | on - off |\n");
        s.append("|---|---:|---:|---:|\n");
        for (double p : new double[]{50, 90, 99, 99.9}) {
            s.append(String.format(Locale.ROOT, "| p%s | %.1f | %.1f | %+.1f |%n", pctName(p), us(on, p),
                    us(off, p), us(on, p) - us(off, p)));
        }
        s.append(String.format(Locale.ROOT, "| max | %.1f | %.1f | |%n", on[on.length - 1] / 1000.0,
                off[off.length - 1] / 1000.0));
        s.append(String.format(Locale.ROOT, "| mean | %.1f | %.1f | %+.1f |%n", mean(on), mean(off),
                mean(on) - mean(off)));

        s.append("\n### What risk and routing add per order (target p99 <= 50 us)\n\n");
        s.append("| per order (us) | p50 | p99 | p99.9 | target p99 <= 50 us |\n");
        s.append("|---|---:|---:|---:|---|\n");
        s.append(String.format(Locale.ROOT, "| risk share: submit() risk on - risk off | %+.1f | %+.1f | %+.1f | %s |%n",
                us(on, 50) - us(off, 50), us(on, 99) - us(off, 99), us(on, 99.9) - us(off, 99.9),
                us(on, 99) - us(off, 99) <= 50 ? "met" : "NOT met"));
        s.append(String.format(Locale.ROOT, "| RiskEngine.check inside submit() (timed in the flow) | %.2f | %.2f |"
                + " %.2f | %s |%n", us(checkInFlow, 50), us(checkInFlow, 99), us(checkInFlow, 99.9),
                us(checkInFlow, 99) <= 50 ? "met" : "NOT met"));
        s.append(String.format(Locale.ROOT, "| RiskEngine.check alone (direct calls back to back, same requests) | %.2f | %.2f |"
                + " %.2f | %s |%n", us(check, 50), us(check, 99), us(check, 99.9), us(check, 99) <= 50 ? "met"
                : "NOT met"));
        s.append(String.format(Locale.ROOT, "| whole submit() with risk on (upper bound for risk + routing) | %.1f |"
                + " %.1f | %.1f | %s |%n", us(on, 50), us(on, 99), us(on, 99.9), us(on, 99) <= 50 ? "met"
                : "NOT met"));

        s.append("\nChecks: every order of every run FILLED when submit() returned, the gateway applied one FILLED"
                + " execution per order, 0 rejects, 0 duplicate executions, 0 dead letters; RiskEngine.check passed"
                + " every direct call.\n\n");
        s.append(String.format(Locale.ROOT, "Conditions: GC during the measured phases: %d collections, %d ms;"
                        + " highest 1-min load average seen: %.2f on %d CPUs. Latency and throughput runs use"
                        + " fresh platforms; percentiles are nearest-rank; on - off is a difference of percentiles,"
                        + " not a percentile of differences.%n", cond.gcCount, cond.gcMillis, cond.loadMax,
                Runtime.getRuntime().availableProcessors()));
        return s.toString();
    }

    private static String pctName(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    /** Nearest-rank percentile of sorted nanos, in microseconds. */
    static double us(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1000.0;
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0) / 1000.0;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[]{count, millis};
    }

    private static void log(String line) {
        System.err.println("[order-throughput] " + line);
    }
}
