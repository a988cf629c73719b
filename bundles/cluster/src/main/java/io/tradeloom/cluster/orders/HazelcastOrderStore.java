package io.tradeloom.cluster.orders;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.DomainJson;
import io.tradeloom.cluster.api.ScheduledJobs;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.core.api.OrderStore;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The container's {@link OrderStore}: order state in Hazelcast maps ({@link ClusterNames}), so that it outlives the
 * core bundle, is the same for every member of the cluster, and (through the member's durable store) survives a
 * restart of the whole container. Orders are stored as JSON so that the map's indexes on venue, symbol and status
 * answer queries without deserializing every order.
 *
 * <h2>Why it is fast</h2>
 * A member's order gateway is the only writer of the orders it created (executions arrive at the member whose venue
 * session holds the order). So this store keeps a member-local working copy of the orders it wrote: reads and
 * updates of them never touch the map or JSON. Changes are pushed to the map by one writer thread every
 * {@code orders.flush.ms}, latest state per order (many changes of one order in an interval are one map write),
 * one batch after the other (so writes of one key keep their order). Orders this member did not write (another
 * member's, or loaded after a restart) are read from the map and changed with a compare-and-set there.
 * <p>
 * Bounds: another member (the shell, JMX or REST of another container) sees a change at most {@code orders.flush.ms}
 * plus one batch later; {@link #values()} and {@link #query} of this member see its own changes at once. A clean
 * stop (or restart of the core bundle: the store lives in the cluster bundle) flushes everything
 * ({@link #close()}); a killed JVM loses at most the last interval's changes, besides the durable file's own interval.
 *
 * <h2>Client order ids and executions</h2>
 * Binding a client order id stays one atomic {@code putIfAbsent} on the map, so two members racing with one id
 * create one order. The look-up before it ({@link #idOfClientId}) is answered from a member-local copy of every bound
 * id (loaded at start, kept current by a listener): a new id costs no map call; an id bound a moment ago on another
 * member and not yet seen here is still caught by the bind. Execution keys are de-duplicated in a member-local set
 * (loaded at start: keys of the last {@code executions.ttl.seconds}) and written in the same batches; this relies on
 * one venue session living on one member at a time.
 */
// Immediate: the working copy outlives a restart of its user (the core bundle), not only the maps.
@Component(service = {OrderStore.class, HazelcastOrderStore.class}, immediate = true,
        configurationPid = MemberSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class HazelcastOrderStore implements OrderStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastOrderStore.class);
    /** A pending execution-key change that deletes the key. */
    private static final String FORGET = "";
    private static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long BATCH_TIMEOUT_SECONDS = 30;
    /** Topic: ids of orders changed in the map by a member that did not create them. */
    static final String WRITTEN_ELSEWHERE = "tradeloom.orders.written-elsewhere";

    private final HazelcastInstance hazelcast;
    private final boolean standalone;
    private final IMap<String, HazelcastJsonValue> orders;
    private final IMap<String, String> clientIds;
    private final IMap<String, String> executions;
    /** Order id -> the member that created it; written in a cluster only. */
    private final IMap<String, String> owners;
    /** This member as {@link #owner} names it; empty when standalone. */
    private final String localMember;
    private final long flushNanos;
    private final long executionTtlMillis;

    /** Orders this member wrote, latest state; a terminal one leaves once it is in the map. */
    private final ConcurrentHashMap<String, Order> own = new ConcurrentHashMap<>();
    /** Latest state of each order changed since the last batch. */
    private final ConcurrentHashMap<String, Order> dirtyOrders = new ConcurrentHashMap<>();
    /** Execution keys this member knows were applied, with when (epoch ms). */
    private final ConcurrentHashMap<String, Long> seenExecutions = new ConcurrentHashMap<>();
    /** Execution keys to write ({@code venue|execId} -> first seen) or delete ({@link #FORGET}). */
    private final ConcurrentHashMap<String, String> dirtyExecutions = new ConcurrentHashMap<>();
    /** Client order ids bound here (standalone) and not yet in the map. */
    private final ConcurrentHashMap<String, String> dirtyClientIds = new ConcurrentHashMap<>();
    /** Orders created here whose owner is not in the map yet (cluster only). */
    private final Set<String> dirtyOwners = ConcurrentHashMap.newKeySet();
    /** Every client order id known bound in the cluster -> its order id. */
    private final ConcurrentHashMap<String, String> boundClientIds = new ConcurrentHashMap<>();

    private final Object batchLock = new Object();
    private final Thread writer;
    private volatile boolean running = true;
    private final ITopic<String> writtenElsewhere;
    private final UUID writtenElsewhereListener;
    private final UUID clientIdsListener;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong ordersWritten = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();

    /** The store with the defaults of {@code etc/io.tradeloom.hazelcast.cfg} (tests, benchmarks). */
    public HazelcastOrderStore(HazelcastInstance hazelcast) {
        this(hazelcast, MemberSettings.from(Map.of(), Paths.get(".")));
    }

    @Activate
    public HazelcastOrderStore(@Reference HazelcastInstance hazelcast, Map<String, Object> props) {
        this(hazelcast, settings(props));
    }

    public HazelcastOrderStore(HazelcastInstance hazelcast, MemberSettings settings) {
        this.hazelcast = hazelcast;
        this.standalone = settings.join() == MemberSettings.Join.NONE;
        this.orders = hazelcast.getMap(ClusterNames.ORDERS);
        this.clientIds = hazelcast.getMap(ClusterNames.CLIENT_IDS);
        this.executions = hazelcast.getMap(ClusterNames.EXECUTIONS);
        this.owners = hazelcast.getMap(ClusterNames.ORDER_OWNERS);
        this.localMember = standalone ? "" : ScheduledJobs.memberName(hazelcast);
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(settings.ordersFlushMillis());
        this.executionTtlMillis = TimeUnit.SECONDS.toMillis(settings.executionsTtlSeconds());

        // Another member changing an order this member holds (e.g. suspending the orders of a venue it lost): the
        // copy here is no longer the truth, so it is dropped and the order is read from the map from then on.
        this.writtenElsewhere = hazelcast.getTopic(WRITTEN_ELSEWHERE);
        this.writtenElsewhereListener = writtenElsewhere.addMessageListener(this::writtenElsewhere);
        // Listen before loading, so that no id bound in between is missed (only other members bind: not standalone).
        this.clientIdsListener = standalone ? null : clientIds.addEntryListener(
                (EntryAddedListener<String, String>) e -> boundClientIds.put(e.getKey(), e.getValue()), true);
        boundClientIds.putAll(clientIds);
        long oldest = System.currentTimeMillis() - executionTtlMillis;
        executions.forEach((key, when) -> {
            long at = firstSeen(when);
            if (at >= oldest) {
                seenExecutions.put(key, at);
            }
        });

        this.writer = new Thread(this::writeLoop, "tradeloom-order-store-writer");
        writer.setDaemon(true);
        writer.start();
        LOG.info("order store on Hazelcast: {} orders, {} client order ids, {} execution keys; changes to the map "
                        + "every {} ms", orders.size(), boundClientIds.size(), seenExecutions.size(),
                settings.ordersFlushMillis());
    }

    private static MemberSettings settings(Map<String, Object> props) {
        try {
            return MemberSettings.from(props, Paths.get("."));
        } catch (SettingsException e) {
            // The member logs and shows the same error and runs on the defaults; so does the store.
            return MemberSettings.from(Map.of(), Paths.get("."));
        }
    }

    // ------------------------------------------------------------------------------------------------ orders

    @Override
    public Optional<Order> get(String orderId) {
        Order mine = own.get(orderId);
        if (mine != null) {
            return Optional.of(mine);
        }
        HazelcastJsonValue json = orders.get(orderId);
        return json == null ? Optional.empty() : Optional.of(DomainJson.order(json.getValue()));
    }

    @Override
    public void put(Order order) {
        // Under the key's lock, so that the pending write is always the latest state.
        own.compute(order.id(), (k, before) -> {
            if (before == null && !standalone) {
                dirtyOwners.add(k);
            }
            dirtyOrders.put(k, order);
            return order;
        });
    }

    /**
     * An order of this member: changed under its key's lock in the working copy (writers of one order in this
     * member are serialized, {@code change} sees the latest state). Another order: read, change, compare-and-set
     * on the map, retried when another writer got there first. Returns the very object {@code change} returned, so
     * that "no change" (the same instance) stays recognisable and is not written.
     */
    @Override
    public Order update(String orderId, UnaryOperator<Order> change) {
        if (own.containsKey(orderId)) {
            Order[] result = new Order[1];
            boolean[] found = new boolean[1];
            own.computeIfPresent(orderId, (k, current) -> {
                found[0] = true;
                Order changed = change.apply(current);
                result[0] = changed;
                if (changed == null || changed == current) {
                    return current;
                }
                dirtyOrders.put(k, changed);
                return changed;
            });
            if (found[0]) {
                return result[0];
            }
            // Dropped in between (flushed terminal, or written elsewhere): the map has it.
        }
        while (true) {
            HazelcastJsonValue json = orders.get(orderId);
            if (json == null) {
                return null;
            }
            Order current = DomainJson.order(json.getValue());
            Order changed = change.apply(current);
            if (changed == null || changed == current) {
                return changed;
            }
            if (orders.replace(orderId, json, new HazelcastJsonValue(DomainJson.toJson(changed)))) {
                // The member that wrote it may hold a working copy: tell it (the rare, slow path only).
                writtenElsewhere.publish(orderId);
                return changed;
            }
        }
    }

    /** Every order: the map's, with this member's latest state over it (also changes not yet written). */
    @Override
    public Collection<Order> values() {
        return merge(orders::entrySet, null, null, null);
    }

    /** Orders matching every given criterion (null = any), answered by the map's indexes and this member's copy. */
    public Collection<Order> query(String venue, String symbol, OrderStatus status) {
        List<Predicate<String, HazelcastJsonValue>> all = new ArrayList<>();
        if (venue != null) {
            all.add(Predicates.equal("venue", venue));
        }
        if (symbol != null) {
            all.add(Predicates.equal("symbol", symbol));
        }
        if (status != null) {
            all.add(Predicates.equal("status", status.name()));
        }
        if (all.isEmpty()) {
            return values();
        }
        @SuppressWarnings("unchecked")
        Predicate<String, HazelcastJsonValue> p = all.size() == 1 ? all.get(0)
                : Predicates.and(all.toArray(new Predicate[0]));
        return merge(() -> orders.entrySet(p), venue, symbol, status);
    }

    private Collection<Order> merge(java.util.function.Supplier<Collection<Map.Entry<String, HazelcastJsonValue>>>
                                            stored, String venue, String symbol, OrderStatus status) {
        // The working copy first, the map after: an order leaves the working copy only once the map has it, so it
        // is in one of the two reads (the other order would miss one written and dropped in between).
        Map<String, Order> mine = new HashMap<>(own);
        Map<String, Order> out = new HashMap<>();
        for (Map.Entry<String, HazelcastJsonValue> e : stored.get()) {
            if (!mine.containsKey(e.getKey())) {
                out.put(e.getKey(), DomainJson.order(e.getValue().getValue()));
            }
        }
        for (Order o : mine.values()) {
            if ((venue == null || venue.equals(o.venue())) && (symbol == null || symbol.equals(o.symbol()))
                    && (status == null || status == o.status())) {
                out.put(o.id(), o);
            }
        }
        return new ArrayList<>(out.values());
    }

    // ---------------------------------------------------------------------------------------- client order ids

    @Override
    public Optional<String> bindClientId(String clientOrderId, String orderId) {
        if (standalone && hazelcast.getCluster().getMembers().size() == 1) {
            // The only member, and no other can join (join = none): every bind goes through this store, so the
            // local map is the cluster's truth; atomic here, written to the shared map in the next batch.
            String before = boundClientIds.putIfAbsent(clientOrderId, orderId);
            if (before == null) {
                dirtyClientIds.put(clientOrderId, orderId);
            }
            return Optional.ofNullable(before);
        }
        // Atomic on the key's partition owner: of two racing submits with one client id, one binds, one sees it.
        String before = clientIds.putIfAbsent(clientOrderId, orderId);
        boundClientIds.put(clientOrderId, before == null ? orderId : before);
        return Optional.ofNullable(before);
    }

    @Override
    public Optional<String> idOfClientId(String clientOrderId) {
        return Optional.ofNullable(boundClientIds.get(clientOrderId));
    }

    // ---------------------------------------------------------------------------------------- execution keys

    @Override
    public boolean markExecution(String key) {
        long now = System.currentTimeMillis();
        Long seen = seenExecutions.putIfAbsent(key, now);
        // A key older than the time to live is forgotten, as in the map (before the sweep gets to it here).
        if (seen != null && (now - seen < executionTtlMillis || !seenExecutions.replace(key, seen, now))) {
            return false;
        }
        dirtyExecutions.put(key, Instant.ofEpochMilli(now).toString());
        return true;
    }

    @Override
    public void forgetExecution(String key) {
        seenExecutions.remove(key);
        dirtyExecutions.put(key, FORGET);
    }

    private static long firstSeen(String when) {
        try {
            return Instant.parse(when).toEpochMilli();
        } catch (RuntimeException e) {
            return System.currentTimeMillis();
        }
    }

    // ------------------------------------------------------------------------------------------- writing

    private void writeLoop() {
        long nextSweep = System.nanoTime() + SWEEP_EVERY_NANOS;
        while (running) {
            LockSupport.parkNanos(flushNanos);
            try {
                writeBatch();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("order store: changes not written to the map yet (retried in {} ms): {}",
                            TimeUnit.NANOSECONDS.toMillis(flushNanos), e.toString());
                }
            }
            if (System.nanoTime() - nextSweep > 0) {
                nextSweep = System.nanoTime() + SWEEP_EVERY_NANOS;
                sweepExecutions();
            }
        }
    }

    /** Forgets execution keys older than the TTL locally (the map's TTL does the same there). */
    private void sweepExecutions() {
        long oldest = System.currentTimeMillis() - executionTtlMillis;
        seenExecutions.values().removeIf(at -> at < oldest);
    }

    /** Writes every change made so far to the map and waits until it is there. */
    public void flush() {
        writeBatch();
    }

    /** One batch: the latest state of each changed order and execution key, written together; then the next. */
    private void writeBatch() {
        synchronized (batchLock) {
            if (dirtyOrders.isEmpty() && dirtyExecutions.isEmpty() && dirtyClientIds.isEmpty()
                    && dirtyOwners.isEmpty()) {
                return;
            }
            Map<String, Order> changed = new HashMap<>();
            Map<String, HazelcastJsonValue> json = new HashMap<>();
            for (String id : dirtyOrders.keySet()) {
                Order o = dirtyOrders.remove(id);
                if (o != null) {
                    changed.put(id, o);
                    json.put(id, new HazelcastJsonValue(DomainJson.toJson(o)));
                }
            }
            Map<String, String> binds = new HashMap<>();
            for (String c : dirtyClientIds.keySet()) {
                String id = dirtyClientIds.remove(c);
                if (id != null) {
                    binds.put(c, id);
                }
            }
            Map<String, String> ownerOf = new HashMap<>();
            for (String id : dirtyOwners) {
                if (dirtyOwners.remove(id)) {
                    ownerOf.put(id, localMember);
                }
            }
            Map<String, String> marks = new HashMap<>();
            List<String> forgets = new ArrayList<>();
            for (String key : dirtyExecutions.keySet()) {
                String v = dirtyExecutions.remove(key);
                if (v == null) {
                    continue;
                }
                if (v.equals(FORGET)) {
                    forgets.add(key);
                } else {
                    marks.put(key, v);
                }
            }
            List<CompletableFuture<?>> pending = new ArrayList<>();
            if (!json.isEmpty()) {
                pending.add(orders.setAllAsync(json).toCompletableFuture());
            }
            if (!binds.isEmpty()) {
                pending.add(clientIds.setAllAsync(binds).toCompletableFuture());
            }
            if (!ownerOf.isEmpty()) {
                pending.add(owners.setAllAsync(ownerOf).toCompletableFuture());
            }
            if (!marks.isEmpty()) {
                pending.add(executions.setAllAsync(marks).toCompletableFuture());
            }
            for (String key : forgets) {
                pending.add(executions.deleteAsync(key).toCompletableFuture());
            }
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                        .get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                failedBatches.incrementAndGet();
                // Back in the queue unless changed again meanwhile (then the newer state is written next time).
                changed.forEach(dirtyOrders::putIfAbsent);
                binds.forEach(dirtyClientIds::putIfAbsent);
                dirtyOwners.addAll(ownerOf.keySet());
                marks.forEach(dirtyExecutions::putIfAbsent);
                forgets.forEach(k -> dirtyExecutions.putIfAbsent(k, FORGET));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("writing " + json.size() + " orders, " + binds.size()
                        + " client order ids and " + (marks.size()
                        + forgets.size()) + " execution keys to the map failed: " + e, e);
            }
            batches.incrementAndGet();
            ordersWritten.addAndGet(json.size());
            // A finished order is in the map now and changes no more: its working copy can go.
            changed.forEach((id, o) -> {
                if (o.status().terminal()) {
                    own.remove(id, o);
                }
            });
        }
    }

    @Override
    public Optional<String> owner(String orderId) {
        if (standalone) {
            return Optional.empty();
        }
        if (dirtyOwners.contains(orderId)) {
            return Optional.of(localMember);
        }
        return Optional.ofNullable(owners.get(orderId));
    }

    @Override
    public String localMember() {
        return localMember;
    }

    /** Orders changed here and not yet in the map. */
    public int pendingOrders() {
        return dirtyOrders.size();
    }

    /** Orders held in this member's working copy. */
    public int workingOrders() {
        return own.size();
    }

    public long batches() {
        return batches.get();
    }

    public long ordersWritten() {
        return ordersWritten.get();
    }

    public long failedBatches() {
        return failedBatches.get();
    }

    /** Writes everything still pending and stops the writer; the maps stay (they belong to the member). */
    @Override
    @Deactivate
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(BATCH_TIMEOUT_SECONDS + 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writeBatch();
        } catch (RuntimeException e) {
            LOG.error("order store stopped with {} orders, {} client order ids and {} execution keys not written to "
                    + "the map: {}", dirtyOrders.size(), dirtyClientIds.size(), dirtyExecutions.size(), e.toString());
        }
        try {
            writtenElsewhere.removeMessageListener(writtenElsewhereListener);
            if (clientIdsListener != null) {
                clientIds.removeEntryListener(clientIdsListener);
            }
        } catch (RuntimeException e) {
            LOG.debug("order store listeners: {}", e.toString());
        }
        LOG.info("order store stopped: {} batches, {} order writes", batches.get(), ordersWritten.get());
    }

    /** Drops this member's copy of an order that another member changed in the map. */
    private void writtenElsewhere(Message<String> m) {
        String id = m.getMessageObject();
        if (m.getPublishingMember() != null && !m.getPublishingMember().localMember() && own.remove(id) != null) {
            LOG.warn("order {} was changed by member {}; this member reads it from the map from now on", id,
                    m.getPublishingMember().getAddress());
        }
    }
}
