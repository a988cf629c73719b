package io.tradeloom.broker.paper.store;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderStatus;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The paper venue's state in one H2 MVStore file: resting orders and the ledger's orders and executions. The
 * final status of finished orders (for status queries) is the ledger's: it is not written twice.
 *
 * <h2>Write-behind</h2>
 * The engine and the ledger report every change through {@link PaperJournal}, which only puts a reference to the
 * (immutable) record on a bounded queue: no encoding and no disk access on the order path. One writer thread wakes
 * every {@code flushMillis}, drains the queue, keeps the last change per order (an order that arrives and fills
 * within one window is written once, as finished; a working order that never reached the file is not removed from
 * it), encodes the records in the compact binary form of {@link PaperRecords}, applies the batch to the maps and
 * commits. MVStore's commit appends a chunk (copy-on-write), so the file always holds a prefix of the changes in
 * their order: what a kill -9 loses is the last window (about {@code flushMillis}, plus a commit in progress). That
 * is a venue that crashed: orders it had acknowledged in that window are unknown to it after the restart, as they
 * would be at a real broker that lost them, and the core's status queries and reconciliation report them. A clean
 * stop ({@link #close()}) writes everything.
 *
 * <h2>When the writer falls behind</h2>
 * The queue holds at most {@code queueCapacity} changes (default {@value #DEFAULT_QUEUE_CAPACITY}, about 37,000
 * orders or two seconds at 20,000 orders/s). When it is full the caller waits for the writer (back-pressure: the
 * venue slows down to what the disk takes) and {@link #backPressureWaits()} counts it; no change is dropped. Only
 * after the store was closed is a change that finds the queue full given up, with an error logged.
 *
 * <h2>Formats</h2>
 * Format 2 (this one) keeps binary values ({@link PaperRecords}) in maps {@code working.2}, {@code ledger.orders.2}
 * and {@code ledger.executions.2}. A format-1 file (JSON values, {@link JsonFormat1}) is read and rewritten as
 * format 2 in one commit when it is opened: either the old or the new maps are in the file, never half of each.
 *
 * <h2>A bad file</h2>
 * A file that cannot be opened or read is logged with its name, moved aside to {@code <file>.corrupt-<UTC time>}
 * and replaced by an empty one; a single unreadable entry is logged and skipped. The venue starts either way.
 */
public final class PaperStore implements PaperJournal, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaperStore.class);

    static final String FORMAT = "2";
    static final String FORMAT_JSON = "1";
    static final int DEFAULT_QUEUE_CAPACITY = 262_144;
    /** Executions per value of the executions map at most. */
    static final int MAX_BLOCK = 1024;
    private static final String META = "meta";
    private static final String WORKING = "working.2";
    private static final String LEDGER_ORDERS = "ledger.orders.2";
    private static final String EXECUTIONS = "ledger.executions.2";
    /** The maps of format 1, removed once migrated. */
    static final String JSON_WORKING = "working";
    static final String JSON_LEDGER_ORDERS = "ledger.orders";
    static final String JSON_EXECUTIONS = "ledger.executions";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final String venueId;
    private final long flushNanos;
    private final MVStore store;
    private final MVMap<String, byte[]> working;
    private final MVMap<String, byte[]> ledgerOrders;
    private final MVMap<Long, byte[]> executions;
    private final PaperState loaded;

    private final BlockingQueue<Object> queue;
    private final Thread writer;
    private volatile boolean running = true;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong backPressureWaits = new AtomicLong();
    private final AtomicLong lostAfterClose = new AtomicLong();
    private volatile String lastError;

    // The writer's own (guarded by this): reused from batch to batch.
    private final PaperRecords.Encoder encoder = new PaperRecords.Encoder();
    private final List<Object> drained = new ArrayList<>();
    private final Map<String, Object> workingBatch = new HashMap<>();
    private final Map<String, Object> ordersBatch = new HashMap<>();
    private final List<PaperState.Recorded> executionsBatch = new ArrayList<>();
    /** The blocks in the executions map, oldest first. */
    private final ArrayDeque<Block> blocks;
    /** The ledger dropped every execution up to this sequence number. */
    private long evictedUpTo = Long.MIN_VALUE;
    private final List<Barrier> barriers = new ArrayList<>();
    /** Ids in the working map, so that an order that finished before it was ever written is not removed. */
    private final Set<String> workingKeys;

    private PaperStore(Path file, String venueId, int flushMillis, int queueCapacity, MVStore store,
                       Loaded loaded) {
        this.file = file;
        this.venueId = venueId;
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        this.store = store;
        this.working = openBytes(store, WORKING);
        this.ledgerOrders = openBytes(store, LEDGER_ORDERS);
        this.executions = openExecutions(store);
        this.workingKeys = new HashSet<>(working.keyList());
        this.loaded = loaded.state();
        this.blocks = new ArrayDeque<>(loaded.blocks);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
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
     * Opens (or creates) the file and reads what it holds, with the default queue capacity.
     *
     * @see #open(Path, String, int, int)
     */
    public static PaperStore open(Path file, String venueId, int flushMillis) {
        return open(file, venueId, flushMillis, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * Opens (or creates) the file and reads what it holds; a format-1 file is migrated to format 2. A file that
     * cannot be read is moved aside and an empty one is used.
     *
     * @param queueCapacity changes that may wait for the writer before callers wait for it (back-pressure)
     * @throws IllegalStateException only when not even an empty file can be created (folder not writable)
     */
    public static PaperStore open(Path file, String venueId, int flushMillis, int queueCapacity) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the folder of " + file + ": " + e, e);
        }
        MVStore store = null;
        try {
            store = openFile(file);
            Loaded loaded = read(store, file, venueId);
            if (loaded.format.equals(FORMAT_JSON)) {
                store.close();
                store = null;
                migrate(file, venueId, loaded);
                store = openFile(file);
                LOG.info("paper venue {}: store file {} migrated from format {} (JSON, kept as {}) to {} (binary):"
                        + " {} resting orders, {} ledger orders, {} executions", venueId, file, FORMAT_JSON,
                        backupOf(file).getFileName(), FORMAT, loaded.working.size(), loaded.orders.size(),
                        loaded.executions.size());
            }
            return new PaperStore(file, venueId, flushMillis, queueCapacity, store, loaded);
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
            return new PaperStore(file, venueId, flushMillis, queueCapacity, fresh, read(fresh, file, venueId));
        }
    }

    private static MVStore openFile(Path file) {
        MVStore s = new MVStore.Builder().fileName(file.toString()).open();
        // MVStore's own background thread only does maintenance (compaction) here; the writer commits.
        s.setAutoCommitDelay(1000);
        return s;
    }

    private static Loaded read(MVStore store, Path file, String venueId) {
        MVMap<String, String> meta = store.openMap(META);
        String format = meta.get("format");
        if (format == null && store.getMapNames().size() <= 1) {
            meta.put("format", FORMAT);
            meta.put("venue", venueId);
            store.commit();
            return new Loaded(file, FORMAT);
        }
        if (FORMAT.equals(format)) {
            Loaded l = new Loaded(file, FORMAT);
            for (Map.Entry<String, byte[]> e : openBytes(store, WORKING).entrySet()) {
                l.working(e.getKey(), () -> PaperRecords.working(e.getValue()));
            }
            for (Map.Entry<String, byte[]> e : openBytes(store, LEDGER_ORDERS).entrySet()) {
                l.ledgerOrder(e.getKey(), () -> PaperRecords.ledgerOrder(e.getKey(), e.getValue()));
            }
            for (Map.Entry<Long, byte[]> e : openExecutions(store).entrySet()) { // keys ascending
                l.executionBlock(e.getKey(), () -> PaperRecords.executions(e.getKey(), e.getValue()));
            }
            return l;
        }
        if (!FORMAT_JSON.equals(format)) {
            throw new IllegalStateException("format " + format + " is neither " + FORMAT + " nor " + FORMAT_JSON);
        }
        Loaded l = new Loaded(file, FORMAT_JSON);
        MVMap<String, String> w = store.openMap(JSON_WORKING);
        for (Map.Entry<String, String> e : w.entrySet()) {
            l.working(e.getKey(), () -> JsonFormat1.working(e.getValue()));
        }
        MVMap<String, String> lo = store.openMap(JSON_LEDGER_ORDERS);
        for (Map.Entry<String, String> e : lo.entrySet()) {
            l.ledgerOrder(e.getKey(), () -> JsonFormat1.ledgerOrder(e.getValue()));
        }
        MVMap<Long, String> ex = store.openMap(JSON_EXECUTIONS);
        for (Map.Entry<Long, String> e : ex.entrySet()) {
            l.execution(e.getKey(), () -> JsonFormat1.execution(e.getValue()));
        }
        return l;
    }

    /** Where a migrated format-1 file is kept: {@code <file>.format1}. */
    static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".format1");
    }

    /**
     * Writes what a format-1 file held into a new format-2 file next to it, keeps the old file as
     * {@link #backupOf}, and moves the new one into its place atomically: a crash at any point leaves either the
     * old file (migrated again on the next open) or the new one. A new file rather than new maps in the old one:
     * it is compact, and H2 2.3 trips over a chunk that dies entirely while the old maps are dropped.
     */
    private static void migrate(Path file, String venueId, Loaded l) {
        Path next = file.resolveSibling(file.getFileName() + ".migrating");
        try {
            Files.deleteIfExists(next);
            MVStore s = new MVStore.Builder().fileName(next.toString()).open();
            try {
                PaperRecords.Encoder enc = new PaperRecords.Encoder();
                MVMap<String, String> meta = s.openMap(META);
                meta.put("format", FORMAT);
                meta.put("venue", venueId);
                MVMap<String, byte[]> w = openBytes(s, WORKING);
                for (Sequenced<WorkingOrder> o : l.working) {
                    w.put(o.value.order().id(), enc.working(o.value));
                }
                MVMap<String, byte[]> lo = openBytes(s, LEDGER_ORDERS);
                for (Sequenced<BrokerOrder> o : l.orders) {
                    lo.put(o.value.orderId(), enc.ledgerOrder(o.seq, o.value));
                }
                MVMap<Long, byte[]> ex = openExecutions(s);
                for (int i = 0; i < l.executions.size(); i += MAX_BLOCK) {
                    int to = Math.min(l.executions.size(), i + MAX_BLOCK);
                    ex.append(l.executions.get(i).seq(), enc.executions(l.executions, i, to));
                    l.blocks.add(new Block(l.executions.get(i).seq(), l.executions.get(to - 1).seq()));
                }
                s.commit();
            } finally {
                s.close();
            }
            Files.copy(file, backupOf(file), StandardCopyOption.REPLACE_EXISTING);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("migrating " + file + " to format " + FORMAT + ": " + e, e);
        }
    }

    /** What a file's maps held, gathered in any order and sorted by sequence number. */
    private static final class Loaded {
        private final Path file;
        private final String format;
        private final List<Sequenced<WorkingOrder>> working = new ArrayList<>();
        private final List<Sequenced<BrokerOrder>> orders = new ArrayList<>();
        private final List<PaperState.Recorded> executions = new ArrayList<>();
        private final ArrayDeque<Block> blocks = new ArrayDeque<>();
        private long maxSeq;

        Loaded(Path file, String format) {
            this.file = file;
            this.format = format;
        }

        void working(String key, Supplier<WorkingOrder> parse) {
            WorkingOrder o = entry(file, WORKING, key, parse);
            if (o != null) {
                working.add(new Sequenced<>(o.seq(), o));
                maxSeq = Math.max(maxSeq, o.seq());
            }
        }

        void ledgerOrder(String key, Supplier<PaperRecords.SeqOrder> parse) {
            PaperRecords.SeqOrder o = entry(file, LEDGER_ORDERS, key, parse);
            if (o != null) {
                orders.add(new Sequenced<>(o.seq(), o.order()));
                maxSeq = Math.max(maxSeq, o.seq());
            }
        }

        /** Format 1: one execution a key, in ascending key order. */
        void execution(long key, Supplier<Execution> parse) {
            Execution x = entry(file, EXECUTIONS, String.valueOf(key), parse);
            if (x != null) {
                executions.add(new PaperState.Recorded(key, x));
                maxSeq = Math.max(maxSeq, key);
            }
        }

        /** In ascending key order. */
        void executionBlock(long key, Supplier<List<PaperState.Recorded>> parse) {
            List<PaperState.Recorded> block = entry(file, EXECUTIONS, String.valueOf(key), parse);
            if (block != null) {
                executions.addAll(block);
                long last = block.get(block.size() - 1).seq();
                blocks.add(new Block(key, last));
                maxSeq = Math.max(maxSeq, last);
            }
        }

        PaperState state() {
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
                    orders.stream().map(s -> s.value).toList(), executions, maxSeq + 1);
        }
    }

    private static MVMap<String, byte[]> openBytes(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    /**
     * Executions, in blocks ({@link PaperRecords.Encoder#executions}), are only ever added under increasing keys
     * and dropped from the front: a single-writer map whose {@link MVMap#append} buffers them instead of copying a
     * leaf page per block.
     */
    private static MVMap<Long, byte[]> openExecutions(MVStore store) {
        return store.openMap(EXECUTIONS, new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE).singleWriter());
    }

    private static <T> T entry(Path file, String map, String key, Supplier<T> parse) {
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

    /** A value of the executions map: the sequence numbers of its first and last execution. */
    private record Block(long first, long last) {
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

    /** How often a caller found the queue full and waited for the writer. */
    public long backPressureWaits() {
        return backPressureWaits.get();
    }

    /** The last write error, or null. */
    public String lastError() {
        return lastError;
    }

    // ------------------------------------------------------------------------------------------- journal (hot path)

    @Override
    public void working(WorkingOrder order) {
        enqueue(order);
    }

    /** Only leaves the working orders: its final status is the ledger's copy of the order. */
    @Override
    public void finished(long seq, String orderId, OrderStatus status) {
        enqueue(new Finished(orderId));
    }

    @Override
    public void ledgerOrder(long seq, BrokerOrder order) {
        enqueue(new PaperRecords.SeqOrder(seq, order));
    }

    @Override
    public void ledgerOrderEvicted(String orderId) {
        enqueue(new OrderEvicted(orderId));
    }

    @Override
    public void execution(long seq, Execution execution) {
        enqueue(new PaperState.Recorded(seq, execution));
    }

    @Override
    public void executionEvicted(long seq) {
        enqueue(new ExecutionEvicted(seq));
    }

    private record Finished(String orderId) {
    }

    private record OrderEvicted(String orderId) {
    }

    private record ExecutionEvicted(long seq) {
    }

    /** Completed by the writer once everything queued before it is committed. */
    private record Barrier(CompletableFuture<Void> done) {
    }

    private void enqueue(Object change) {
        if (!queue.offer(change)) {
            waitForRoom(change);
        }
    }

    /** Back-pressure: the writer is behind by a full queue; wait for it rather than drop the change. */
    private void waitForRoom(Object change) {
        long n = backPressureWaits.incrementAndGet();
        if (n == 1 || n % 10_000 == 0) {
            LOG.warn("paper venue {}: the store's writer is {} changes behind; orders wait for it ({} waits so far)",
                    venueId, queue.size(), n);
        }
        boolean interrupted = false;
        try {
            while (true) {
                LockSupport.unpark(writer);
                try {
                    if (queue.offer(change, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // keep the change all the same; the caller sees its interrupt afterwards
                }
                if (!running) {
                    // Closed: nobody drains the queue any more, and this change could not be written anyway.
                    long lost = lostAfterClose.incrementAndGet();
                    if (lost == 1) {
                        LOG.error("paper venue {}: a change after the store {} was closed is not written: {}",
                                venueId, file, change);
                    }
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------- writer

    /**
     * Waits until every change reported before this call is committed to the file.
     *
     * @return false if that did not happen within the timeout (writer stuck or stopped)
     */
    public boolean flush(long timeoutMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Barrier(done));
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
                try {
                    writeBatch();
                } catch (RuntimeException e) {
                    // Whatever went wrong, the writer keeps draining: callers must never wait on a dead thread.
                    writeFailures.incrementAndGet();
                    lastError = e.toString();
                    LOG.error("paper venue {}: the store's writer failed on a batch for {}", venueId, file, e);
                }
            }
        }
    }

    /** Drains the queue, keeps the last change per key, writes and commits. Only the writer (or close) calls it. */
    private synchronized void writeBatch() {
        if (store.isClosed()) {
            return;
        }
        queue.drainTo(drained);
        if (drained.isEmpty()) {
            return;
        }
        // Executions arrive in ascending sequence (the ledger reports them under its lock) and leave oldest first.
        try {
            for (Object op : drained) {
                if (op instanceof PaperState.Recorded r) {
                    executionsBatch.add(r);
                } else if (op instanceof PaperRecords.SeqOrder o) {
                    ordersBatch.put(o.order().orderId(), o);
                } else if (op instanceof WorkingOrder w) {
                    workingBatch.put(w.order().id(), w);
                } else if (op instanceof Finished f) {
                    workingBatch.put(f.orderId(), Tombstone.T);
                } else if (op instanceof OrderEvicted e) {
                    ordersBatch.put(e.orderId(), Tombstone.T);
                } else if (op instanceof ExecutionEvicted e) {
                    evictedUpTo = Math.max(evictedUpTo, e.seq());
                } else if (op instanceof Barrier b) {
                    barriers.add(b);
                }
            }
        } finally {
            drained.clear(); // a change that broke the loop is not tried again forever
        }
        try {
            applyWorking();
            applyOrders();
            applyExecutions();
            store.commit();
            commits.incrementAndGet();
        } catch (RuntimeException e) {
            long n = writeFailures.incrementAndGet();
            lastError = e.toString();
            if (n == 1 || n % 1000 == 0) {
                LOG.error("paper venue {}: writing to {} failed ({} batches so far); state since the last good"
                        + " commit would not survive a restart: {}", venueId, file, n, e.toString());
            }
        } finally {
            workingBatch.clear();
            ordersBatch.clear();
            executionsBatch.clear();
        }
        barriers.forEach(b -> b.done.complete(null));
        barriers.clear();
    }

    private enum Tombstone { T }

    private void applyWorking() {
        for (Map.Entry<String, Object> c : workingBatch.entrySet()) {
            String id = c.getKey();
            if (c.getValue() instanceof WorkingOrder w) {
                working.put(id, encoder.working(w));
                workingKeys.add(id);
            } else if (workingKeys.remove(id)) {
                working.remove(id);
            }
        }
    }

    private void applyOrders() {
        for (Map.Entry<String, Object> c : ordersBatch.entrySet()) {
            if (c.getValue() instanceof PaperRecords.SeqOrder o) {
                ledgerOrders.put(c.getKey(), encoder.ledgerOrder(o.seq(), o.order()));
            } else {
                ledgerOrders.remove(c.getKey());
            }
        }
    }

    /**
     * The batch's executions that the ledger still keeps, appended in blocks of at most {@link #MAX_BLOCK}; then
     * the blocks whose executions the ledger has all dropped are removed (a block partly dropped stays until its
     * last one goes, and the ledger trims what it reloads to its size).
     */
    private void applyExecutions() {
        int from = 0;
        while (from < executionsBatch.size() && executionsBatch.get(from).seq() <= evictedUpTo) {
            from++; // added and dropped within this batch: never written
        }
        Long last = executions.lastKey();
        for (int i = from; i < executionsBatch.size(); i += MAX_BLOCK) {
            int to = Math.min(executionsBatch.size(), i + MAX_BLOCK);
            long first = executionsBatch.get(i).seq();
            byte[] value = encoder.executions(executionsBatch, i, to);
            if (last == null || first > last) {
                executions.append(first, value);
                last = first;
            } else {
                executions.put(first, value);
            }
            blocks.add(new Block(first, executionsBatch.get(to - 1).seq()));
        }
        while (!blocks.isEmpty() && blocks.peekFirst().last() <= evictedUpTo) {
            executions.remove(blocks.pollFirst().first());
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
        return "PaperStore[" + file + ", " + commits.get() + " commits, " + writeFailures.get() + " failures, "
                + backPressureWaits.get() + " back-pressure waits]";
    }
}
