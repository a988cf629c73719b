package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.DestinationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Delivers reports to one destination and keeps their state in the {@link ReportStore}. One worker thread owns
 * the queues and all state changes, so there is no lock on the hot path; senders answer asynchronously and their
 * answers come back to the worker as events. State changes are recorded in batches: the worker keeps the latest
 * state of every delivery it changed and writes and commits them together at most every {@code commitInterval}
 * (a report that went SENT and ACKED within one interval is written once). SENT need not be durable before the
 * send (a restart resends PENDING and SENT alike); the interval is the window in which a crash forgets an ACK,
 * and such a report is sent once more on restart (consumers drop it by report id).
 *
 * <p>Retries: a RETRY answer (5xx, timeout, lost connection) puts the report back to PENDING and sends it again
 * after {@code retryInitial * 2^(attempts-1)}, at most {@code retryMax}; after {@code maxAttempts} it is FAILED.
 * On start, every PENDING or SENT delivery of this destination in the store is queued again in creation order.
 */
public final class Transmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transmitter.class);
    private static final int MAX_EVENTS_PER_TURN = 4096;

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

    /** A committed new delivery handed over by the engine, with the report and its JSON. */
    public record Work(Delivery delivery, TransactionReport report, byte[] json) {
    }

    /** report and json are null when resumed from the store (loaded when sent). */
    private record Item(Delivery delivery, TransactionReport report, byte[] json, long dueMillis) {
    }

    private final String name;
    private final String type;
    private final Sender sender;
    private final ReportStore store;
    private final Settings settings;
    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final ArrayDeque<Item> ready = new ArrayDeque<>();
    private final PriorityQueue<Item> retries = new PriorityQueue<>(Comparator.comparingLong(Item::dueMillis));
    private final AtomicLongArray counts = new AtomicLongArray(DeliveryState.values().length);
    /** seq -> created millis of every delivery not yet final, for the age of the oldest pending one. */
    private final ConcurrentSkipListMap<Long, Long> open = new ConcurrentSkipListMap<>();
    private final Thread worker;
    private volatile boolean stopping;
    private int inFlight;
    /** seq -> the latest state not yet written to the store; written and committed by {@link #flush}. */
    private final Map<Long, Delivery> unwritten = new LinkedHashMap<>();
    private long lastFlushNanos = System.nanoTime();

    public Transmitter(String name, String type, Sender sender, ReportStore store, Settings settings, Clock clock) {
        this.name = name;
        this.type = type;
        this.sender = sender;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        int resumed = 0;
        for (Delivery d : store.deliveries(name)) {
            counts.incrementAndGet(d.state().ordinal());
            if (!d.state().isFinal()) {
                open.put(d.seq(), d.createdAt().toEpochMilli());
                ready.add(new Item(d, null, null, 0));
                resumed++;
            }
        }
        if (resumed > 0) {
            LOG.info("reporting destination {}: resuming {} unacknowledged reports", name, resumed);
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

    /** Queues deliveries that the engine has just committed, in their order, as one event. */
    public void submit(List<Work> work) {
        for (Work w : work) {
            counts.incrementAndGet(w.delivery().state().ordinal());
            open.put(w.delivery().seq(), w.delivery().createdAt().toEpochMilli());
        }
        events.add(() -> {
            for (Work w : work) {
                ready.add(new Item(w.delivery(), w.report(), w.json(), 0));
            }
        });
    }

    /** Puts a REJECTED or FAILED delivery back to PENDING. Empty if it is in another state or unknown. */
    public CompletableFuture<Optional<Delivery>> resend(String reportId) {
        CompletableFuture<Optional<Delivery>> result = new CompletableFuture<>();
        events.add(() -> {
            Optional<Delivery> d = store.delivery(name, reportId);
            if (d.isPresent() && unwritten.containsKey(d.get().seq())) {
                d = Optional.of(unwritten.get(d.get().seq()));
            }
            if (d.isEmpty() || !(d.get().state() == DeliveryState.REJECTED
                    || d.get().state() == DeliveryState.FAILED)) {
                result.complete(Optional.empty());
                return;
            }
            Delivery again = change(d.get(), DeliveryState.PENDING, 0, d.get().lastError());
            open.put(again.seq(), again.createdAt().toEpochMilli());
            ready.add(new Item(again, null, null, 0));
            result.complete(Optional.of(again));
        });
        return result;
    }

    public Map<DeliveryState, Long> counts() {
        Map<DeliveryState, Long> m = new EnumMap<>(DeliveryState.class);
        for (DeliveryState s : DeliveryState.values()) {
            m.put(s, counts.get(s.ordinal()));
        }
        return m;
    }

    public long oldestPendingAgeMillis() {
        Map.Entry<Long, Long> first = open.firstEntry();
        return first == null ? 0 : Math.max(0, clock.millis() - first.getValue());
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
                            TimeUnit.MILLISECONDS.toNanos(next.dueMillis() - clock.millis())));
                }
                if (!unwritten.isEmpty()) {
                    // In nanoseconds: rounded down to milliseconds, the last one would be a busy loop.
                    wait = Math.min(wait, Math.max(0,
                            settings.commitInterval().toNanos() - (System.nanoTime() - lastFlushNanos)));
                }
                Runnable first = events.poll(wait, TimeUnit.NANOSECONDS);
                if (first != null) {
                    first.run();
                    Runnable e;
                    int n = 0;
                    while (n++ < MAX_EVENTS_PER_TURN && (e = events.poll()) != null) {
                        e.run();
                    }
                }
                long now = clock.millis();
                while (!retries.isEmpty() && retries.peek().dueMillis() <= now) {
                    ready.add(retries.poll());
                }
                if (!stopping) {
                    dispatch();
                }
                if (!unwritten.isEmpty()
                        && System.nanoTime() - lastFlushNanos >= settings.commitInterval().toNanos()) {
                    flush();
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

    /** Writes the latest state of every changed delivery and commits: one commit for the batch. */
    private void flush() {
        lastFlushNanos = System.nanoTime();
        if (unwritten.isEmpty()) {
            return;
        }
        for (Delivery d : unwritten.values()) {
            store.put(d);
        }
        unwritten.clear();
        store.commit();
    }

    private void dispatch() {
        while (inFlight < settings.maxInFlight() && !ready.isEmpty()) {
            int room = Math.min(settings.batchMax(), settings.maxInFlight() - inFlight);
            List<Delivery> sent = new ArrayList<>(Math.min(room, ready.size()));
            List<TransactionReport> reports = new ArrayList<>(Math.min(room, ready.size()));
            List<byte[]> json = new ArrayList<>(Math.min(room, ready.size()));
            while (sent.size() < room && !ready.isEmpty()) {
                Item item = ready.poll();
                TransactionReport report = item.report();
                byte[] j = item.json();
                if (report == null) {
                    j = store.json(item.delivery().seq());
                    if (j == null) {
                        change(item.delivery(), DeliveryState.FAILED, item.delivery().attempts(),
                                "report " + item.delivery().reportId() + " missing from the store");
                        continue;
                    }
                    report = ReportCodec.fromJson(j);
                }
                sent.add(change(item.delivery(), DeliveryState.SENT, item.delivery().attempts() + 1,
                        item.delivery().lastError()));
                reports.add(report);
                json.add(j);
            }
            if (sent.isEmpty()) {
                continue;
            }
            inFlight += sent.size();
            List<CompletionStage<Outcome>> answers;
            try {
                answers = sender.send(reports, json);
            } catch (RuntimeException e) {
                for (int i = 0; i < sent.size(); i++) {
                    Delivery d = sent.get(i);
                    TransactionReport r = reports.get(i);
                    byte[] j = json.get(i);
                    events.add(() -> answered(d, r, j, null, e));
                }
                continue;
            }
            for (int i = 0; i < sent.size(); i++) {
                Delivery d = sent.get(i);
                TransactionReport r = reports.get(i);
                byte[] j = json.get(i);
                answers.get(i).whenComplete((outcome, error) -> events.add(() -> answered(d, r, j, outcome,
                        error)));
            }
        }
    }


    private void answered(Delivery sent, TransactionReport report, byte[] json, Outcome outcome,
                          Throwable error) {
        inFlight--;
        if (outcome == null) {
            outcome = Outcome.retry(error == null ? "no answer" : error.toString());
        }
        switch (outcome.kind()) {
            case ACKED -> change(sent, DeliveryState.ACKED, sent.attempts(), null);
            case REJECTED -> {
                LOG.warn("reporting destination {}: report {} rejected: {}", name, sent.reportId(),
                        outcome.detail());
                change(sent, DeliveryState.REJECTED, sent.attempts(), outcome.detail());
            }
            case RETRY -> {
                if (sent.attempts() >= settings.maxAttempts()) {
                    LOG.error("reporting destination {}: report {} FAILED after {} attempts: {}", name,
                            sent.reportId(), sent.attempts(), outcome.detail());
                    change(sent, DeliveryState.FAILED, sent.attempts(), outcome.detail());
                } else {
                    Delivery pending = change(sent, DeliveryState.PENDING, sent.attempts(), outcome.detail());
                    long delay = backoff(sent.attempts());
                    LOG.debug("reporting destination {}: report {} attempt {} failed ({}), again in {} ms", name,
                            sent.reportId(), sent.attempts(), outcome.detail(), delay);
                    if (stopping) {
                        return;
                    }
                    retries.add(new Item(pending, report, json, clock.millis() + delay));
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

    private Delivery change(Delivery d, DeliveryState state, int attempts, String error) {
        Delivery next = d.with(state, attempts, error, clock.instant());
        if (next.state() != d.state()) {
            counts.decrementAndGet(d.state().ordinal());
            counts.incrementAndGet(next.state().ordinal());
        }
        if (state.isFinal()) {
            open.remove(d.seq());
        }
        unwritten.put(next.seq(), next);
        return next;
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

    /** Used by tests and the benchmark: the queue holds no more work and nothing is in flight. */
    public List<Delivery> deliveries() {
        return store.deliveries(name);
    }
}
