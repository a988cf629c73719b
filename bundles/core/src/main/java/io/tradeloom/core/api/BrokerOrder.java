package io.tradeloom.core.api;

import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One order as the broker sees it.
 *
 * @param orderId     our order id (the broker's ClOrdID chain mapped back); never null
 * @param cumQty      what the broker says is filled
 * @param avgPrice    the broker's average fill price; null when nothing is filled
 * @param updatedAt   the broker's time of its last change of the order
 */
public record BrokerOrder(String orderId, String venueOrderId, String symbol, Side side, BigDecimal quantity,
                          OrderStatus status, BigDecimal cumQty, BigDecimal avgPrice, Instant updatedAt) {

    public BrokerOrder {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        cumQty = cumQty == null ? BigDecimal.ZERO : cumQty;
    }
}
