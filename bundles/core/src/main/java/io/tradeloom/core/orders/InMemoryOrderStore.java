package io.tradeloom.core.orders;

import io.tradeloom.core.api.OrderStore;
import io.tradeloom.domain.order.Order;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Order state in this JVM only: for tests, benchmarks and tools that build a gateway outside the container. */
public class InMemoryOrderStore implements OrderStore {

    private final ConcurrentHashMap<String, Order> orders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> byClientId = new ConcurrentHashMap<>();
    private final Set<String> executions = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Order> get(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public Optional<String> bindClientId(String clientOrderId, String orderId) {
        return Optional.ofNullable(byClientId.putIfAbsent(clientOrderId, orderId));
    }

    @Override
    public Optional<String> idOfClientId(String clientOrderId) {
        return Optional.ofNullable(byClientId.get(clientOrderId));
    }

    @Override
    public void put(Order order) {
        orders.put(order.id(), order);
    }

    @Override
    public Order update(String orderId, UnaryOperator<Order> change) {
        return orders.computeIfPresent(orderId, (k, o) -> change.apply(o));
    }

    @Override
    public Collection<Order> values() {
        return Collections.unmodifiableCollection(orders.values());
    }

    @Override
    public boolean markExecution(String key) {
        return executions.add(key);
    }

    @Override
    public void forgetExecution(String key) {
        executions.remove(key);
    }
}
