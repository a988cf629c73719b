package io.tradeloom.core.testing;

import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.OrderStatus;

import java.math.BigDecimal;
import java.time.Instant;

/** Builds {@link Execution}s (seventeen positional fields) for tests. */
public final class Exec {

    private String execId;
    private final String orderId;
    private String venue = "paper";
    private String venueOrderId = "V-1";
    private final ExecType execType;
    private final OrderStatus ordStatus;
    private BigDecimal lastQty;
    private BigDecimal lastPrice;
    private BigDecimal cumQty;
    private BigDecimal leavesQty;
    private BigDecimal avgPrice;
    private BigDecimal quantity;
    private BigDecimal limitPrice;
    private Instant transactTime = Instant.parse("2024-03-01T14:30:01Z");
    private String text;

    private Exec(String execId, String orderId, ExecType execType, OrderStatus ordStatus) {
        this.execId = execId;
        this.orderId = orderId;
        this.execType = execType;
        this.ordStatus = ordStatus;
    }

    public static Exec of(String execId, String orderId, ExecType execType, OrderStatus ordStatus) {
        return new Exec(execId, orderId, execType, ordStatus);
    }

    public static Exec ack(String execId, String orderId) {
        return of(execId, orderId, ExecType.NEW, OrderStatus.NEW);
    }

    public static Exec fill(String execId, String orderId, OrderStatus status, String qty, String price) {
        Exec e = of(execId, orderId, ExecType.TRADE, status);
        e.lastQty = new BigDecimal(qty);
        e.lastPrice = new BigDecimal(price);
        return e;
    }

    public Exec venue(String v) { venue = v; return this; }
    public Exec venueOrderId(String v) { venueOrderId = v; return this; }
    public Exec cumQty(String v) { cumQty = new BigDecimal(v); return this; }
    public Exec leavesQty(String v) { leavesQty = new BigDecimal(v); return this; }
    public Exec avgPrice(String v) { avgPrice = new BigDecimal(v); return this; }
    public Exec text(String v) { text = v; return this; }
    public Exec at(Instant v) { transactTime = v; return this; }

    public Execution build() {
        return new Execution(execId, orderId, null, venue, venueOrderId, execType, ordStatus, lastQty, lastPrice,
                cumQty, leavesQty, avgPrice, quantity, limitPrice, transactTime, text, Liquidity.UNKNOWN);
    }
}
