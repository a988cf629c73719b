package io.tradeloom.domain.order;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * An order as the platform knows it: an immutable snapshot. Every change goes through {@link #apply(Execution)}
 * or {@link #transition}, which enforce {@link OrderStateMachine}.
 */
public record Order(String id, String clientOrderId, String account, String venue, String symbol, Side side,
                    OrderType type, TimeInForce timeInForce, BigDecimal quantity, BigDecimal limitPrice,
                    BigDecimal stopPrice, BigDecimal trailingOffset, String strategy, OrderStatus status,
                    BigDecimal filledQty, BigDecimal leavesQty, BigDecimal avgPrice, String venueOrderId,
                    String reason, Instant createdAt, Instant updatedAt) {

    private static final int PRICE_SCALE = 8;

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeInForce, "timeInForce");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(filledQty, "filledQty");
        Objects.requireNonNull(leavesQty, "leavesQty");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A freshly accepted order, PENDING_NEW until the venue answers. The request must already be valid. */
    public static Order accept(String id, String clientOrderId, OrderRequest r, Instant now) {
        return new Order(id, clientOrderId, r.account(), r.venue(), r.symbol(), r.side(), r.type(), r.timeInForce(),
                r.quantity(), r.limitPrice(), r.stopPrice(), r.trailingOffset(), r.strategy(),
                OrderStatus.PENDING_NEW, BigDecimal.ZERO, r.quantity(), null, null, null, now, now);
    }

    /** Moves to {@code to} with a reason, e.g. a local reject or a venue that went away. */
    public Order transition(OrderStatus to, String why, Instant now) {
        OrderStateMachine.check(id, status, to);
        // Same rule as apply(): nothing is left while done for the day, and leaves come back when it works again.
        BigDecimal leaves = to.terminal() || to == OrderStatus.DONE_FOR_DAY ? BigDecimal.ZERO
                : quantity.subtract(filledQty);
        return new Order(id, clientOrderId, account, venue, symbol, side, type, timeInForce, quantity, limitPrice,
                stopPrice, trailingOffset, strategy, to, filledQty, leaves, avgPrice, venueOrderId, why, createdAt,
                now);
    }

    /**
     * Applies a venue's execution report and returns the new snapshot.
     *
     * @throws IllegalTransitionException if the report's OrdStatus cannot follow the current one
     * @throws IllegalArgumentException   if the report would overfill the order or belongs to another order
     */
    public Order apply(Execution e) {
        if (!id.equals(e.orderId())) {
            throw new IllegalArgumentException("execution " + e.execId() + " is for order " + e.orderId()
                    + ", not " + id);
        }
        OrderStatus to = e.ordStatus();
        boolean informational = e.execType() == ExecType.ORDER_STATUS || e.execType() == ExecType.RESTATED;
        if (!(informational && to == status)) {
            OrderStateMachine.check(id, status, to);
        }
        BigDecimal qty = e.quantity() != null ? e.quantity() : quantity;
        BigDecimal px = e.execType() == ExecType.REPLACED ? e.limitPrice() : limitPrice;
        String clOrdId = e.clientOrderId() != null && e.execType() == ExecType.REPLACED
                ? e.clientOrderId() : clientOrderId;
        BigDecimal filled = filledQty;
        BigDecimal avg = avgPrice;
        switch (e.execType()) {
            case TRADE -> {
                if (e.lastQty().signum() <= 0 || e.lastPrice() == null || e.lastPrice().signum() <= 0) {
                    throw new IllegalArgumentException("execution " + e.execId() + ": a TRADE needs lastQty > 0 and"
                            + " lastPrice > 0 (was " + e.lastQty().toPlainString() + " @ " + e.lastPrice() + ")");
                }
                filled = filledQty.add(e.lastQty());
                if (filled.compareTo(qty) > 0) {
                    throw new IllegalArgumentException("execution " + e.execId() + ": fill of "
                            + e.lastQty().toPlainString() + " overfills order " + id + " (filled "
                            + filledQty.toPlainString() + " of " + qty.toPlainString() + ")");
                }
                BigDecimal notional = (avgPrice == null ? BigDecimal.ZERO : avgPrice.multiply(filledQty))
                        .add(e.lastPrice().multiply(e.lastQty()));
                avg = notional.divide(filled, PRICE_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
            }
            case TRADE_CORRECT, TRADE_CANCEL, RESTATED, ORDER_STATUS -> {
                // Corrections and status answers carry the venue's totals; they are the truth after a bust.
                if (e.cumQty() != null) {
                    filled = e.cumQty();
                }
                if (e.avgPrice() != null && filled.signum() > 0) {
                    avg = e.avgPrice().round(MathContext.DECIMAL64).stripTrailingZeros();
                } else if (filled.signum() == 0) {
                    avg = null;
                }
            }
            default -> {
                // NEW, REPLACED, CANCELED, ... change status (and terms) but not the filled quantity.
            }
        }
        BigDecimal leaves = to.terminal() || to == OrderStatus.DONE_FOR_DAY ? BigDecimal.ZERO : qty.subtract(filled);
        String venueId = e.venueOrderId() != null ? e.venueOrderId() : venueOrderId;
        String why = e.text() != null ? e.text() : (to == status ? reason : null);
        return new Order(id, clOrdId, account, venue, symbol, side, type, timeInForce, qty, px, stopPrice,
                trailingOffset, strategy, to, filled, leaves, avg, venueId, why, createdAt, e.transactTime());
    }
}
