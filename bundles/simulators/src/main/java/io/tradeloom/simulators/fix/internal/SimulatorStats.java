package io.tradeloom.simulators.fix.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one simulator; they live as long as the simulator object (across stop and start). */
public final class SimulatorStats {
    final AtomicLong newOrders = new AtomicLong();
    final AtomicLong duplicateNewOrders = new AtomicLong();
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong messagesOut = new AtomicLong();
    final AtomicLong sessionRejectsReceived = new AtomicLong();
    final AtomicLong logons = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicInteger> fills = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> newOrderSingles = new ConcurrentHashMap<>();
    final AtomicLong possDupNewOrders = new AtomicLong();
    private final AtomicInteger toIgnore = new AtomicInteger();

    /** Every NewOrderSingle received, per ClOrdID, resends included. */
    void newOrderSingle(String clOrdId, boolean possDup) {
        newOrderSingles.computeIfAbsent(clOrdId, k -> new AtomicInteger()).incrementAndGet();
        if (possDup) {
            possDupNewOrders.incrementAndGet();
        }
    }

    /** Fault injection: the next {@code n} NewOrderSingles are ignored. */
    public void ignoreNextNewOrders(int n) {
        toIgnore.set(n);
    }

    /** Whether this NewOrderSingle is to be ignored (and counts it off). */
    boolean takeIgnore() {
        return toIgnore.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public int newOrderSingles(String clOrdId) {
        AtomicInteger n = newOrderSingles.get(clOrdId);
        return n == null ? 0 : n.get();
    }

    public long possDupNewOrders() {
        return possDupNewOrders.get();
    }

    void fill(String orderId) {
        fills.computeIfAbsent(orderId, k -> new AtomicInteger()).incrementAndGet();
    }

    public long newOrders() {
        return newOrders.get();
    }

    public long duplicateNewOrders() {
        return duplicateNewOrders.get();
    }

    public long messagesIn() {
        return messagesIn.get();
    }

    public long messagesOut() {
        return messagesOut.get();
    }

    public long sessionRejectsReceived() {
        return sessionRejectsReceived.get();
    }

    public long logons() {
        return logons.get();
    }

    public int fills(String orderId) {
        AtomicInteger n = fills.get(orderId);
        return n == null ? 0 : n.get();
    }

    public Map<String, Integer> fillsByOrderId() {
        Map<String, Integer> m = new TreeMap<>();
        fills.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
