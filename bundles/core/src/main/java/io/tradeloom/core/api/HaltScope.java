package io.tradeloom.core.api;

import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;

import java.util.Locale;
import java.util.Objects;

/**
 * What an emergency halt covers: everything, or one venue, symbol, account or strategy.
 * Renders as {@code all} or {@code <type> <value>}, e.g. {@code venue paper}.
 */
public record HaltScope(Type type, String value) {

    /** The kinds of scope; {@link #ALL} has no value. */
    public enum Type {
        ALL, VENUE, SYMBOL, ACCOUNT, STRATEGY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code venue}, {@code VENUE}, ... ; {@code global} is a synonym of {@code all}. */
        public static Type parse(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("scope type missing: one of all, venue, symbol, account, strategy");
            }
            String t = text.trim().toUpperCase(Locale.ROOT);
            if (t.equals("GLOBAL")) {
                return ALL;
            }
            try {
                return valueOf(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scope type " + text
                        + ": must be one of all, venue, symbol, account, strategy");
            }
        }
    }

    public HaltScope {
        Objects.requireNonNull(type, "type");
        if (type == Type.ALL) {
            value = null;
        } else {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a " + type.label() + " halt needs a " + type.label());
            }
            value = value.trim();
            if (type == Type.SYMBOL) {
                value = value.toUpperCase(Locale.ROOT);
            }
        }
    }

    public static HaltScope all() {
        return new HaltScope(Type.ALL, null);
    }

    public static HaltScope venue(String venue) {
        return new HaltScope(Type.VENUE, venue);
    }

    public static HaltScope symbol(String symbol) {
        return new HaltScope(Type.SYMBOL, symbol);
    }

    public static HaltScope account(String account) {
        return new HaltScope(Type.ACCOUNT, account);
    }

    public static HaltScope strategy(String strategy) {
        return new HaltScope(Type.STRATEGY, strategy);
    }

    /** From a type and a value as operators type them (shell, JMX); a blank type or {@code all} is global. */
    public static HaltScope of(String type, String value) {
        if ((type == null || type.isBlank()) && (value == null || value.isBlank())) {
            return all();
        }
        return new HaltScope(Type.parse(type), value);
    }

    public boolean covers(OrderRequest r) {
        return covers(r.venue(), r.symbol(), r.account(), r.strategy());
    }

    public boolean covers(Order o) {
        return covers(o.venue(), o.symbol(), o.account(), o.strategy());
    }

    public boolean covers(String venue, String symbol, String account, String strategy) {
        return switch (type) {
            case ALL -> true;
            case VENUE -> value.equals(venue);
            case SYMBOL -> symbol != null && value.equalsIgnoreCase(symbol);
            case ACCOUNT -> value.equals(account);
            case STRATEGY -> value.equals(strategy);
        };
    }

    @Override
    public String toString() {
        return type == Type.ALL ? "all" : type.label() + " " + value;
    }
}
