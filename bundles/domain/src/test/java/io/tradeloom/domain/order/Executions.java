package io.tradeloom.domain.order;

import java.math.BigDecimal;
import java.time.Instant;

/** Test builder for {@link Execution}: the record has seventeen positional fields. */
final class Executions {

    private String execId = "E-1";
    private String orderId = "O-1";
    private String clientOrderId;
    private String venue = "paper";
    private String venueOrderId;
    private ExecType execType;
    private OrderStatus ordStatus;
    private BigDecimal lastQty;
    private BigDecimal lastPrice;
    private BigDecimal cumQty;
    private BigDecimal leavesQty;
    private BigDecimal avgPrice;
    private BigDecimal quantity;
    private BigDecimal limitPrice;
    private Instant transactTime = Instant.parse("2024-03-01T14:30:01Z");
    private String text;
    private Liquidity liquidity;

    private Executions(ExecType execType, OrderStatus ordStatus) {
        this.execType = execType;
        this.ordStatus = ordStatus;
    }

    static Executions exec(ExecType execType, OrderStatus ordStatus) {
        return new Executions(execType, ordStatus);
    }

    static Executions fill(OrderStatus ordStatus, String qty, String price) {
        return new Executions(ExecType.TRADE, ordStatus).last(qty, price);
    }

    private static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    Executions execId(String v) { execId = v; return this; }
    Executions orderId(String v) { orderId = v; return this; }
    Executions clientOrderId(String v) { clientOrderId = v; return this; }
    Executions venueOrderId(String v) { venueOrderId = v; return this; }
    Executions last(String qty, String price) { lastQty = dec(qty); lastPrice = dec(price); return this; }
    Executions cumQty(String v) { cumQty = dec(v); return this; }
    Executions leavesQty(String v) { leavesQty = dec(v); return this; }
    Executions avgPrice(String v) { avgPrice = dec(v); return this; }
    Executions quantity(String v) { quantity = dec(v); return this; }
    Executions limitPrice(String v) { limitPrice = dec(v); return this; }
    Executions at(Instant v) { transactTime = v; return this; }
    Executions text(String v) { text = v; return this; }
    Executions liquidity(Liquidity v) { liquidity = v; return this; }

    Execution build() {
        return new Execution(execId, orderId, clientOrderId, venue, venueOrderId, execType, ordStatus, lastQty,
                lastPrice, cumQty, leavesQty, avgPrice, quantity, limitPrice, transactTime, text, liquidity);
    }
}
