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

/**
 * The heart of the bundle, free of OSGi so tests and the benchmark use it as is: turns fills into reports,
 * stores each one with a PENDING delivery per attached destination, and hands it to their transmitters.
 */
public final class ReportingEngine implements OrderEventListener, Reporting {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingEngine.class);

    private final ReportStore store;
    private final Clock clock;
    private final Map<String, Transmitter> transmitters = new ConcurrentHashMap<>();
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    public ReportingEngine(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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

    /** Stores and queues one report; false if its id was already reported. */
    public synchronized boolean report(TransactionReport report) {
        List<Transmitter> targets = new ArrayList<>(transmitters.values());
        List<Delivery> created = store.add(report, targets.stream().map(Transmitter::name).toList(),
                clock.instant());
        if (created == null) {
            duplicates.incrementAndGet();
            return false;
        }
        reports.incrementAndGet();
        for (Delivery d : created) {
            transmitters.get(d.destination()).submit(d, report);
        }
        return true;
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
