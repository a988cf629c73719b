package io.tradeloom.benchmarks;

import io.tradeloom.api.rest.internal.RestBenchBridge;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the REST entry point adds to an order: POST /api/orders over loopback HTTP/1.1 (keep-alive, one client,
 * closed loop) against calling OrderService.submit directly, on the same platform (real gateway, risk, paper broker
 * filling on the caller's thread), in alternating blocks. Both paths return only once the order is FILLED, so the
 * difference is HTTP + JSON + key check. See benchmarks/README.md.
 */
public final class RestLatencyBenchmark {

    private static final String KEY = "bench-key-0123456789abcdef";

    private RestLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = 20_000;
        int warmup = 10_000;
        int block = 1_000;
        String out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--block" -> block = Integer.parseInt(args[++i]);
                case "--out" -> out = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--orders N --warmup N --block N --out FILE)");
            }
        }
        Path ordersYaml = ProjectFiles.find(null, "--routes", "routes", "orders.yaml");
        Map<String, BigDecimal> mids = Map.of("AAPL", new BigDecimal("190.00"), "MSFT", new BigDecimal("420.00"));
        String[] symbols = mids.keySet().stream().sorted().toArray(String[]::new);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String report;
        try (OrderPlatform p = new OrderPlatform("rest-bench", ordersYaml, Map.<String, Object>of("max.order.qty", "1000000"),
                mids)) {
            LongSupplier answered = RestBenchBridge.start(p.camel, p.gateway, p.registry, p.risk, p.deadLetters,
                    port, KEY);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/orders");
            long[] rest = new long[orders];
            long[] direct = new long[orders];
            int total = warmup + orders;
            int restDone = 0;
            int directDone = 0;
            long restNanos = 0;
            long directNanos = 0;
            for (int from = 0; from < total; from += block) {
                int n = Math.min(block, total - from);
                long t0 = System.nanoTime();
                for (int i = from; i < from + n; i++) {
                    String body = "{\"clientOrderId\":\"r-" + i + "\",\"venue\":\"paper\",\"symbol\":\""
                            + symbols[i % symbols.length] + "\",\"side\":\"" + (i % 2 == 0 ? "buy" : "sell")
                            + "\",\"qty\":\"" + (1 + i % 100) + "\"}";
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("X-API-Key", KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long e = System.nanoTime();
                    if (r.statusCode() != 201 || !r.body().contains("\"status\":\"filled\"")) {
                        throw new IllegalStateException("REST order " + i + ": " + r.statusCode() + " " + r.body());
                    }
                    if (i >= warmup) {
                        rest[restDone++] = e - s;
                    }
                }
                if (from >= warmup) {
                    restNanos += System.nanoTime() - t0;
                }
                t0 = System.nanoTime();
                for (int i = from; i < from + n; i++) {
                    OrderRequest req = OrderRequest.builder().clientOrderId("d-" + i).venue("paper")
                            .symbol(symbols[i % symbols.length]).side(i % 2 == 0 ? Side.BUY : Side.SELL)
                            .quantity(BigDecimal.valueOf(1 + i % 100)).build();
                    long s = System.nanoTime();
                    Order o = p.gateway.submit(req);
                    long e = System.nanoTime();
                    if (o.status() != OrderStatus.FILLED) {
                        throw new IllegalStateException("direct order " + i + ": " + o.status());
                    }
                    if (i >= warmup) {
                        direct[directDone++] = e - s;
                    }
                }
                if (from >= warmup) {
                    directNanos += System.nanoTime() - t0;
                }
            }
            if (answered.getAsLong() != total) {
                throw new IllegalStateException("REST answered " + answered.getAsLong() + " of " + total);
            }
            report = table(orders, warmup, block, rest, direct, restNanos, directNanos, restDone, directDone);
        }
        System.out.print(report);
        Path file = ProjectFiles.report(out, "rest-latency.md");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, report);
        System.err.println("written to " + file);
    }

    private static String table(int orders, int warmup, int block, long[] rest, long[] direct, long restNanos,
                                long directNanos, int restDone, int directDone) {
        Arrays.sort(rest);
        Arrays.sort(direct);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "REST vs direct OrderService.submit: %d measured orders per path after %d"
                + " warm-up, blocks of %d, one client, closed loop; each returns the FILLED order.%n%n", orders,
                warmup, block));
        s.append("| per order (us) | direct submit | POST /api/orders | REST adds |\n|---|---:|---:|---:|\n");
        for (double pct : new double[]{50, 99, 99.9}) {
            double d = us(direct, pct);
            double r = us(rest, pct);
            s.append(String.format(Locale.ROOT, "| p%s | %.1f | %.1f | %.1f |%n",
                    pct == Math.floor(pct) ? Integer.toString((int) pct) : Double.toString(pct), d, r, r - d));
        }
        s.append(String.format(Locale.ROOT, "| max | %.1f | %.1f | |%n", direct[direct.length - 1] / 1000.0,
                rest[rest.length - 1] / 1000.0));
        s.append(String.format(Locale.ROOT, "| closed-loop orders/s | %.0f | %.0f | |%n",
                directDone / (directNanos / 1e9), restDone / (restNanos / 1e9)));
        return s.toString();
    }

    /** Nearest-rank percentile of sorted nanos, in microseconds. */
    private static double us(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }
}
