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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heart of the bundle, free of OSGi so tests and the benchmark use it as is: turns fills into reports,
 * stores each one with a PENDING delivery per attached destination, and hands it to their transmitters.
 *
 * <p>Group commit: {@link #report} writes the report into the store and returns; a committer thread commits
 * whatever accumulated (one MVStore commit for many reports) and only then hands the reports to the
 * transmitters, so nothing is sent that is not durable, and the caller (the order thread) never waits for disk.
 */
public final class ReportingEngine implements OrderEventListener, Reporting, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingEngine.class);

    private final ReportStore store;
    private final Clock clock;
    private final Map<String, Transmitter> transmitters = new ConcurrentHashMap<>();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    private record Made(List<Delivery> deliveries, TransactionReport report, byte[] json) {
    }

    private final Object lock = new Object();
    private List<Made> uncommitted = new ArrayList<>();
    private final Thread committer;
    private volatile boolean closed;

    public ReportingEngine(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.committer = new Thread(this::commitLoop, "reporting-commit");
        this.committer.setDaemon(true);
        this.committer.start();
    }

    private void commitLoop() {
        while (true) {
            List<Made> batch;
            synchronized (lock) {
                while (uncommitted.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (uncommitted.isEmpty()) {
                    return;
                }
                batch = uncommitted;
                uncommitted = new ArrayList<>();
            }
            try {
                store.commit();
                // One hand-over per destination and batch, not one queue event per report.
                Map<String, List<Transmitter.Work>> perDestination = new HashMap<>();
                for (Made m : batch) {
                    for (Delivery d : m.deliveries()) {
                        perDestination.computeIfAbsent(d.destination(), k -> new ArrayList<>(batch.size()))
                                .add(new Transmitter.Work(d, m.report(), m.json()));
                    }
                }
                perDestination.forEach((name, work) -> {
                    Transmitter t = transmitters.get(name);
                    if (t != null) {
                        t.submit(work);
                    }
                });
            } catch (RuntimeException e) {
                // The reports stay in the store as PENDING and are sent when their destinations start again.
                errors.incrementAndGet();
                LOG.error("reporting: commit of {} reports failed: {}", batch.size(), e.toString(), e);
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

    public ReportStore store() {
        return store;
    }

    public void attach(Transmitter t) {
        Transmitter previous = transmitters.put(t.name(), t);
        if (previous != null && previous != t) {
            LOG.warn("reporting destination {} attached twice; the newer one is used", t.name());
        }
    }

    public void detach(Transmitter t) {
        transmitters.remove(t.name(), t);
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
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("reporting engine closed; report " + report.reportId()
                        + " not stored");
            }
            List<Delivery> created = store.put(report, json, transmitters.keySet(), clock.instant());
            if (created == null) {
                duplicates.incrementAndGet();
                return false;
            }
            reports.incrementAndGet();
            uncommitted.add(new Made(created, report, json));
            if (uncommitted.size() == 1) {
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
