package io.tradeloom.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.DomainJson;
import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.cluster.orders.HazelcastOrderStore;
import io.tradeloom.core.api.OrderStore;
import io.tradeloom.core.orders.InMemoryOrderStore;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * What keeping order state in Hazelcast costs per order on the gateway's submit path. Platforms as
 * OrderThroughputBenchmark builds them (real OrderGateway, routes/orders.yaml, PaperBroker filling synchronously,
 * risk off), differing only in the OrderStore: the in-memory one (baseline), the Hazelcast store on an embedded member
 * without persistence, and the container's default configuration (Hazelcast store + MVStore write-through file, the
 * member and store settings of etc/io.tradeloom.hazelcast.cfg). With {@code --before}, also the synchronous store
 * the container had before (every read and write a map call with JSON) on the container's configuration, for a
 * back-to-back comparison. Each submit() returns with the order FILLED: one client-id look-up and bind, one put,
 * two execution keys, two updates and the reads in between. Blocks rotate between the platforms so that JIT, GC and
 * machine noise fall on all; orders/s is orders over the wall time of that platform's blocks, with {@code --threads}
 * submitting threads. After the run every store is flushed and the shared map must hold every order.
 *
 * <pre>
 * mvn -q -f benchmarks/pom.xml exec:java -Dexec.mainClass=io.tradeloom.benchmarks.SharedStateBenchmark \
 *     -Dexec.args="--orders 20000 --warmup 10000 [--threads 1] [--before] [--set orders.flush.ms=5]"
 * </pre>
 */
public final class SharedStateBenchmark {

    /** Settings (etc/io.tradeloom.hazelcast.cfg keys) given with --set. */
    private static final Map<String, Object> SETTINGS = new java.util.HashMap<>();

    private SharedStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int orders = 20_000;
        int warmup = 10_000;
        int block = 500;
        int threads = 1;
        boolean before = false;
        String out = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1].replace("_", "") : null;
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--block" -> block = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--out" -> out = args[i + 1];
                case "--set" -> {
                    // A key of etc/io.tradeloom.hazelcast.cfg for the members and stores, e.g. orders.flush.ms=2.
                    String[] kv = args[i + 1].split("=", 2);
                    SETTINGS.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
                }
                case "--before" -> {
                    before = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("usage: SharedStateBenchmark [--orders N] [--warmup N]"
                        + " [--block N] [--threads N] [--before] [--set key=value] [--out file.md]");
            }
            i++;
        }
        Path routes = ProjectFiles.find(null, "--routes", "routes", "orders.yaml");
        Path report = ProjectFiles.report(out, "shared-state.md");
        Path dir = Files.createTempDirectory("tradeloom-shared-state-bench");
        Path beforeDir = Files.createTempDirectory("tradeloom-shared-state-bench-before");
        Path clusteredDir = Files.createTempDirectory("tradeloom-shared-state-bench-clustered");
        List<String> names = new ArrayList<>(List.of("in-memory (InMemoryOrderStore, baseline)",
                "Hazelcast store, no persistence",
                "**container default** (join = none): Hazelcast store + MVStore file",
                "clustered (join = tcp-ip, one member): as above, client ids bound by putIfAbsent on the map"));
        if (before) {
            names.add("before: synchronous store (main before this change), container configuration");
        }
        int n = names.size();
        long[][] lat = new long[n][orders];
        long[] wall = new long[n];
        List<AutoCloseable> open = new ArrayList<>();
        try {
            HazelcastMember plain = keep(open, member("bench-plain", null));
            HazelcastMember durable = keep(open, member("bench-durable", dir));
            HazelcastMember clustered = keep(open, member("bench-clustered", clusteredDir, true));
            HazelcastOrderStore plainStore = keep(open, new HazelcastOrderStore(plain.instance(), plain.settings()));
            HazelcastOrderStore durableStore = keep(open, new HazelcastOrderStore(durable.instance(),
                    durable.settings()));
            HazelcastOrderStore clusteredStore = keep(open, new HazelcastOrderStore(clustered.instance(),
                    clustered.settings()));
            List<OrderPlatform> p = new ArrayList<>();
            p.add(keep(open, new OrderPlatform("ss-memory", routes, null, OrderThroughputBenchmark.MIDS,
                    new InMemoryOrderStore())));
            p.add(keep(open, new OrderPlatform("ss-hazelcast", routes, null, OrderThroughputBenchmark.MIDS,
                    plainStore)));
            p.add(keep(open, new OrderPlatform("ss-durable", routes, null, OrderThroughputBenchmark.MIDS,
                    durableStore)));
            p.add(keep(open, new OrderPlatform("ss-clustered", routes, null, OrderThroughputBenchmark.MIDS,
                    clusteredStore)));
            HazelcastMember old = null;
            if (before) {
                // As the container was configured then: write-through.
                SETTINGS.put("persistence.write-delay.seconds", "0");
                old = keep(open, member("bench-before", beforeDir));
                p.add(keep(open, new OrderPlatform("ss-before", routes, null, OrderThroughputBenchmark.MIDS,
                        new SynchronousStore(old.instance()))));
            }
            OrderRequest[][][] reqs = new OrderRequest[n][threads][];
            for (int k = 0; k < n; k++) {
                for (int t = 0; t < threads; t++) {
                    reqs[k][t] = OrderThroughputBenchmark.requests("SS" + k, t, threads,
                            (warmup + orders) / threads + 1);
                }
            }
            log(warmup + " warm-up + " + orders + " measured orders per store, " + threads
                    + " submitting thread(s), blocks of " + block + ", order store flush interval "
                    + durable.settings().ordersFlushMillis() + " ms");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                rotate(pool, p, reqs, 0, warmup / threads, block / threads, null, null);
                System.gc();
                rotate(pool, p, reqs, warmup / threads, orders / threads, block / threads, lat, wall);
            } finally {
                pool.shutdownNow();
            }
            int expected = warmup / threads * threads + orders / threads * threads;
            for (int k = 0; k < n; k++) {
                long total = p.get(k).gateway.getTotalOrders();
                if (total != expected) {
                    throw new IllegalStateException(names.get(k) + ": " + total + " orders, expected " + expected);
                }
            }
            // Everything the asynchronous store holds reaches the shared map (and from there the file).
            plainStore.flush();
            durableStore.flush();
            clusteredStore.flush();
            for (HazelcastMember m : before ? List.of(plain, durable, clustered, old)
                    : List.of(plain, durable, clustered)) {
                long inMap = m.getOrders();
                if (inMap != expected) {
                    throw new IllegalStateException(m.getClusterName() + ": " + inMap + " orders in the map, expected "
                            + expected);
                }
            }
            String extra = String.format(Locale.ROOT, "Container default store: %,d batches to the map for %,d order "
                            + "writes (%.1f orders per batch, flush interval %d ms)%n", durableStore.batches(),
                    durableStore.ordersWritten(), durableStore.ordersWritten() / (double) Math.max(1,
                            durableStore.batches()), durable.settings().ordersFlushMillis());
            String table = table(names, lat, wall, orders / threads * threads, threads,
                    Files.size(dir.resolve("shared-state.mv.db"))) + extra;
            System.out.println(table);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, table, StandardCharsets.UTF_8);
            System.err.println("written to " + report.toAbsolutePath().normalize());
        } finally {
            // Platforms first, then stores (flush), then members.
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> open, T c) {
        open.add(c);
        return c;
    }
    static HazelcastMember member(String cluster, Path dir) {
        return member(cluster, dir, false);
    }

    private static HazelcastMember member(String cluster, Path dir, boolean tcpIp) {
        Map<String, Object> props = new java.util.HashMap<>(SETTINGS);
        props.put("cluster.name", cluster);
        int port = freePort();
        props.put("member.port", Integer.toString(port));
        if (tcpIp) {
            props.put("join", "tcp-ip");
            props.put("join.members", "127.0.0.1:" + port);
        }
        props.put("persistence", Boolean.toString(dir != null));
        props.put("jmx", "false");
        if (dir != null) {
            props.put("persistence.dir", dir.toString());
        }
        return new HazelcastMember(MemberSettings.from(props, dir), SharedStateBenchmark.class.getClassLoader());
    }

    private static void rotate(ExecutorService pool, List<OrderPlatform> p, OrderRequest[][][] reqs, int from,
                               int count, int block, long[][] lat, long[] wall) throws Exception {
        int threads = reqs[0].length;
        int blocks = (count + block - 1) / block;
        for (int i = 0; i < blocks; i++) {
            int start = i * block;
            int n = Math.min(block, count - start);
            for (int j = 0; j < p.size(); j++) {
                int k = (i + j) % p.size();
                OrderPlatform.CountingGateway g = p.get(k).gateway;
                String name = p.get(k).name;
                List<Future<?>> done = new ArrayList<>();
                long w0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int x = start; x < start + n; x++) {
                            OrderRequest r = reqs[k][thread][from + x];
                            long t0 = System.nanoTime();
                            Order o = g.submit(r);
                            long t1 = System.nanoTime();
                            if (o.status() != OrderStatus.FILLED) {
                                throw new IllegalStateException(name + ": order " + o.id() + " is " + o.status()
                                        + " when submit returned, expected FILLED");
                            }
                            if (lat != null) {
                                lat[k][x * threads + thread] = t1 - t0;
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                if (wall != null) {
                    wall[k] += System.nanoTime() - w0;
                }
            }
        }
    }

    private static String table(List<String> names, long[][] lat, long[] wall, int orders, int threads,
                                long fileBytes) {
        StringBuilder sb = new StringBuilder();
        sb.append("Shared state: submit() per order, ").append(orders).append(" measured orders per store, ")
                .append(threads).append(" submitting thread(s), ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)).append(", Java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n\n");
        sb.append("| order store | mean (µs) | p50 (µs) | p99 (µs) | p99.9 (µs) | orders/s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        double baseMean = 0;
        List<String> deltas = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            long[] s = Arrays.copyOf(lat[k], orders);
            Arrays.sort(s);
            double mean = Arrays.stream(s).average().orElse(0) / 1000.0;
            if (k == 0) {
                baseMean = mean;
            } else {
                deltas.add(String.format(Locale.ROOT, "%s: %+.1f µs per order", names.get(k), mean - baseMean));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %,.0f |%n", names.get(k), mean,
                    s[s.length / 2] / 1000.0, s[(int) (s.length * 0.99)] / 1000.0,
                    s[(int) (s.length * 0.999)] / 1000.0, orders * 1e9 / wall[k]));
        }
        sb.append("\nCost over the in-memory store (mean): ").append(String.join("; ", deltas)).append('\n');
        sb.append(String.format(Locale.ROOT, "Durable file after the run: %,d bytes%n", fileBytes));
        return sb.toString();
    }
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void log(String line) {
        System.err.println("[shared-state] " + line);
    }

    /**
     * The order store as it was before the asynchronous one (main at ef76c0b): every read a map get and JSON decode,
     * every write a synchronous map call with JSON encode. Kept here only to measure before and after back to back.
     */
    private static final class SynchronousStore implements OrderStore {

        private final IMap<String, HazelcastJsonValue> orders;
        private final IMap<String, String> clientIds;
        private final IMap<String, String> executions;

        SynchronousStore(HazelcastInstance hazelcast) {
            this.orders = hazelcast.getMap(ClusterNames.ORDERS);
            this.clientIds = hazelcast.getMap(ClusterNames.CLIENT_IDS);
            this.executions = hazelcast.getMap(ClusterNames.EXECUTIONS);
        }

        @Override
        public Optional<Order> get(String orderId) {
            HazelcastJsonValue json = orders.get(orderId);
            return json == null ? Optional.empty() : Optional.of(DomainJson.order(json.getValue()));
        }

        @Override
        public Optional<String> bindClientId(String clientOrderId, String orderId) {
            // Atomic on the key's partition owner: of two racing submits with one client id, one binds, one sees it.
            return Optional.ofNullable(clientIds.putIfAbsent(clientOrderId, orderId));
        }

        @Override
        public Optional<String> idOfClientId(String clientOrderId) {
            return Optional.ofNullable(clientIds.get(clientOrderId));
        }

        @Override
        public void put(Order order) {
            orders.set(order.id(), new HazelcastJsonValue(DomainJson.toJson(order)));
        }

        /**
         * Read, change, compare-and-set, retried when another writer got there first (then {@code change} sees that
         * writer's result). Optimistic rather than a lock or an EntryProcessor: the gateway's change functions capture
         * local state (the order before, a failure reason), so they must run here in the caller's thread, and two map
         * calls per change cost half of lock-get-set-unlock. Returns the very object {@code change} returned, so that
         * "no change" (the same instance) stays recognisable and is not written.
         */
        @Override
        public Order update(String orderId, UnaryOperator<Order> change) {
            while (true) {
                HazelcastJsonValue json = orders.get(orderId);
                if (json == null) {
                    return null;
                }
                Order current = DomainJson.order(json.getValue());
                Order changed = change.apply(current);
                if (changed == null || changed == current) {
                    return changed;
                }
                if (orders.replace(orderId, json, new HazelcastJsonValue(DomainJson.toJson(changed)))) {
                    return changed;
                }
            }
        }

        @Override
        public Collection<Order> values() {
            return decode(orders.values());
        }

        @Override
        public boolean markExecution(String key) {
            return executions.putIfAbsent(key, Instant.now().toString()) == null;
        }

        @Override
        public void forgetExecution(String key) {
            executions.delete(key);
        }

        private static List<Order> decode(Collection<HazelcastJsonValue> values) {
            List<Order> out = new ArrayList<>(values.size());
            for (HazelcastJsonValue v : values) {
                out.add(DomainJson.order(v.getValue()));
            }
            return out;
        }
    }
}
