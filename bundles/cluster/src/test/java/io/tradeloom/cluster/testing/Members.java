package io.tradeloom.cluster.testing;

import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Real Hazelcast members on loopback with free ports, and orders to put in them. */
public final class Members {

    private Members() {
    }

    /**
     * A free loopback port below the kernel's ephemeral range. Ports are picked for every member before any of them
     * binds, and a starting member's outgoing connections take local ports from that range: a connection to a
     * peer's port not yet bound could take that very port (a TCP self-connect), and the peer then fails with
     * "Port ... is already in use" (seen in CI).
     */
    public static int freePort() {
        int below = ephemeralLow();
        if (below - 1 - LOWEST >= 1000) {
            for (int tries = 0; tries < 200; tries++) {
                int port = LOWEST + java.util.concurrent.ThreadLocalRandom.current().nextInt(below - LOWEST);
                try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static final int LOWEST = 10_000;

    /** The first port of the kernel's ephemeral range (Linux), 32768 when it cannot be read. */
    private static int ephemeralLow() {
        // Read as a stream to its end: procfs reports a size that Files.readString trusts (it read "3" here).
        Path file = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            String range = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** A standalone member on a free loopback port; durable in {@code dir} when it is not null. */
    public static HazelcastMember standalone(String cluster, Path dir) {
        return standalone(cluster, dir, Map.of());
    }

    /** As above, with more settings (keys of etc/io.tradeloom.hazelcast.cfg). */
    public static HazelcastMember standalone(String cluster, Path dir, Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>(more);
        p.put("cluster.name", cluster);
        p.put("member.port", Integer.toString(freePort()));
        p.put("member.port.auto-increment", "false");
        p.put("persistence", Boolean.toString(dir != null));
        if (dir != null) {
            p.put("persistence.dir", dir.toString());
        }
        p.put("jmx", "false");
        return new HazelcastMember(MemberSettings.from(p, dir), Members.class.getClassLoader());
    }

    /** A member of a tcp-ip cluster: {@code port} its own, {@code peers} the member list. */
    public static HazelcastMember clustered(String cluster, int port, String peers) {
        return clustered(cluster, port, peers, Map.of());
    }

    /** As above, with more settings (keys of etc/io.tradeloom.hazelcast.cfg). */
    public static HazelcastMember clustered(String cluster, int port, String peers, Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>(more);
        p.put("cluster.name", cluster);
        p.put("member.port", Integer.toString(port));
        p.put("member.port.auto-increment", "false");
        p.put("join", "tcp-ip");
        p.put("join.members", peers);
        p.put("persistence", "false");
        p.put("jmx", "false");
        return new HazelcastMember(MemberSettings.from(p, null), Members.class.getClassLoader());
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeoutMillis}. */
    public static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeoutMillis + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    public static Order order(String id, String clientId, String venue, String symbol, String qty) {
        OrderRequest r = OrderRequest.builder().clientOrderId(clientId).venue(venue).symbol(symbol).side(Side.BUY)
                .type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity(qty).limitPrice("101.2500")
                .strategy("s1").build();
        return Order.accept(id, clientId, r, Instant.parse("2026-11-21T14:30:00.123456789Z"));
    }
}
