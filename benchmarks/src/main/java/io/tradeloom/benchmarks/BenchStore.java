package io.tradeloom.benchmarks;

import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.orders.HazelcastOrderStore;
import io.tradeloom.core.api.OrderStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a benchmark's orders live: {@code memory}, the gateway's own in-memory store, or {@code container}, what the
 * container runs (a standalone Hazelcast member with its durable MVStore file, and {@link HazelcastOrderStore}
 * with the defaults of {@code etc/io.tradeloom.hazelcast.cfg}).
 */
final class BenchStore implements AutoCloseable {

    /** Null for the in-memory store (the platform then uses the gateway's own). */
    final OrderStore store;
    private final HazelcastOrderStore hazelcastStore;
    private final HazelcastMember member;
    private final Path dir;

    private BenchStore(HazelcastOrderStore store, HazelcastMember member, Path dir) {
        this.store = store;
        this.hazelcastStore = store;
        this.member = member;
        this.dir = dir;
    }

    static BenchStore of(String kind, String name) throws IOException {
        return switch (kind) {
            case "memory" -> new BenchStore(null, null, null);
            case "container" -> {
                Path dir = Files.createTempDirectory("tradeloom-bench-store");
                HazelcastMember m = SharedStateBenchmark.member("bench-" + name, dir);
                yield new BenchStore(new HazelcastOrderStore(m.instance(), m.settings()), m, dir);
            }
            default -> throw new IllegalArgumentException("--store " + kind + ": must be memory or container");
        };
    }

    /** Every order the platform stored, once the store wrote its last batch (0 for the in-memory store). */
    long ordersInSharedMap() {
        if (hazelcastStore == null) {
            return 0;
        }
        hazelcastStore.flush();
        return member.getOrders();
    }

    @Override
    public void close() throws IOException {
        if (hazelcastStore != null) {
            hazelcastStore.close();
            member.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
