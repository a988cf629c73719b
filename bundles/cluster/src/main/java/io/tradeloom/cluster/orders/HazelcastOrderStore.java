package io.tradeloom.cluster.orders;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.DomainJson;
import io.tradeloom.core.api.OrderStore;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The container's {@link OrderStore}: order state in Hazelcast maps ({@link ClusterNames}), so that it outlives the
 * core bundle, is the same for every member of the cluster, and (through the member's durable store) survives a
 * restart of the whole container. Orders are stored as JSON so that the map's indexes on venue, symbol and status
 * answer queries without deserializing every order.
 */
@Component(service = {OrderStore.class, HazelcastOrderStore.class})
public class HazelcastOrderStore implements OrderStore {

    private final IMap<String, HazelcastJsonValue> orders;
    private final IMap<String, String> clientIds;
    private final IMap<String, String> executions;

    @Activate
    public HazelcastOrderStore(@Reference HazelcastInstance hazelcast) {
        this.orders = hazelcast.getMap(ClusterNames.ORDERS);
        this.clientIds = hazelcast.getMap(ClusterNames.CLIENT_IDS);
        this.executions = hazelcast.getMap(ClusterNames.EXECUTIONS);
    }

    @Override
    public Optional<Order> get(String orderId) {
        HazelcastJsonValue json = orders.get(orderId);
        return json == null ? Optional.empty() : Optional.of(DomainJson.order(json.getValue()));
    }

    @Override
    public Optional<String> bindClientId(String clientOrderId, String orderId) {
        // Atomic on the key's partition owner: of two racing submits with one client id, one binds, one sees it.
        return Optional.ofNullable(clientIds.putIfAbsent(clientOrderId, orderId));
    }

    @Override
    public Optional<String> idOfClientId(String clientOrderId) {
        return Optional.ofNullable(clientIds.get(clientOrderId));
    }

    @Override
    public void put(Order order) {
        orders.set(order.id(), new HazelcastJsonValue(DomainJson.toJson(order)));
    }

    /**
     * Read, change, compare-and-set, retried when another writer got there first (then {@code change} sees that
     * writer's result). Optimistic rather than a lock or an EntryProcessor: the gateway's change functions capture
     * local state (the order before, a failure reason), so they must run here in the caller's thread, and two map
     * calls per change cost half of lock-get-set-unlock. Returns the very object {@code change} returned, so that
     * "no change" (the same instance) stays recognisable and is not written.
     */
    @Override
    public Order update(String orderId, UnaryOperator<Order> change) {
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
                return changed;
            }
        }
    }

    @Override
    public Collection<Order> values() {
        return decode(orders.values());
    }

    /** Orders matching every given criterion (null = any), answered by the map's indexes. */
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
        return decode(orders.values(p));
    }

    @Override
    public boolean markExecution(String key) {
        return executions.putIfAbsent(key, Instant.now().toString()) == null;
    }

    @Override
    public void forgetExecution(String key) {
        executions.delete(key);
    }

    private static List<Order> decode(Collection<HazelcastJsonValue> values) {
        List<Order> out = new ArrayList<>(values.size());
        for (HazelcastJsonValue v : values) {
            out.add(DomainJson.order(v.getValue()));
        }
        return out;
    }
}
