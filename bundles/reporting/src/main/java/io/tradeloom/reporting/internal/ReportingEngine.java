package io.tradeloom.reporting.internal;

import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.OrderEventListener;
import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.DestinationInfo;
import io.tradeloom.reporting.api.Reporting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The heart of the bundle, free of OSGi so tests and the benchmark use it as is: turns fills into reports,
 * stores each one with a PENDING delivery per attached destination, and hands it to their transmitters.
 *
 * <p>Group commit: {@link #report} encodes the report, takes its sequence number (the duplicate check) and adds
 * it to the group being filled, and returns; a committer thread writes whatever groups accumulated (two store
 * entries per group of up to {@value #GROUP_MAX} reports, no per-report state: a new report is PENDING at every
 * destination its group names), commits once, and only then hands each group to the transmitters, one event per
 * group and destination. Nothing is sent that is not durable, and the caller (the order thread) never waits for
 * disk. A crash before that commit loses the reports accepted since the previous one; none had been sent.
 */
public final class ReportingEngine implements OrderEventListener, Reporting, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingEngine.class);

    private final ReportStore store;
    private final Clock clock;
    private final Map<String, Transmitter> transmitters = new ConcurrentHashMap<>();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    /** Reports per group: one store entry (meta + JSON) per group, see {@link ReportStore}. */
    static final int GROUP_MAX = 1024;

    private final Object lock = new Object();
    /** Full groups not yet committed, and the one being filled; guarded by {@link #lock}. */
    private List<ReportGroup> uncommitted = new ArrayList<>();
    private ReportGroup filling;
    /** The attached destinations' names, sorted; the same instance until one is attached or detached. */
    private volatile List<String> destinationNames = List.of();
    private final Thread committer;
    private volatile boolean closed;
    /** Told of every committed batch of groups (the cluster's shared reports); none when standalone. */
    private volatile Consumer<List<ReportGroup>> committed = groups -> { };

    public ReportingEngine(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.committer = new Thread(this::commitLoop, "reporting-commit");
        this.committer.setDaemon(true);
        this.committer.start();
    }

    private void commitLoop() {
        while (true) {
            List<ReportGroup> batch;
            synchronized (lock) {
                while (uncommitted.isEmpty() && filling == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (uncommitted.isEmpty() && filling == null) {
                    return;
                }
                batch = uncommitted;
                if (filling != null) {
                    batch.add(filling);
                    filling = null;
                }
                uncommitted = new ArrayList<>();
            }
            List<ReportGroup> stored = new ArrayList<>(batch.size());
            for (ReportGroup g : batch) {
                try {
                    store.putGroup(g);
                    stored.add(g);
                } catch (RuntimeException e) {
                    // Not stored: the ids must not count as reported, or a replay of the fills would be dropped.
                    for (int i = 0; i < g.size; i++) {
                        store.release(g.ids[i], g.firstSeq + i);
                    }
                    errors.addAndGet(g.size);
                    LOG.error("reporting: {} reports from seq {} not stored: {}", g.size, g.firstSeq, e.toString(),
                            e);
                }
            }
            try {
                store.commit();
            } catch (RuntimeException e) {
                // What was put stays in the store and is committed with the next commit; its PENDING deliveries
                // are sent when their destinations start again.
                errors.incrementAndGet();
                LOG.error("reporting: commit of {} report groups failed: {}", stored.size(), e.toString(), e);
                continue;
            }
            try {
                committed.accept(stored);
            } catch (RuntimeException e) {
                LOG.error("reporting: committed reports not shared: {}", e.toString());
            }
            // One hand-over per group and destination, not one queue event per report.
            for (ReportGroup g : stored) {
                for (String name : g.destinations) {
                    Transmitter t = transmitters.get(name);
                    if (t != null) {
                        t.submit(g);
                    }
                }
            }
        }
    }

    /** Commits and hands over what is left, then stops the committer. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sets who hears of committed reports (the cluster's shared reports). */
    void onCommitted(Consumer<List<ReportGroup>> listener) {
        this.committed = listener;
    }

    public ReportStore store() {
        return store;
    }

    public void attach(Transmitter t) {
        Transmitter previous = transmitters.put(t.name(), t);
        if (previous != null && previous != t) {
            LOG.warn("reporting destination {} attached twice; the newer one is used", t.name());
        }
        destinationNames = List.copyOf(transmitters.keySet().stream().sorted().toList());
    }

    public void detach(Transmitter t) {
        transmitters.remove(t.name(), t);
        destinationNames = List.copyOf(transmitters.keySet().stream().sorted().toList());
    }

    @Override
    public void onOrderEvent(OrderEvent event) {
        if (!event.isFill()) {
            return;
        }
        try {
            report(Reports.fromFill(event));
        } catch (RuntimeException e) {
            // Never fail order flow; the fill stays in the order store and the error is counted and logged.
            errors.incrementAndGet();
            LOG.error("transaction report for execution {} of order {} not stored: {}",
                    event.execution().execId(), event.order().id(), e.toString(), e);
        }
    }

    /** Stores and queues one report (sent once committed); false if its id was already reported. */
    public boolean report(TransactionReport report) {
        byte[] json = ReportCodec.json(report); // by the caller's thread, outside the lock; sent as stored
        long now = clock.millis();
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("reporting engine closed; report " + report.reportId()
                        + " not stored");
            }
            long s = store.claim(report.reportId());
            if (s < 0) {
                duplicates.incrementAndGet();
                return false;
            }
            boolean wasIdle = uncommitted.isEmpty() && filling == null;
            List<String> names = destinationNames;
            if (filling != null && (filling.full() || filling.nextSeq() != s
                    || (filling.destinations != names && !filling.destinations.equals(names)))) {
                uncommitted.add(filling);
                filling = null;
            }
            if (filling == null) {
                filling = new ReportGroup(s, names, GROUP_MAX);
            }
            filling.add(report.reportId(), report, json, now);
            reports.incrementAndGet();
            if (wasIdle) {
                lock.notifyAll();
            }
            return true;
        }
    }

    public long reportsCreated() {
        return reports.get();
    }

    public long duplicatesIgnored() {
        return duplicates.get();
    }

    public long errors() {
        return errors.get();
    }

    @Override
    public List<Delivery> deliveries(DeliveryState state, String destination, int max) {
        List<Delivery> all = new ArrayList<>();
        List<String> names = destination != null ? List.of(destination) : store.destinationsInStore();
        for (String d : names) {
            for (Delivery x : store.deliveries(d)) {
                if (state == null || x.state() == state) {
                    all.add(x);
                }
            }
        }
        all.sort(Comparator.comparingLong(Delivery::seq).reversed().thenComparing(Delivery::destination));
        return all.size() > max ? all.subList(0, max) : all;
    }

    @Override
    public Optional<TransactionReport> report(String reportId) {
        return store.report(reportId);
    }

    @Override
    public List<DestinationInfo> destinations() {
        return transmitters.values().stream().map(Transmitter::info)
                .sorted(Comparator.comparing(DestinationInfo::name)).toList();
    }

    @Override
    public List<Delivery> resend(String reportId, String destination) {
        if (store.report(reportId).isEmpty()) {
            throw new IllegalArgumentException("report " + reportId + ": unknown");
        }
        List<Transmitter> targets;
        if (destination != null) {
            Transmitter t = transmitters.get(destination);
            if (t == null) {
                throw new IllegalArgumentException("destination " + destination + ": not configured");
            }
            targets = List.of(t);
        } else {
            targets = new ArrayList<>(transmitters.values());
        }
        List<Delivery> requeued = new ArrayList<>();
        for (Transmitter t : targets) {
            try {
                t.resend(reportId).get(10, TimeUnit.SECONDS).ifPresent(requeued::add);
            } catch (Exception e) {
                throw new IllegalStateException("resend of " + reportId + " to " + t.name() + ": " + e, e);
            }
        }
        return requeued;
    }
}
