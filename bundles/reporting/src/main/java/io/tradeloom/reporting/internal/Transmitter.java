package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.DestinationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Delivers reports to one destination and keeps their state in the {@link ReportStore}. One worker thread owns
 * the queues and all state, so there is no lock on the hot path. Work comes in as events: a committed group of
 * new reports from the engine (one event per group), and the answers of a batch handed to the sender (one event
 * per burst of answers, not one per report).
 *
 * <p>State: the worker keeps the delivery states of the ranges it is working on as {@link StateBlock}s (primitive
 * arrays of {@value StateBlock#SIZE} deliveries, one store value each) and writes the changed blocks and commits
 * at most every {@code commitInterval}: a batch of hundreds of SENT and ACKED changes is a few puts of a few
 * kilobytes. A new report needs no write (PENDING is implied by its group, see {@link ReportStore}).
 *
 * <p><b>The ACK window.</b> SENT need not be durable before the send (a restart resends PENDING and SENT alike).
 * An acknowledgement is durable at the next commit, at most {@code commit.interval.ms} (default 5 ms) plus the
 * commit itself after it came: a process crash inside that window forgets it, and that report is sent once more
 * on restart. Consumers drop such a resend by report id (Kafka key, HTTP {@code Idempotency-Key}, file name, FIX
 * SecondaryExecID). An ACKED state that was committed is never sent again.
 *
 * <p>Retries: a RETRY answer (5xx, timeout, lost connection) puts the report back to PENDING and sends it again
 * after {@code retryInitial * 2^(attempts-1)}, at most {@code retryMax}; after {@code maxAttempts} it is FAILED.
 * On start, every PENDING or SENT delivery of this destination in the store is queued again in creation order.
 */
public final class Transmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transmitter.class);
    private static final int MAX_EVENTS_PER_TURN = 4096;
    private static final DeliveryState[] STATES = DeliveryState.values();

    /**
     * @param batchMax       how many ready reports are handed to the sender at once (one exchange through the
     *                       route file); 1 = one by one
     * @param commitInterval state changes are written and committed together at most this often
     */
    public record Settings(int maxInFlight, int maxAttempts, Duration retryInitial, Duration retryMax,
                           Duration stopTimeout, int batchMax, Duration commitInterval) {

        public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(5);

        public Settings {
            if (batchMax < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("batchMax and maxInFlight must be at least 1");
            }
        }

        public Settings(int maxInFlight, int maxAttempts, Duration retryInitial, Duration retryMax,
                        Duration stopTimeout) {
            this(maxInFlight, maxAttempts, retryInitial, retryMax, stopTimeout, 1, DEFAULT_COMMIT_INTERVAL);
        }

        public Settings withBatchMax(int n) {
            return new Settings(maxInFlight, maxAttempts, retryInitial, retryMax, stopTimeout, n, commitInterval);
        }
    }

    /** One delivery on its way; report and json are null when resumed from the store (loaded when sent). */
    private static final class Item {
        final long seq;
        TransactionReport report;
        byte[] json;
        long dueMillis;

        Item(long seq, TransactionReport report, byte[] json) {
            this.seq = seq;
            this.report = report;
            this.json = json;
        }
    }

    /**
     * The reports handed to the sender at once. Answers come back to the worker in bursts, not one event per
     * report: the first answer after a drain posts one drain event, and the drain takes every answer that has
     * arrived by then (Kafka answers a producer batch's records in one loop, so a few events per batch).
     */
    private final class Batch implements Sender.Answers {
        final Item[] items;
        final List<TransactionReport> reports;
        final List<byte[]> json;
        final AtomicReferenceArray<Outcome> outcomes;
        /** 1 while a drain event is queued and has not started. */
        final AtomicInteger posted = new AtomicInteger();
        /** Worker only: which answers were taken. */
        final boolean[] taken;
        int size;
        int answered;

        Batch(int capacity) {
            items = new Item[capacity];
            reports = new ArrayList<>(capacity);
            json = new ArrayList<>(capacity);
            outcomes = new AtomicReferenceArray<>(capacity);
            taken = new boolean[capacity];
        }

        void add(Item item) {
            items[size++] = item;
            reports.add(item.report);
            json.add(item.json);
        }

        @Override
        public void answer(int index, Outcome outcome) {
            // The first answer of a report counts; a sender that answers twice does not miscount.
            if (outcomes.compareAndSet(index, null, outcome == null ? Outcome.retry("no answer") : outcome)
                    && posted.compareAndSet(0, 1)) {
                events.add(() -> drain(this));
            }
        }
    }

    private final String name;
    private final String type;
    private final Sender sender;
    private final ReportStore store;
    private final Settings settings;
    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private final PriorityQueue<Item> retries = new PriorityQueue<>(Comparator.comparingLong(i -> i.dueMillis));
    private final AtomicLongArray counts = new AtomicLongArray(STATES.length);
    /** The state blocks in work (any delivery not final, or changes not yet written), by block index. */
    private final TreeMap<Long, StateBlock> blocks = new TreeMap<>();
    /** Creation time of the oldest delivery not final, Long.MAX_VALUE if none; kept by the worker. */
    private volatile long oldestOpenCreated = Long.MAX_VALUE;
    private final Thread worker;
    private volatile boolean stopping;
    private int inFlight;
    private boolean unwritten;
    private long highestSeq;
    private long lastFlushNanos = System.nanoTime();

    public Transmitter(String name, String type, Sender sender, ReportStore store, Settings settings, Clock clock) {
        this.name = name;
        this.type = type;
        this.sender = sender;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        int[] resumed = {0};
        store.scan(name, (seq, id, created, state, attempts, updated, error) -> {
            counts.incrementAndGet(state.ordinal());
            highestSeq = Math.max(highestSeq, seq);
            if (!state.isFinal()) {
                StateBlock b = blockFor(seq);
                b.markPending(StateBlock.slot(seq), created);
                ready.add(new Item(seq, null, null));
                resumed[0]++;
            }
        });
        updateOldest();
        if (resumed[0] > 0) {
            LOG.info("reporting destination {}: resuming {} unacknowledged reports", name, resumed[0]);
        }
        this.worker = new Thread(this::run, "reporting-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String target() {
        return sender.target();
    }

    /** Queues the reports of a group that the engine has just committed, in their order, as one event. */
    void submit(ReportGroup g) {
        counts.addAndGet(DeliveryState.PENDING.ordinal(), g.size);
        events.add(() -> {
            for (int i = 0; i < g.size; i++) {
                long seq = g.firstSeq + i;
                blockFor(seq).markPending(StateBlock.slot(seq), g.created[i]);
                ready.add(new Item(seq, g.reports[i], g.json[i]));
            }
            highestSeq = Math.max(highestSeq, g.firstSeq + g.size - 1);
        });
    }

    /** Puts a REJECTED or FAILED delivery back to PENDING. Empty if it is in another state or unknown. */
    public CompletableFuture<Optional<Delivery>> resend(String reportId) {
        CompletableFuture<Optional<Delivery>> result = new CompletableFuture<>();
        events.add(() -> {
            Optional<Delivery> stored = store.delivery(name, reportId);
            if (stored.isEmpty()) {
                result.complete(Optional.empty());
                return;
            }
            long seq = stored.get().seq();
            StateBlock b = blockFor(seq);
            int slot = StateBlock.slot(seq);
            DeliveryState now = StateBlock.state(b.code[slot]);
            if (now != DeliveryState.REJECTED && now != DeliveryState.FAILED) {
                result.complete(Optional.empty());
                return;
            }
            String error = b.error(slot);
            change(seq, DeliveryState.PENDING, 0, error, clock.millis());
            ready.add(new Item(seq, null, null));
            result.complete(Optional.of(new Delivery(seq, reportId, name, DeliveryState.PENDING, 0, error,
                    Instant.ofEpochMilli(b.created[slot]), Instant.ofEpochMilli(b.updated[slot]))));
        });
        return result;
    }

    public Map<DeliveryState, Long> counts() {
        Map<DeliveryState, Long> m = new EnumMap<>(DeliveryState.class);
        for (DeliveryState s : STATES) {
            m.put(s, counts.get(s.ordinal()));
        }
        return m;
    }

    public long oldestPendingAgeMillis() {
        if (counts.get(DeliveryState.PENDING.ordinal()) + counts.get(DeliveryState.SENT.ordinal()) == 0) {
            return 0;
        }
        long c = oldestOpenCreated;
        return c == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - c);
    }

    public DestinationInfo info() {
        return new DestinationInfo(name, type, sender.target(), counts(), oldestPendingAgeMillis());
    }

    private void run() {
        while (true) {
            try {
                if (stopping && inFlight == 0) {
                    break;
                }
                long wait = TimeUnit.MILLISECONDS.toNanos(200);
                Item next = retries.peek();
                if (next != null) {
                    wait = Math.max(0, Math.min(wait,
                            TimeUnit.MILLISECONDS.toNanos(next.dueMillis - clock.millis())));
                }
                if (unwritten) {
                    // In nanoseconds: rounded down to milliseconds, the last one would be a busy loop.
                    wait = Math.min(wait, Math.max(0,
                            settings.commitInterval().toNanos() - (System.nanoTime() - lastFlushNanos)));
                }
                Runnable first = events.poll(wait, TimeUnit.NANOSECONDS);
                boolean changed = false;
                if (first != null) {
                    changed = true;
                    first.run();
                    Runnable e;
                    int n = 0;
                    while (n++ < MAX_EVENTS_PER_TURN && (e = events.poll()) != null) {
                        e.run();
                    }
                }
                long now = clock.millis();
                while (!retries.isEmpty() && retries.peek().dueMillis <= now) {
                    ready.add(retries.poll());
                }
                if (!stopping) {
                    dispatch();
                }
                if (unwritten && System.nanoTime() - lastFlushNanos >= settings.commitInterval().toNanos()) {
                    flush();
                }
                if (changed) {
                    updateOldest();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                // Never let one bad report stop the destination; it stays in the store for the next start.
                LOG.error("reporting destination {}: {}", name, e.toString(), e);
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("reporting destination {}: last state changes not stored: {}", name, e.toString(), e);
        }
    }

    /** The block of this seq: in memory, else as stored (so that a write never drops the states it holds). */
    private StateBlock blockFor(long seq) {
        long index = StateBlock.indexOf(seq);
        StateBlock b = blocks.get(index);
        if (b == null) {
            b = store.loadBlock(name, index);
            blocks.put(index, b);
        }
        return b;
    }

    /** Writes every changed block and commits: one commit for the batch; then forgets the finished blocks. */
    private void flush() {
        lastFlushNanos = System.nanoTime();
        if (!unwritten) {
            return;
        }
        for (StateBlock b : blocks.values()) {
            if (b.dirty) {
                store.putBlock(name, b);
            }
        }
        store.commit();
        unwritten = false;
        // A block stays while it has deliveries in work or may still get new ones.
        blocks.values().removeIf(b -> b.open == 0 && !b.dirty && b.firstSeq() + StateBlock.SIZE <= highestSeq + 1);
    }

    private void updateOldest() {
        long oldest = Long.MAX_VALUE;
        for (StateBlock b : blocks.values()) {
            if (b.open > 0) {
                for (int i = 0; i < StateBlock.SIZE; i++) {
                    if (StateBlock.isOpen(b.code[i])) {
                        oldest = b.created[i];
                        break;
                    }
                }
                break;
            }
        }
        oldestOpenCreated = oldest;
    }

    private void dispatch() {
        long now = clock.millis();
        while (inFlight < settings.maxInFlight() && !ready.isEmpty()) {
            int room = Math.min(settings.batchMax(), settings.maxInFlight() - inFlight);
            Batch batch = new Batch(Math.min(room, ready.size()));
            while (batch.size < batch.items.length && !ready.isEmpty()) {
                Item item = ready.poll();
                StateBlock b = blockFor(item.seq);
                int slot = StateBlock.slot(item.seq);
                if (item.report == null) {
                    byte[] j = store.json(item.seq);
                    if (j == null) {
                        change(item.seq, DeliveryState.FAILED, b.attempts[slot], "report seq " + item.seq
                                + " missing from the store", now);
                        continue;
                    }
                    item.json = j;
                    item.report = ReportCodec.fromJson(j);
                }
                change(item.seq, DeliveryState.SENT, b.attempts[slot] + 1, b.error(slot), now);
                batch.add(item);
            }
            if (batch.size == 0) {
                continue;
            }
            inFlight += batch.size;
            try {
                sender.send(batch.reports, batch.json, batch);
            } catch (RuntimeException e) {
                for (int i = 0; i < batch.size; i++) {
                    batch.answer(i, Outcome.retry(e.toString()));
                }
            }
        }
    }

    /** Takes the answers that arrived since the last drain of this batch. */
    private void drain(Batch batch) {
        batch.posted.set(0); // before reading: an answer that comes after this posts the next drain
        long now = clock.millis();
        for (int i = 0; i < batch.size && batch.answered < batch.size; i++) {
            Outcome outcome;
            if (batch.taken[i] || (outcome = batch.outcomes.get(i)) == null) {
                continue;
            }
            batch.taken[i] = true;
            batch.answered++;
            inFlight--;
            Item item = batch.items[i];
            StateBlock b = blockFor(item.seq);
            int attempts = b.attempts[StateBlock.slot(item.seq)];
            switch (outcome.kind()) {
                case ACKED -> change(item.seq, DeliveryState.ACKED, attempts, null, now);
                case REJECTED -> {
                    LOG.warn("reporting destination {}: report {} rejected: {}", name, item.report.reportId(),
                            outcome.detail());
                    change(item.seq, DeliveryState.REJECTED, attempts, outcome.detail(), now);
                }
                case RETRY -> {
                    if (attempts >= settings.maxAttempts()) {
                        LOG.error("reporting destination {}: report {} FAILED after {} attempts: {}", name,
                                item.report.reportId(), attempts, outcome.detail());
                        change(item.seq, DeliveryState.FAILED, attempts, outcome.detail(), now);
                    } else {
                        change(item.seq, DeliveryState.PENDING, attempts, outcome.detail(), now);
                        long delay = backoff(attempts);
                        LOG.debug("reporting destination {}: report {} attempt {} failed ({}), again in {} ms",
                                name, item.report.reportId(), attempts, outcome.detail(), delay);
                        if (!stopping) {
                            item.dueMillis = now + delay;
                            retries.add(item);
                        }
                    }
                }
            }
        }
    }

    long backoff(int attempts) {
        long initial = settings.retryInitial().toMillis();
        long max = settings.retryMax().toMillis();
        int shift = Math.min(30, Math.max(0, attempts - 1));
        long d = initial << shift;
        return d <= 0 || d > max ? max : d;
    }

    private void change(long seq, DeliveryState state, int attempts, String error, long now) {
        StateBlock b = blockFor(seq);
        int slot = StateBlock.slot(seq);
        byte old = b.code[slot];
        if (old != StateBlock.code(state)) {
            if (old != StateBlock.NONE) {
                counts.decrementAndGet(old - 1);
            }
            counts.incrementAndGet(state.ordinal());
        }
        b.set(slot, state, attempts, now, error);
        unwritten = true;
    }

    /**
     * Stops taking new work, waits up to the stop timeout for the answers of what is in flight, commits and stops.
     * What has no answer by then stays SENT and is sent again on the next start.
     */
    @Override
    public void close() {
        stopping = true;
        events.add(() -> { });
        try {
            worker.join(settings.stopTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            try {
                worker.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sender.close();
    }

    /** This destination's deliveries as stored (state changes reach the store at the next batch commit). */
    public List<Delivery> deliveries() {
        return store.deliveries(name);
    }
}
