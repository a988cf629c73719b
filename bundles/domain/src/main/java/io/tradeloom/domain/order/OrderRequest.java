package io.tradeloom.domain.order;

import java.math.BigDecimal;

/**
 * What a client asks for, before validation. Any field may be missing or wrong: {@code OrderValidator} says which.
 *
 * @param clientOrderId  the client's idempotency key; null lets the platform assign one
 * @param trailingOffset price distance for TRAILING_STOP orders
 * @param strategy       free-form tag used for halts and reporting; may be null
 */
public record OrderRequest(String clientOrderId, String account, String venue, String symbol, Side side,
                           OrderType type, TimeInForce timeInForce, BigDecimal quantity, BigDecimal limitPrice,
                           BigDecimal stopPrice, BigDecimal trailingOffset, String strategy) {

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction for callers that set a few fields (shell, tests). */
    public static final class Builder {
        private String clientOrderId;
        private String account = "default";
        private String venue;
        private String symbol;
        private Side side;
        private OrderType type = OrderType.MARKET;
        private TimeInForce timeInForce = TimeInForce.DAY;
        private BigDecimal quantity;
        private BigDecimal limitPrice;
        private BigDecimal stopPrice;
        private BigDecimal trailingOffset;
        private String strategy;

        public Builder clientOrderId(String v) { this.clientOrderId = v; return this; }
        public Builder account(String v) { this.account = v; return this; }
        public Builder venue(String v) { this.venue = v; return this; }
        public Builder symbol(String v) { this.symbol = v; return this; }
        public Builder side(Side v) { this.side = v; return this; }
        public Builder type(OrderType v) { this.type = v; return this; }
        public Builder timeInForce(TimeInForce v) { this.timeInForce = v; return this; }
        public Builder quantity(BigDecimal v) { this.quantity = v; return this; }
        public Builder quantity(String v) { this.quantity = v == null ? null : new BigDecimal(v); return this; }
        public Builder limitPrice(BigDecimal v) { this.limitPrice = v; return this; }
        public Builder limitPrice(String v) { this.limitPrice = v == null ? null : new BigDecimal(v); return this; }
        public Builder stopPrice(BigDecimal v) { this.stopPrice = v; return this; }
        public Builder stopPrice(String v) { this.stopPrice = v == null ? null : new BigDecimal(v); return this; }
        public Builder trailingOffset(BigDecimal v) { this.trailingOffset = v; return this; }
        public Builder strategy(String v) { this.strategy = v; return this; }

        public OrderRequest build() {
            return new OrderRequest(clientOrderId, account, venue, symbol, side, type, timeInForce, quantity,
                    limitPrice, stopPrice, trailingOffset, strategy);
        }
    }
}
