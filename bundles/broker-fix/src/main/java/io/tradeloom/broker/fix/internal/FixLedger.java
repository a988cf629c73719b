package io.tradeloom.broker.fix.internal;

import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The FIX venue's side for reconciliation: every ExecutionReport the session received (as translated, one per
 * ExecID), and, per statement, the broker's current view of our orders of the period, asked with one
 * OrderStatusRequest each and answered by ExecutionReports with ExecType ORDER_STATUS. An order the broker answers
 * as unknown (OrdStatus REJECTED, OrderID NONE) is left out of the statement, so it shows as missing at the broker.
 */
final class FixLedger implements BrokerLedger {

    static final int MAX_KEPT = 200_000;

    private final String venueId;
    private final OrderService orders;
    private final Predicate<Order> statusRequest;
    private final BooleanSupplier loggedOn;
    private final Deque<Execution> received = new ArrayDeque<>();
    private final Set<String> execIds = new HashSet<>();
    private final Map<String, CompletableFuture<Execution>> awaitingStatus = new ConcurrentHashMap<>();

    /**
     * @param statusRequest sends an OrderStatusRequest for the order; false when it could not be sent
     * @param loggedOn      whether the session can be asked now
     */
    FixLedger(String venueId, OrderService orders, Predicate<Order> statusRequest, BooleanSupplier loggedOn) {
        this.venueId = venueId;
        this.orders = orders;
        this.statusRequest = statusRequest;
        this.loggedOn = loggedOn;
    }

    @Override
    public String venueId() {
        return venueId;
    }

    /**
     * Every ExecutionReport of the session, translated; a repeated ExecID (a resend) is kept once.
     *
     * @return true when it answers a status request of a statement: reconciliation only looks, so the caller does
     *         not apply it to our order state (that would hide the very difference it is asked to find)
     */
    boolean record(Execution e) {
        if (e.execType() == ExecType.ORDER_STATUS) {
            CompletableFuture<Execution> f = awaitingStatus.get(e.orderId());
            return f != null && f.complete(e);
        }
        synchronized (received) {
            if (!execIds.add(e.execId())) {
                return false;
            }
            received.addLast(e);
            if (received.size() > MAX_KEPT) {
                execIds.remove(received.removeFirst().execId());
            }
        }
        return false;
    }

    @Override
    public BrokerStatement statement(Instant from, Instant to, long timeoutMillis) {
        if (!loggedOn.getAsBoolean()) {
            throw new IllegalStateException("FIX venue " + venueId + " is not logged on; its orders cannot be asked"
                    + " about");
        }
        List<Execution> fills = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        synchronized (received) {
            for (Execution e : received) {
                if (!e.transactTime().isBefore(from) && e.transactTime().isBefore(to)) {
                    touched.add(e.orderId());
                    if (e.isFill()) {
                        fills.add(e);
                    }
                }
            }
        }
        Map<String, Order> asked = new LinkedHashMap<>();
        for (Order o : orders.orders(false)) {
            if (!o.venue().equals(venueId)) {
                continue;
            }
            boolean concerned = touched.contains(o.id()) || in(o.createdAt(), from, to) || in(o.updatedAt(), from, to);
            boolean sent = !(o.status() == OrderStatus.REJECTED && o.venueOrderId() == null);
            if (concerned && sent) {
                asked.put(o.id(), o);
            }
        }
        List<String> notes = new ArrayList<>();
        List<BrokerOrder> result = new ArrayList<>();
        Map<String, CompletableFuture<Execution>> answers = new LinkedHashMap<>();
        try {
            for (Order o : asked.values()) {
                CompletableFuture<Execution> f = new CompletableFuture<>();
                awaitingStatus.put(o.id(), f);
                answers.put(o.id(), f);
                if (!statusRequest.test(o)) {
                    notes.add("status request for order " + o.id() + " not sent");
                    f.cancel(false);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (Map.Entry<String, CompletableFuture<Execution>> a : answers.entrySet()) {
                if (a.getValue().isCancelled()) {
                    continue;
                }
                Execution s;
                try {
                    s = a.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    notes.add("no status answer for order " + a.getKey() + " within " + timeoutMillis + " ms");
                    continue;
                }
                if (s.ordStatus() == OrderStatus.REJECTED && (s.venueOrderId() == null
                        || "NONE".equals(s.venueOrderId()))) {
                    continue;
                }
                Order o = asked.get(a.getKey());
                result.add(new BrokerOrder(o.id(), s.venueOrderId(), o.symbol(), o.side(),
                        s.quantity() != null ? s.quantity() : null, s.ordStatus(), s.cumQty(),
                        s.avgPrice() != null && s.cumQty() != null && s.cumQty().signum() == 0 ? null : s.avgPrice(),
                        s.transactTime()));
            }
        } finally {
            answers.forEach(awaitingStatus::remove);
        }
        return new BrokerStatement(venueId, from, to, result, fills, notes.isEmpty(), notes);
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }
}
