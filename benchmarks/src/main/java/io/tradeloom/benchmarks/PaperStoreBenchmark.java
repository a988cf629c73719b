package io.tradeloom.benchmarks;

import io.tradeloom.broker.paper.engine.PaperConfig;
import io.tradeloom.broker.paper.engine.PaperMatchingEngine;
import io.tradeloom.broker.paper.ledger.PaperLedger;
import io.tradeloom.broker.paper.store.PaperJournal;
import io.tradeloom.broker.paper.store.PaperState;
import io.tradeloom.broker.paper.store.PaperStore;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What persisting the paper venue costs per order, side by side in one JVM: the paper matching engine and its
 * ledger taking MARKET orders (each acknowledged and filled, both executions recorded in the ledger) with the state
 * in memory and with the state written behind to its MVStore file ({@code persist = true}), alternating, same
 * orders. Reports, per order, the caller's wall time and CPU and the bytes the caller allocated (the hot path), the
 * store's writer thread's CPU and allocation (steadier than process CPU on a shared machine), and the whole
 * process's CPU (writer thread and GC included), plus how long the writer needs at the end to catch up.
 *
 * <p>{@code mvn -q -o -f benchmarks/pom.xml exec:java -Dexec.mainClass=io.tradeloom.benchmarks.PaperStoreBenchmark
 * -Dexec.args="--orders 100000 --rounds 3 --flush-ms 10"}
 */
public final class PaperStoreBenchmark {

    private PaperStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = 200_000;
        int rounds = 3;
        int flushMs = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--flush-ms" -> flushMs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Order[] batch = orders(orders);
        System.out.println("| round | state | orders/s (caller) | caller CPU us/order | caller bytes/order"
                + " | writer CPU us/order | writer bytes/order | process CPU us/order | GC count"
                + " | writer catch-up ms | file MB |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        run(0, false, orders(20_000), flushMs);
        run(0, true, orders(20_000), flushMs); // warm-up, not printed
        for (int r = 1; r <= rounds; r++) {
            System.out.println(run(r, false, batch, flushMs));
            System.out.println(run(r, true, batch, flushMs));
        }
    }

    private static Order[] orders(int n) {
        Instant t = Instant.now();
        Order[] out = new Order[n];
        for (int i = 0; i < n; i++) {
            out[i] = Order.accept(String.format(Locale.ROOT, "O%08d", i), "C" + i, OrderRequest.builder()
                    .venue("paper").symbol("AAPL").side(i % 2 == 0 ? Side.BUY : Side.SELL).type(OrderType.MARKET)
                    .timeInForce(TimeInForce.DAY).quantity(BigDecimal.valueOf(1 + i % 500)).build(), t);
        }
        return out;
    }

    private static String run(int round, boolean persist, Order[] orders, int flushMs) throws Exception {
        Path dir = Files.createTempDirectory("tradeloom-paper-store-bench");
        try {
            PaperStore store = persist ? PaperStore.open(PaperStore.fileFor(dir, "paper"), "paper", flushMs) : null;
            PaperJournal journal = store == null ? PaperJournal.NONE : store;
            PaperState state = store == null ? PaperState.EMPTY : store.loaded();
            PaperLedger ledger = new PaperLedger("paper", journal, state);
            Instant now = Instant.now();
            Quote q = new Quote("AAPL", "bench", new BigDecimal("99.99"), new BigDecimal("10000000"),
                    new BigDecimal("100.01"), new BigDecimal("10000000"), now, now);
            PaperMatchingEngine engine = new PaperMatchingEngine(PaperConfig.defaults(), s -> Optional.of(q),
                    ledger::execution, Clock.systemUTC(), null, journal, state);
            System.gc();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                    ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long self = Thread.currentThread().getId();
            long gc0 = gcCount();
            long cpu0 = threads.getThreadCpuTime(self);
            long bytes0 = threads.getThreadAllocatedBytes(self);
            long writer = writerThread();
            long wcpu0 = writer < 0 ? 0 : threads.getThreadCpuTime(writer);
            long wbytes0 = writer < 0 ? 0 : threads.getThreadAllocatedBytes(writer);
            long proc0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (Order o : orders) {
                OrderCommand cmd = new OrderCommand.Submit(o);
                ledger.command(cmd);
                engine.handle(cmd);
            }
            long t1 = System.nanoTime();
            long cpu = threads.getThreadCpuTime(self) - cpu0;
            long bytes = threads.getThreadAllocatedBytes(self) - bytes0;
            long catchUp = 0;
            if (store != null) {
                long f0 = System.nanoTime();
                if (!store.flush(120_000)) {
                    throw new IllegalStateException("the store's writer did not catch up in 120 s");
                }
                catchUp = (System.nanoTime() - f0) / 1_000_000;
            }
            long proc = os.getProcessCpuTime() - proc0;
            long wcpu = writer < 0 ? 0 : threads.getThreadCpuTime(writer) - wcpu0;
            long wbytes = writer < 0 ? 0 : threads.getThreadAllocatedBytes(writer) - wbytes0;
            long gcs = gcCount() - gc0;
            if (engine.executionsEmitted() != 2L * orders.length) {
                throw new IllegalStateException(engine.executionsEmitted() + " executions for " + orders.length
                        + " orders");
            }
            double mb = 0;
            if (store != null) {
                store.close();
                mb = Files.size(store.file()) / 1e6;
            }
            int n = orders.length;
            return String.format(Locale.ROOT, "| %d | %s | %,.0f | %.2f | %,d | %.2f | %,d | %.2f | %d | %d | %.1f |",
                    round, persist ? "persist (file)" : "memory", n / ((t1 - t0) / 1e9), cpu / 1e3 / n, bytes / n,
                    wcpu / 1e3 / n, wbytes / n, proc / 1e3 / n, gcs, catchUp, mb);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The store's writer thread ({@code paper-store-paper}), or -1 when the state is in memory. */
    private static long writerThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("paper-store-paper")) {
                return t.getId();
            }
        }
        return -1;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
