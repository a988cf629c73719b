package io.tradeloom.reporting.internal;

import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.report.TransactionReport;

import java.math.BigDecimal;
import java.time.Instant;

/** Test data: fill events and reports. */
final class Fills {

    static final Instant T0 = Instant.parse("2026-11-20T14:30:01.123456789Z");

    private Fills() {
    }

    static OrderEvent fill(String orderId, String execId, String qty, String price, Instant at) {
        Order order = new Order(orderId, "cl-" + orderId, "ACC1", "paper", "AAPL", Side.BUY, OrderType.LIMIT,
                TimeInForce.DAY, new BigDecimal("100"), new BigDecimal("101.25"), null, null, null,
                OrderStatus.PARTIALLY_FILLED, new BigDecimal(qty), new BigDecimal("100").subtract(new BigDecimal(qty)),
                new BigDecimal(price), "V-" + orderId, null, at, at);
        Execution e = new Execution(execId, orderId, "cl-" + orderId, "paper", "V-" + orderId, ExecType.TRADE,
                OrderStatus.PARTIALLY_FILLED, new BigDecimal(qty), new BigDecimal(price), new BigDecimal(qty),
                new BigDecimal("100").subtract(new BigDecimal(qty)), new BigDecimal(price), new BigDecimal("100"),
                new BigDecimal("101.25"), at, null, Liquidity.ADDED);
        return new OrderEvent(order, order, e, at);
    }

    static TransactionReport report(int i) {
        return Reports.fromFill(fill("o" + i, "e" + i, "10", "101.25", T0.plusMillis(i)));
    }
}
