package io.tradeloom.broker.paper.ledger;

import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper broker's own book of what it did: every order it was sent and every execution it produced, whether or
 * not the platform received it. Kept apart from the matching engine: the broker feeds it from its route and its
 * delivery path. Bounded: the newest {@link #MAX_ORDERS} orders and {@link #MAX_EXECUTIONS} executions.
 */
public final class PaperLedger implements BrokerLedger {

    static final int MAX_ORDERS = 100_000;
    static final int MAX_EXECUTIONS = 200_000;

    private final String venueId;
    private final Map<String, BrokerOrder> orders = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BrokerOrder> eldest) {
            return size() > MAX_ORDERS;
        }
    };
    private final Deque<Execution> executions = new ArrayDeque<>();

    public PaperLedger(String venueId) {
        this.venueId = venueId;
    }

    @Override
    public String venueId() {
        return venueId;
    }

    /** An order command the broker took; remembers the order's terms before any execution. */
    public synchronized void command(OrderCommand command) {
        if (command instanceof OrderCommand.Submit s) {
            Order o = s.order();
            orders.putIfAbsent(o.id(), new BrokerOrder(o.id(), null, o.symbol(), o.side(), o.quantity(), o.status(),
                    o.filledQty(), o.avgPrice(), o.updatedAt()));
        }
    }

    /** An execution the broker produced, recorded before it is delivered (so a lost delivery stays visible). */
    public synchronized void execution(Execution e) {
        executions.addLast(e);
        if (executions.size() > MAX_EXECUTIONS) {
            executions.removeFirst();
        }
        BrokerOrder before = orders.get(e.orderId());
        orders.remove(e.orderId());
        orders.put(e.orderId(), new BrokerOrder(e.orderId(), e.venueOrderId(),
                before == null ? null : before.symbol(), before == null ? null : before.side(),
                e.quantity() != null ? e.quantity() : before == null ? null : before.quantity(), e.ordStatus(),
                e.cumQty(), e.avgPrice() != null && e.avgPrice().signum() == 0 && e.cumQty() != null
                && e.cumQty().signum() == 0 ? null : e.avgPrice(), e.transactTime()));
    }

    @Override
    public synchronized BrokerStatement statement(Instant from, Instant to, long timeoutMillis) {
        List<Execution> fills = new ArrayList<>();
        java.util.Set<String> touched = new java.util.HashSet<>();
        for (Execution e : executions) {
            boolean in = !e.transactTime().isBefore(from) && e.transactTime().isBefore(to);
            if (in) {
                touched.add(e.orderId());
                if (e.isFill()) {
                    fills.add(e);
                }
            }
        }
        List<BrokerOrder> result = new ArrayList<>();
        for (BrokerOrder o : orders.values()) {
            boolean in = touched.contains(o.orderId()) || o.updatedAt() != null
                    && !o.updatedAt().isBefore(from) && o.updatedAt().isBefore(to);
            if (in) {
                result.add(o);
            }
        }
        return new BrokerStatement(venueId, from, to, result, fills, true, List.of());
    }
}
