package io.tradeloom.simulators.fix.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import io.tradeloom.simulators.fix.SimulatedOrder;

/** One order of the simulator's book; confined to the {@link OrderEngine}'s lock. */
final class SimOrder {

    static final char PENDING_NEW = 'A';
    static final char NEW = '0';
    static final char PARTIALLY_FILLED = '1';
    static final char FILLED = '2';
    static final char CANCELED = '4';
    static final char REJECTED = '8';
    static final char EXPIRED = 'C';

    final String orderId;
    /** The ClOrdID the order is known by now (the latest accepted NewOrderSingle, replace or cancel). */
    String clOrdId;
    /** The ClOrdID before the latest replace or cancel; null for an original order. */
    String origClOrdId;
    /** Every ClOrdID this order has been known by, oldest first. */
    final List<String> chain = new ArrayList<>();
    String symbol;
    char side;
    BigDecimal qty;
    char ordType;
    BigDecimal price;
    BigDecimal stopPx;
    /** 0 when the order carried no TimeInForce (DAY). */
    char tif;
    String account;
    BigDecimal cumQty = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;
    char status;
    int fills;
    String text;

    /** The pending ack or fill, if any. */
    transient ScheduledFuture<?> pending;

    SimOrder(String orderId) {
        this.orderId = orderId;
    }

    boolean working() {
        return status == PENDING_NEW || status == NEW || status == PARTIALLY_FILLED;
    }

    BigDecimal leaves() {
        return working() ? qty.subtract(cumQty).max(BigDecimal.ZERO) : BigDecimal.ZERO;
    }

    BigDecimal avgPx() {
        if (cumQty.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return notional.divide(cumQty, MathContext.DECIMAL64).stripTrailingZeros();
    }

    boolean immediate() {
        return tif == '3' || tif == '4';
    }

    void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    SimulatedOrder snapshot() {
        return new SimulatedOrder(orderId, clOrdId, origClOrdId, symbol, side, qty, ordType, price, stopPx,
                tif == 0 ? '0' : tif, status, cumQty, leaves(), avgPx(), fills, text, chain);
    }
}
