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
