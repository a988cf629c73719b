package io.tradeloom.broker.paper.store;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderStatus;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The paper venue's state in one H2 MVStore file: resting orders and the ledger's orders and executions. The
 * final status of finished orders (for status queries) is the ledger's: it is not written twice.
 *
 * <h2>Write-behind</h2>
 * The engine and the ledger report every change through {@link PaperJournal}, which only appends to a lock-free
 * queue: no disk access on the order path. One writer thread wakes every {@code flushMillis}, drains the queue,
 * keeps the last change per key (an order that arrives and fills within one window is written once, as finished),
 * serializes, applies the batch to the maps and commits. MVStore's commit appends a chunk (copy-on-write), so the
 * file always holds a prefix of the changes in their order: what a kill -9 loses is the last window
 * (about {@code flushMillis}, plus a commit in progress). That is a venue that crashed: orders it had acknowledged
 * in that window are unknown to it after the restart, as they would be at a real broker that lost them, and the
 * core's status queries and reconciliation report them. A clean stop ({@link #close()}) writes everything.
 *
 * <h2>A bad file</h2>
 * A file that cannot be opened or read is logged with its name, moved aside to {@code <file>.corrupt-<UTC time>}
 * and replaced by an empty one; a single unreadable entry is logged and skipped. The venue starts either way.
 */
public final class PaperStore implements PaperJournal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaperStore.class);

    static final String FORMAT = "1";
    private static final String META = "meta";
    private static final String WORKING = "working";
    private static final String LEDGER_ORDERS = "ledger.orders";
    private static final String EXECUTIONS = "ledger.executions";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final String venueId;
    private final long flushNanos;
    private final MVStore store;
    private final MVMap<String, String> working;
    private final MVMap<String, String> ledgerOrders;
    private final MVMap<Long, String> executions;
    private final PaperState loaded;

    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private volatile String lastError;

    private PaperStore(Path file, String venueId, int flushMillis, MVStore store, PaperState loaded) {
        this.file = file;
        this.venueId = venueId;
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        this.store = store;
        this.working = store.openMap(WORKING);
        this.ledgerOrders = store.openMap(LEDGER_ORDERS);
        this.executions = openExecutions(store);
        this.loaded = loaded;
        this.writer = new Thread(this::writeLoop, "paper-store-" + venueId);
        writer.setDaemon(true);
        writer.start();
    }

    /** The file of a venue under a data folder: {@code <dataDir>/tradeloom/paper/<venueId>.mv}. */
    public static Path fileFor(Path dataDir, String venueId) {
        return dataDir.resolve("tradeloom").resolve("paper").resolve(venueId.replaceAll("[^A-Za-z0-9._-]", "_")
                + ".mv");
    }

    /**
     * Opens (or creates) the file and reads what it holds. A file that cannot be read is moved aside and an empty
     * one is used.
     *
     * @throws IllegalStateException only when not even an empty file can be created (folder not writable)
     */
    public static PaperStore open(Path file, String venueId, int flushMillis) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the folder of " + file + ": " + e, e);
        }
        MVStore store = null;
        try {
            store = openFile(file);
            PaperState state = read(store, file, venueId);
            return new PaperStore(file, venueId, flushMillis, store, state);
        } catch (RuntimeException e) {
            closeQuietly(store);
            if (e instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                // In use (another instance of this venue still open): not damaged, so never moved aside.
                throw new IllegalStateException("paper venue " + venueId + ": store file " + file
                        + " is in use by another process or venue instance", e);
            }
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                throw new IllegalStateException("paper venue " + venueId + ": store file " + file
                        + " cannot be read (" + e + ") nor moved aside (" + moveFailed + ")", e);
            }
            LOG.error("paper venue {}: store file {} cannot be read ({}); moved aside to {}, starting with an"
                    + " empty venue (its orders are unknown here now: reconciliation will show them)", venueId,
                    file, e.toString(), aside.getFileName());
            MVStore fresh = openFile(file);
            return new PaperStore(file, venueId, flushMillis, fresh, read(fresh, file, venueId));
        }
    }

    private static MVStore openFile(Path file) {
        MVStore s = new MVStore.Builder().fileName(file.toString()).open();
        // MVStore's own background thread only does maintenance (compaction) here; the writer commits.
        s.setAutoCommitDelay(1000);
        return s;
    }

    private static PaperState read(MVStore store, Path file, String venueId) {
        MVMap<String, String> meta = store.openMap(META);
        String format = meta.get("format");
        if (format == null && store.getMapNames().size() <= 1) {
            meta.put("format", FORMAT);
            meta.put("venue", venueId);
            store.commit();
            return PaperState.EMPTY;
        }
        if (!FORMAT.equals(format)) {
            throw new IllegalStateException("format " + format + " is not " + FORMAT);
        }
        long[] maxSeq = {0};
        List<Sequenced<WorkingOrder>> working = new ArrayList<>();
        MVMap<String, String> w = store.openMap(WORKING);
        for (Map.Entry<String, String> e : w.entrySet()) {
            WorkingOrder o = entry(file, WORKING, e.getKey(), () -> PaperJson.read(e.getValue(), WorkingOrder.class));
            if (o != null) {
                working.add(new Sequenced<>(o.seq(), o));
            }
        }
        List<Sequenced<BrokerOrder>> orders = new ArrayList<>();
        MVMap<String, String> lo = store.openMap(LEDGER_ORDERS);
        for (Map.Entry<String, String> e : lo.entrySet()) {
            Sequenced<BrokerOrder> s = entry(file, LEDGER_ORDERS, e.getKey(), () -> {
                PaperCodec.SeqOrder o = PaperCodec.ledgerOrder(e.getValue());
                return new Sequenced<>(o.seq(), o.order());
            });
            if (s != null) {
                orders.add(s);
            }
        }
        List<PaperState.Recorded> execs = new ArrayList<>();
        MVMap<Long, String> ex = openExecutions(store);
        for (Map.Entry<Long, String> e : ex.entrySet()) { // keys ascending: production order
            Execution x = entry(file, EXECUTIONS, String.valueOf(e.getKey()),
                    () -> PaperCodec.execution(e.getValue()));
            if (x != null) {
                execs.add(new PaperState.Recorded(e.getKey(), x));
                maxSeq[0] = Math.max(maxSeq[0], e.getKey());
            }
        }
        for (List<? extends Sequenced<?>> l : List.of(working, orders)) {
            for (Sequenced<?> s : l) {
                maxSeq[0] = Math.max(maxSeq[0], s.seq);
            }
        }
        Comparator<Sequenced<?>> bySeq = Comparator.comparingLong(s -> s.seq);
        working.sort(bySeq);
        orders.sort(bySeq);
        // Finished orders are the ledger's orders with a final status (the ledger saw every execution).
        List<PaperState.Finished> finished = new ArrayList<>();
        for (Sequenced<BrokerOrder> o : orders) {
            if (o.value.status().terminal()) {
                finished.add(new PaperState.Finished(o.value.orderId(), o.value.status()));
            }
        }
        return new PaperState(working.stream().map(s -> s.value).toList(), finished,
                orders.stream().map(s -> s.value).toList(), execs, maxSeq[0] + 1);
    }

    /**
     * Executions are only ever added under increasing keys and dropped from the front: a single-writer map whose
     * {@link MVMap#append} buffers them instead of copying a leaf page per execution.
     */
    private static MVMap<Long, String> openExecutions(MVStore store) {
        return store.openMap(EXECUTIONS, new MVMap.Builder<Long, String>().singleWriter());
    }

    private static <T> T entry(Path file, String map, String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            LOG.error("paper store {}: entry {} of {} cannot be read and is skipped: {}", file, key, map,
                    e.getMessage());
            return null;
        }
    }

    private record Sequenced<T>(long seq, T value) {
    }

    /** What the file held when it was opened. */
    public PaperState loaded() {
        return loaded;
    }

    public Path file() {
        return file;
    }

    public long commits() {
        return commits.get();
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    /** The last write error, or null. */
    public String lastError() {
        return lastError;
    }

    // ------------------------------------------------------------------------------------------- journal (hot path)

    @Override
    public void working(WorkingOrder order) {
        queue.add(new Put(WORKING, order.order().id(), order));
    }

    /** Only leaves the working orders: its final status is the ledger's copy of the order. */
    @Override
    public void finished(long seq, String orderId, OrderStatus status) {
        queue.add(new Put(WORKING, orderId, null));
    }

    @Override
    public void ledgerOrder(long seq, BrokerOrder order) {
        queue.add(new Put(LEDGER_ORDERS, order.orderId(), new SeqOrder(seq, order)));
    }

    @Override
    public void ledgerOrderEvicted(String orderId) {
        queue.add(new Put(LEDGER_ORDERS, orderId, null));
    }

    @Override
    public void execution(long seq, Execution execution) {
        queue.add(new Put(EXECUTIONS, seq, execution));
    }

    @Override
    public void executionEvicted(long seq) {
        queue.add(new Put(EXECUTIONS, seq, null));
    }

    /** One change: {@code value} null removes the key. Serialized by the writer, not the caller. */
    private record Put(String map, Object key, Object value) {
    }

    private record SeqOrder(long seq, BrokerOrder order) {
    }

    /** Completed by the writer once everything queued before it is committed. */
    private record Barrier(CompletableFuture<Void> done) {
    }

    // ------------------------------------------------------------------------------------------- writer

    /**
     * Waits until every change reported before this call is committed to the file.
     *
     * @return false if that did not happen within the timeout (writer stuck or stopped)
     */
    public boolean flush(long timeoutMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Barrier(done));
        LockSupport.unpark(writer);
        try {
            done.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void writeLoop() {
        while (running) {
            LockSupport.parkNanos(this, flushNanos);
            if (running) {
                writeBatch();
            }
        }
    }

    /** Drains the queue, keeps the last change per key, writes and commits. Only the writer (or close) calls it. */
    private synchronized void writeBatch() {
        if (queue.isEmpty() || store.isClosed()) {
            return;
        }
        Map<String, Map<Object, Object>> latest = new HashMap<>();
        List<Barrier> barriers = new ArrayList<>();
        Object op;
        while ((op = queue.poll()) != null) {
            if (op instanceof Put p) {
                // Executions sorted by key, so they can be appended in order.
                latest.computeIfAbsent(p.map, k -> k.equals(EXECUTIONS) ? new TreeMap<>() : new HashMap<>())
                        .put(p.key, p.value == null ? Tombstone.T : p.value);
            } else if (op instanceof Barrier b) {
                barriers.add(b);
            }
        }
        try {
            for (Map.Entry<String, Map<Object, Object>> m : latest.entrySet()) {
                apply(m.getKey(), m.getValue());
            }
            store.commit();
            commits.incrementAndGet();
        } catch (RuntimeException e) {
            long n = writeFailures.incrementAndGet();
            lastError = e.toString();
            if (n == 1 || n % 1000 == 0) {
                LOG.error("paper venue {}: writing to {} failed ({} batches so far); state since the last good"
                        + " commit would not survive a restart: {}", venueId, file, n, e.toString());
            }
        }
        barriers.forEach(b -> b.done.complete(null));
    }

    private enum Tombstone { T }

    @SuppressWarnings("unchecked")
    private void apply(String map, Map<Object, Object> changes) {
        if (map.equals(EXECUTIONS)) {
            applyExecutions(changes);
            return;
        }
        for (Map.Entry<Object, Object> c : changes.entrySet()) {
            Object v = c.getValue();
            switch (map) {
                case WORKING -> put(working, (String) c.getKey(), v == Tombstone.T ? null : PaperJson.write(v));
                case LEDGER_ORDERS -> put(ledgerOrders, (String) c.getKey(), v == Tombstone.T ? null
                        : PaperCodec.ledgerOrder(((SeqOrder) v).seq, ((SeqOrder) v).order));
                default -> throw new IllegalStateException("unknown map " + map);
            }
        }
    }

    /** Evictions first (the oldest keys), then the new executions appended in key order. */
    private void applyExecutions(Map<Object, Object> changes) {
        for (Map.Entry<Object, Object> c : changes.entrySet()) {
            if (c.getValue() == Tombstone.T) {
                executions.remove((Long) c.getKey());
            }
        }
        Long last = executions.lastKey();
        for (Map.Entry<Object, Object> c : changes.entrySet()) {
            if (c.getValue() != Tombstone.T) {
                Long key = (Long) c.getKey();
                String value = PaperCodec.execution((Execution) c.getValue());
                if (last == null || key > last) {
                    executions.append(key, value);
                    last = key;
                } else {
                    executions.put(key, value);
                }
            }
        }
    }

    private static void put(MVMap<String, String> map, String key, String value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** Writes everything queued so far and closes the file. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeBatch();
        closeQuietly(store);
        LOG.info("paper venue {}: state written to {}", venueId, file);
    }

    /** As a kill -9 leaves it: the writer stops, nothing more is committed (tests). */
    void closeAbruptly() {
        running = false;
        queue.clear();
        LockSupport.unpark(writer);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        store.closeImmediately();
    }

    private static void closeQuietly(MVStore s) {
        if (s != null && !s.isClosed()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                try {
                    s.closeImmediately();
                } catch (RuntimeException ignored) {
                    // Nothing more to do: the file is being abandoned.
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PaperStore[" + file + ", " + commits.get() + " commits, " + writeFailures.get() + " failures]";
    }
}
