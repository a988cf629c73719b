package io.tradeloom.core.api;

import io.tradeloom.domain.order.Order;

import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where order state lives. The order gateway is its only writer; everything else reads orders through
 * {@link OrderService}. The container's store is shared (Hazelcast) and outlives the core bundle; an in-memory
 * store serves tests and benchmarks.
 */
public interface OrderStore {

    Optional<Order> get(String orderId);

    /** Binds a client order id to an order id unless it is bound already; returns the id bound before, if any. */
    Optional<String> bindClientId(String clientOrderId, String orderId);

    Optional<String> idOfClientId(String clientOrderId);

    void put(Order order);

    /**
     * Applies {@code change} to the stored order atomically and stores the result; returns the stored result, or
     * null when there is no such order (then {@code change} is not called).
     */
    Order update(String orderId, UnaryOperator<Order> change);

    Collection<Order> values();

    /** Records an execution key; false when it was recorded before (a duplicate). */
    boolean markExecution(String key);

    /** Forgets an execution key, so that a replay of an execution that could not be applied is not a duplicate. */
    void forgetExecution(String key);

    /**
     * The cluster member whose order gateway created the order ({@link #localMember()} form), when the store is
     * shared by a cluster; empty when it is not, or the order predates the record.
     */
    default Optional<String> owner(String orderId) {
        return Optional.empty();
    }

    /** This member as {@link #owner} names it; empty when the store is not shared by a cluster. */
    default String localMember() {
        return "";
    }
}
