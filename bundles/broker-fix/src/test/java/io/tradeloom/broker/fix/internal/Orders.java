package io.tradeloom.broker.fix.internal;

import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;

import java.math.BigDecimal;
import java.time.Instant;

/** Orders for the tests, built the way the core builds them ({@link Order#accept}). */
final class Orders {

    static final Instant CREATED = Instant.parse("2026-03-04T05:00:00Z");

    private Orders() {
    }

    static Order limit(String id, String venue, String symbol, Side side, String qty, String price) {
        return Order.accept(id, "cl-" + id, OrderRequest.builder().account("ACC-1").venue(venue).symbol(symbol)
                .side(side).type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity(qty).limitPrice(price)
                .build(), CREATED);
    }

    static Order of(String id, String venue, OrderType type, TimeInForce tif, String qty, String limit, String stop,
                    String trail) {
        return Order.accept(id, "cl-" + id, OrderRequest.builder().account("ACC-1").venue(venue).symbol("BRK.B")
                .side(Side.BUY).type(type).timeInForce(tif).quantity(qty).limitPrice(limit).stopPrice(stop)
                .trailingOffset(trail == null ? null : new BigDecimal(trail)).build(), CREATED);
    }

    /** The same order in another status (leaves follow the status as {@link Order#transition} does). */
    static Order withStatus(Order o, OrderStatus status) {
        return new Order(o.id(), o.clientOrderId(), o.account(), o.venue(), o.symbol(), o.side(), o.type(),
                o.timeInForce(), o.quantity(), o.limitPrice(), o.stopPrice(), o.trailingOffset(), o.strategy(), status,
                o.filledQty(), status.terminal() ? BigDecimal.ZERO : o.quantity().subtract(o.filledQty()),
                o.avgPrice(), o.venueOrderId(), o.reason(), o.createdAt(), o.updatedAt());
    }

    static Order withVenueOrderId(Order o, String venueOrderId) {
        return new Order(o.id(), o.clientOrderId(), o.account(), o.venue(), o.symbol(), o.side(), o.type(),
                o.timeInForce(), o.quantity(), o.limitPrice(), o.stopPrice(), o.trailingOffset(), o.strategy(),
                o.status(), o.filledQty(), o.leavesQty(), o.avgPrice(), venueOrderId, o.reason(), o.createdAt(),
                o.updatedAt());
    }
}
