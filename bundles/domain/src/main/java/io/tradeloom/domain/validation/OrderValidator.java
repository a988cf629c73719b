package io.tradeloom.domain.validation;

import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every order must pass whatever the entry point (shell, REST, Kafka) and whatever the venue.
 * Venue-specific checks (supported types, known symbols) and risk limits come after this.
 */
public final class OrderValidator {

    private OrderValidator() {
    }

    public static List<Violation> validate(OrderRequest r) {
        List<Violation> v = new ArrayList<>();
        if (r == null) {
            v.add(Violation.of("order", null, "is required"));
            return v;
        }
        if (blank(r.venue())) {
            v.add(Violation.of("venue", r.venue(), "is required"));
        }
        if (blank(r.symbol())) {
            v.add(Violation.of("symbol", r.symbol(), "is required"));
        }
        if (blank(r.account())) {
            v.add(Violation.of("account", r.account(), "is required"));
        }
        if (r.clientOrderId() != null && (r.clientOrderId().isBlank() || r.clientOrderId().length() > 64)) {
            v.add(Violation.of("clientOrderId", r.clientOrderId(), "must be 1 to 64 characters"));
        }
        if (r.side() == null) {
            v.add(Violation.of("side", null, "is required (buy, sell or sell_short)"));
        }
        if (r.type() == null) {
            v.add(Violation.of("type", null, "is required"));
        }
        if (r.timeInForce() == null) {
            v.add(Violation.of("tif", null, "is required"));
        }
        if (r.quantity() == null) {
            v.add(Violation.of("qty", null, "is required"));
        } else if (r.quantity().signum() <= 0) {
            v.add(Violation.of("qty", r.quantity(), "must be greater than 0"));
        }
        if (r.type() != null) {
            checkPrices(r, v);
        }
        if (r.timeInForce() != null && r.type() != null
                && (r.timeInForce() == TimeInForce.OPG || r.timeInForce() == TimeInForce.CLS)
                && r.type() != OrderType.MARKET && r.type() != OrderType.LIMIT) {
            v.add(Violation.of("tif", r.timeInForce(), "only MARKET and LIMIT orders can be " + r.timeInForce()));
        }
        return v;
    }

    private static void checkPrices(OrderRequest r, List<Violation> v) {
        OrderType t = r.type();
        if (t.needsLimitPrice()) {
            positive("price", r.limitPrice(), "required for " + t + " orders", v);
        } else if (r.limitPrice() != null) {
            v.add(Violation.of("price", r.limitPrice(), "not allowed for " + t + " orders"));
        }
        if (t.needsStopPrice()) {
            positive("stopPrice", r.stopPrice(), "required for " + t + " orders", v);
        } else if (r.stopPrice() != null) {
            v.add(Violation.of("stopPrice", r.stopPrice(), "not allowed for " + t + " orders"));
        }
        if (t == OrderType.TRAILING_STOP) {
            positive("trailingOffset", r.trailingOffset(), "required for TRAILING_STOP orders", v);
        } else if (r.trailingOffset() != null) {
            v.add(Violation.of("trailingOffset", r.trailingOffset(), "only allowed for TRAILING_STOP orders"));
        }
    }

    private static void positive(String field, BigDecimal value, String missing, List<Violation> v) {
        if (value == null) {
            v.add(Violation.of(field, null, missing));
        } else if (value.signum() <= 0) {
            v.add(Violation.of(field, value, "must be greater than 0"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** @throws ValidationException naming every broken field */
    public static void requireValid(OrderRequest r) {
        List<Violation> v = validate(r);
        if (!v.isEmpty()) {
            throw new ValidationException("invalid order", v);
        }
    }
}
