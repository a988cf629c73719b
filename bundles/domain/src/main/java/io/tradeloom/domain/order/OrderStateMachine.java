package io.tradeloom.domain.order;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal order-status transitions, after the FIX 4.4 order state change matrices (Volume 4, Appendix D).
 * A self-transition is legal only where the venue can repeat the state with new content: another partial
 * fill, a restatement, a suspended order that stays suspended.
 */
public final class OrderStateMachine {

    private static final Map<OrderStatus, Set<OrderStatus>> LEGAL = new EnumMap<>(OrderStatus.class);

    static {
        // Venues may fill before (or instead of) acknowledging; FIX allows Pending New -> Partially Filled/Filled.
        allow(OrderStatus.PENDING_NEW, OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED,
                OrderStatus.REJECTED, OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.PENDING_CANCEL,
                OrderStatus.SUSPENDED);
        allow(OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED, OrderStatus.CANCELED,
                OrderStatus.EXPIRED, OrderStatus.DONE_FOR_DAY, OrderStatus.PENDING_CANCEL,
                OrderStatus.PENDING_REPLACE, OrderStatus.SUSPENDED, OrderStatus.NEW);
        allow(OrderStatus.PARTIALLY_FILLED, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED,
                OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.DONE_FOR_DAY, OrderStatus.PENDING_CANCEL,
                OrderStatus.PENDING_REPLACE, OrderStatus.SUSPENDED);
        // A cancel can be rejected (back to NEW/PARTIALLY_FILLED) and fills can race it.
        allow(OrderStatus.PENDING_CANCEL, OrderStatus.CANCELED, OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED,
                OrderStatus.FILLED, OrderStatus.EXPIRED, OrderStatus.SUSPENDED, OrderStatus.DONE_FOR_DAY);
        allow(OrderStatus.PENDING_REPLACE, OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED, OrderStatus.FILLED,
                OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.PENDING_CANCEL, OrderStatus.SUSPENDED,
                OrderStatus.DONE_FOR_DAY);
        allow(OrderStatus.DONE_FOR_DAY, OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED, OrderStatus.CANCELED,
                OrderStatus.EXPIRED);
        allow(OrderStatus.SUSPENDED, OrderStatus.SUSPENDED, OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED,
                OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.EXPIRED, OrderStatus.REJECTED,
                OrderStatus.PENDING_CANCEL);
        for (OrderStatus s : OrderStatus.values()) {
            LEGAL.putIfAbsent(s, Collections.emptySet());
        }
    }

    private OrderStateMachine() {
    }

    private static void allow(OrderStatus from, OrderStatus... to) {
        LEGAL.put(from, Collections.unmodifiableSet(EnumSet.of(to[0], to)));
    }

    public static boolean isLegal(OrderStatus from, OrderStatus to) {
        return LEGAL.get(from).contains(to);
    }

    public static Set<OrderStatus> next(OrderStatus from) {
        return LEGAL.get(from);
    }

    /**
     * @throws IllegalTransitionException naming the order and both states
     */
    public static void check(String orderId, OrderStatus from, OrderStatus to) {
        if (!isLegal(from, to)) {
            throw new IllegalTransitionException(orderId, from, to);
        }
    }
}
