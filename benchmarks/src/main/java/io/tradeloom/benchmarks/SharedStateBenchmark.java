package io.tradeloom.benchmarks;

import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.cluster.orders.HazelcastOrderStore;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What keeping order state in Hazelcast costs per order on the gateway's submit path. Three platforms as
 * OrderThroughputBenchmark builds them (real OrderGateway, routes/orders.yaml, PaperBroker filling synchronously,
 * risk off), differing only in the OrderStore: the in-memory one, the Hazelcast store on an embedded member without
 * persistence, and the container's configuration (Hazelcast + write-through MVStore file). Each submit() returns
 * with the order FILLED, so one order = 1 client-id lookup + bind, 1 put, 2 execution keys, 2 locked updates and
 * the reads in between. Blocks rotate between the three so that JIT, GC and machine noise fall on all.
 *
 * <pre>
 * mvn -q -f benchmarks/pom.xml exec:java -Dexec.mainClass=io.tradeloom.benchmarks.SharedStateBenchmark \
 *     -Dexec.args="--orders 20000 --warmup 10000"
 * </pre>
 */
public final class SharedStateBenchmark {

    private SharedStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int orders = 20_000;
        int warmup = 10_000;
        int block = 500;
        String out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1].replace("_", ""));
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1].replace("_", ""));
                case "--block" -> block = Integer.parseInt(args[i + 1].replace("_", ""));
                case "--out" -> out = args[i + 1];
                default -> throw new IllegalArgumentException("usage: SharedStateBenchmark [--orders N] [--warmup N]"
                        + " [--block N] [--out file.md]");
            }
        }
        Path routes = ProjectFiles.find(null, "--routes", "routes", "orders.yaml");
        Path report = ProjectFiles.report(out, "shared-state.md");
        Path dir = Files.createTempDirectory("tradeloom-shared-state-bench");
        String[] names = {"in-memory (InMemoryOrderStore)", "Hazelcast, no persistence",
                "Hazelcast + MVStore write-through (container default)"};
        long[][] lat = new long[3][orders];
        try (HazelcastMember plain = member("bench-plain", null);
             HazelcastMember durable = member("bench-durable", dir);
             OrderPlatform mem = new OrderPlatform("ss-memory", routes, null, OrderThroughputBenchmark.MIDS,
                     new InMemoryOrderStore());
             OrderPlatform hz = new OrderPlatform("ss-hazelcast", routes, null, OrderThroughputBenchmark.MIDS,
                     new HazelcastOrderStore(plain.instance()));
             OrderPlatform hzd = new OrderPlatform("ss-durable", routes, null, OrderThroughputBenchmark.MIDS,
                     new HazelcastOrderStore(durable.instance()))) {
            OrderPlatform[] p = {mem, hz, hzd};
            OrderRequest[][] reqs = new OrderRequest[3][];
            for (int k = 0; k < 3; k++) {
                reqs[k] = OrderThroughputBenchmark.requests("SS" + k, 0, 1, warmup + orders);
            }
            log(warmup + " warm-up + " + orders + " measured orders per store, 1 thread, blocks of " + block);
            rotate(p, reqs, 0, warmup, block, null);
            System.gc();
            rotate(p, reqs, warmup, orders, block, lat);
            for (int k = 0; k < 3; k++) {
                long n = p[k].gateway.getTotalOrders();
                if (n != warmup + orders) {
                    throw new IllegalStateException(names[k] + ": " + n + " orders, expected " + (warmup + orders));
                }
            }
            long onFile = Files.size(dir.resolve("shared-state.mv.db"));
            String table = table(names, lat, orders, onFile);
            System.out.println(table);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, table, StandardCharsets.UTF_8);
            System.err.println("written to " + report.toAbsolutePath().normalize());
        }
    }

    private static HazelcastMember member(String cluster, Path dir) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("cluster.name", cluster);
        props.put("member.port", Integer.toString(freePort()));
        props.put("persistence", Boolean.toString(dir != null));
        props.put("jmx", "false");
        if (dir != null) {
            props.put("persistence.dir", dir.toString());
        }
        return new HazelcastMember(MemberSettings.from(props, dir), SharedStateBenchmark.class.getClassLoader());
    }

    private static void rotate(OrderPlatform[] p, OrderRequest[][] reqs, int from, int count, int block,
                               long[][] lat) {
        int blocks = (count + block - 1) / block;
        for (int i = 0; i < blocks; i++) {
            int start = i * block;
            int n = Math.min(block, count - start);
            for (int j = 0; j < p.length; j++) {
                int k = (i + j) % p.length;
                OrderPlatform.CountingGateway g = p[k].gateway;
                for (int x = start; x < start + n; x++) {
                    OrderRequest r = reqs[k][from + x];
                    long t0 = System.nanoTime();
                    Order o = g.submit(r);
                    long t1 = System.nanoTime();
                    if (o.status() != OrderStatus.FILLED) {
                        throw new IllegalStateException(p[k].name + ": order " + o.id() + " is " + o.status()
                                + " when submit returned, expected FILLED");
                    }
                    if (lat != null) {
                        lat[k][x] = t1 - t0;
                    }
                }
            }
        }
    }

    private static String table(String[] names, long[][] lat, int orders, long fileBytes) {
        StringBuilder sb = new StringBuilder();
        sb.append("Shared state: submit() per order, ").append(orders).append(" measured orders per store, ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).withNano(0)).append(", Java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n\n");
        sb.append("| order store | mean (µs) | p50 (µs) | p99 (µs) | p99.9 (µs) | orders/s (1 thread) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        double baseMean = 0;
        List<String> deltas = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            long[] s = lat[k].clone();
            Arrays.sort(s);
            double mean = Arrays.stream(s).average().orElse(0) / 1000.0;
            if (k == 0) {
                baseMean = mean;
            } else {
                deltas.add(String.format(Locale.ROOT, "%s: +%.1f µs per order", names[k], mean - baseMean));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %,.0f |%n", names[k], mean,
                    s[s.length / 2] / 1000.0, s[(int) (s.length * 0.99)] / 1000.0,
                    s[(int) (s.length * 0.999)] / 1000.0, 1e6 / mean));
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
}
