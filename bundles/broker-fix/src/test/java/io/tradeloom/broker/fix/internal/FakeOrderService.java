package io.tradeloom.broker.fix.internal;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.OrderStats;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The orders the core knows, kept in a map; the broker only reads them. */
final class FakeOrderService implements OrderService {

    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    void put(Order o) {
        orders.put(o.id(), o);
    }

    @Override
    public Optional<Order> order(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public List<Order> orders(boolean openOnly) {
        return orders.values().stream().filter(o -> !openOnly || o.status().open())
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id)).toList();
    }

    @Override
    public Order submit(OrderRequest request) {
        throw new UnsupportedOperationException("submit");
    }

    @Override
    public Order cancel(String orderId) {
        throw new UnsupportedOperationException("cancel");
    }

    @Override
    public Order replace(String orderId, BigDecimal quantity, BigDecimal limitPrice) {
        throw new UnsupportedOperationException("replace");
    }

    @Override
    public OrderStats stats() {
        throw new UnsupportedOperationException("stats");
    }
}
