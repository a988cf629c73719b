package io.tradeloom.broker.paper.store;

import io.tradeloom.domain.order.Order;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A resting order as the engine holds it: the order with its remaining quantity, the venue's id for it, and the
 * stop state the domain order does not carry.
 *
 * @param seq       arrival sequence: time priority among the working orders
 * @param triggered false for a stop order whose stop has not been reached
 * @param trailRef  trailing stops: the best price seen so far; null otherwise or before the first quote
 */
public record WorkingOrder(long seq, String venueOrderId, boolean triggered, BigDecimal trailRef, Order order) {

    public WorkingOrder {
        Objects.requireNonNull(venueOrderId, "venueOrderId");
        Objects.requireNonNull(order, "order");
    }
}
