package io.tradeloom.core.api;

import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;

import java.time.Instant;

/**
 * One change of one order: the order after the change, the order before it (null when it was just accepted) and
 * the execution that caused it, if one did.
 */
public record OrderEvent(Order order, Order previous, Execution execution, Instant at) {

    public boolean isFill() {
        return execution != null && execution.isFill();
    }
}
