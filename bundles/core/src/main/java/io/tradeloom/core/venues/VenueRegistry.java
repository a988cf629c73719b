package io.tradeloom.core.venues;

import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueListener;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueState;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Tracks every {@link Venue} service: one arriving is listed and exported to JMX, one leaving is removed and
 * its listeners (order gateway) are told so that its work is failed over or marked.
 */
@Component(service = {VenueDirectory.class, VenueActivity.class}, immediate = true)
public class VenueRegistry implements VenueDirectory, VenueActivity {

    private static final Logger LOG = LoggerFactory.getLogger(VenueRegistry.class);

    private final Map<String, Entry> venues = new ConcurrentHashMap<>();
    /** Services whose id was taken when they arrived; the first of them takes over when the holder leaves. */
    private final List<Entry> standby = new CopyOnWriteArrayList<>();
    private final List<VenueListener> listeners = new CopyOnWriteArrayList<>();
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    /** Emergency halts; optional and dynamic so that the registry never restarts with them. */
    private volatile HaltService halts;

    /** One deployed venue with its counters. */
    static final class Entry implements VenueMXBean {
        final Venue venue;
        final String bundle;
        final LongAdder in = new LongAdder();
        final LongAdder out = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLong lastMessageNanos = new AtomicLong(-1);
        final Function<String, Optional<Halt>> haltOf;
        ObjectName objectName;

        Entry(Venue venue, String bundle, Function<String, Optional<Halt>> haltOf) {
            this.venue = venue;
            this.bundle = bundle;
            this.haltOf = haltOf;
        }

        VenueView view() {
            VenueHealth h = health();
            long last = lastMessageNanos.get();
            long age = last < 0 ? -1 : (System.nanoTime() - last) / 1_000_000;
            return new VenueView(venue.id(), venue.descriptor().kind(), venue.descriptor().adapter(), bundle,
                    h.state(), h.detail(), in.sum(), out.sum(), errors.sum(), age);
        }

        /** The adapter's health, overridden by HALTED while a venue-scope or global halt holds the venue. */
        private VenueHealth health() {
            VenueHealth adapter;
            try {
                adapter = venue.health();
            } catch (RuntimeException e) {
                adapter = VenueHealth.of(VenueState.DOWN, "health check failed: " + e);
            }
            Optional<Halt> halt;
            try {
                halt = haltOf.apply(venue.id());
            } catch (RuntimeException e) {
                halt = Optional.empty();
            }
            if (halt.isPresent()) {
                Halt hl = halt.get();
                return new VenueHealth(VenueState.HALTED, hl.rejectReason() + " (halt " + hl.scope() + " since "
                        + hl.since() + " by " + hl.by() + "); adapter " + adapter.state()
                        + (adapter.detail().isEmpty() ? "" : ": " + adapter.detail()), hl.since());
            }
            return adapter;
        }

        @Override public String getId() { return venue.id(); }
        @Override public String getKind() { return venue.descriptor().kind().name(); }
        @Override public String getAdapter() { return venue.descriptor().adapter(); }
        @Override public String getBundle() { return bundle; }
        @Override public String getState() { return health().state().name(); }
        @Override public String getDetail() { return health().detail(); }
        @Override public long getMessagesIn() { return in.sum(); }
        @Override public long getMessagesOut() { return out.sum(); }
        @Override public long getErrors() { return errors.sum(); }
        @Override public long getLastMessageAgeMillis() { return view().lastMessageAgeMillis(); }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addVenue(Venue venue, ServiceReference<Venue> ref) {
        deploy(new Entry(venue, ref.getBundle().getSymbolicName(), this::haltOf));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setHaltService(HaltService service) {
        this.halts = service;
    }

    public void unsetHaltService(HaltService service) {
        if (this.halts == service) {
            this.halts = null;
        }
    }

    private Optional<Halt> haltOf(String venueId) {
        HaltService h = halts;
        return h == null ? Optional.empty() : h.venueHalt(venueId);
    }

    private void deploy(Entry entry) {
        Venue venue = entry.venue;
        String id = venue.id();
        Entry previous = venues.putIfAbsent(id, entry);
        if (previous != null) {
            standby.add(entry);
            LOG.error("venue id {} from bundle {} is already deployed by bundle {}; the second one is ignored until"
                    + " the first leaves", id, entry.bundle, previous.bundle);
            return;
        }
        try {
            entry.objectName = new ObjectName("io.tradeloom:type=venue,name=" + ObjectName.quote(id).replace("\"", ""));
            mbeans.registerMBean(new javax.management.StandardMBean(entry, VenueMXBean.class, true), entry.objectName);
        } catch (Exception e) {
            LOG.warn("venue {}: JMX registration failed: {}", id, e.toString());
        }
        LOG.info("venue {} ({}) deployed from {}", id, venue.descriptor().kind(), entry.bundle);
        for (VenueListener l : listeners) {
            l.venueAdded(venue);
        }
    }

    public void removeVenue(Venue venue) {
        String id = venue.id();
        standby.removeIf(e -> e.venue == venue);
        Entry entry = venues.get(id);
        if (entry == null || entry.venue != venue) {
            return;
        }
        venues.remove(id);
        unregister(entry);
        LOG.info("venue {} left (bundle {})", id, entry.bundle);
        for (VenueListener l : listeners) {
            try {
                l.venueRemoved(id);
            } catch (RuntimeException e) {
                LOG.error("venue {} removal: listener {} failed", id, l, e);
            }
        }
        for (Entry waiting : standby) {
            if (waiting.venue.id().equals(id)) {
                standby.remove(waiting);
                LOG.info("venue {} from bundle {} takes over", id, waiting.bundle);
                deploy(waiting);
                break;
            }
        }
    }

    private void unregister(Entry entry) {
        if (entry.objectName != null) {
            try {
                mbeans.unregisterMBean(entry.objectName);
            } catch (Exception e) {
                LOG.debug("venue {}: JMX unregistration: {}", entry.venue.id(), e.toString());
            }
        }
    }

    @Deactivate
    void deactivate() {
        venues.values().forEach(this::unregister);
        venues.clear();
        standby.clear();
    }

    @Override
    public List<VenueView> venues() {
        List<VenueView> out = new ArrayList<>();
        venues.values().forEach(e -> out.add(e.view()));
        out.sort(Comparator.comparing(VenueView::kind).thenComparing(VenueView::id));
        return out;
    }

    @Override
    public Optional<VenueView> venue(String id) {
        Entry e = id == null ? null : venues.get(id);
        return e == null ? Optional.empty() : Optional.of(e.view());
    }

    @Override
    public Optional<Venue> adapter(String id) {
        Entry e = id == null ? null : venues.get(id);
        return e == null ? Optional.empty() : Optional.of(e.venue);
    }

    @Override
    public Collection<Instrument> instruments() {
        Map<String, Instrument> all = new TreeMap<>();
        for (Entry e : venues.values()) {
            try {
                for (Instrument i : e.venue.instruments()) {
                    all.putIfAbsent(i.symbol(), i);
                }
            } catch (RuntimeException ex) {
                LOG.warn("venue {}: instruments() failed: {}", e.venue.id(), ex.toString());
            }
        }
        return all.values();
    }

    @Override
    public Optional<Instrument> instrument(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        for (Entry e : venues.values()) {
            try {
                for (Instrument i : e.venue.instruments()) {
                    if (i.symbol().equals(symbol)) {
                        return Optional.of(i);
                    }
                }
            } catch (RuntimeException ex) {
                LOG.warn("venue {}: instruments() failed: {}", e.venue.id(), ex.toString());
            }
        }
        return Optional.empty();
    }

    @Override
    public void addListener(VenueListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(VenueListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void received(String venueId) {
        Entry e = venues.get(venueId);
        if (e != null) {
            e.in.increment();
            e.lastMessageNanos.set(System.nanoTime());
        }
    }

    /** One lookup, one counter add and one clock read for a whole frame of events. */
    @Override
    public void received(String venueId, int count) {
        Entry e = venues.get(venueId);
        if (e != null) {
            e.in.add(count);
            e.lastMessageNanos.set(System.nanoTime());
        }
    }

    @Override
    public void sent(String venueId) {
        Entry e = venues.get(venueId);
        if (e != null) {
            e.out.increment();
        }
    }

    @Override
    public void error(String venueId) {
        Entry e = venues.get(venueId);
        if (e != null) {
            e.errors.increment();
        }
    }
}
