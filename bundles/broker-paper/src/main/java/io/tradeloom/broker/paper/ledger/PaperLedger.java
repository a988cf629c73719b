package io.tradeloom.broker.paper.ledger;

import io.tradeloom.broker.paper.store.PaperJournal;
import io.tradeloom.broker.paper.store.PaperState;
import io.tradeloom.broker.paper.store.PaperState.Recorded;
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
 * Every change goes to a {@link PaperJournal} (the venue's store file when persistence is on), so statements for
 * periods before a restart still list what the venue did then.
 */
public final class PaperLedger implements BrokerLedger {

    static final int MAX_ORDERS = 100_000;
    static final int MAX_EXECUTIONS = 200_000;

    private final String venueId;
    private final PaperJournal journal;
    private final Map<String, BrokerOrder> orders = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BrokerOrder> eldest) {
            if (size() > MAX_ORDERS) {
                journal.ledgerOrderEvicted(eldest.getKey());
                return true;
            }
            return false;
        }
    };
    private final Deque<Recorded> executions = new ArrayDeque<>();
    /** Journal sequence of the next change; guarded by this. */
    private long seq;

    public PaperLedger(String venueId) {
        this(venueId, PaperJournal.NONE, PaperState.EMPTY);
    }

    /** A ledger that reports its changes to {@code journal} and starts with what {@code restored} holds. */
    public PaperLedger(String venueId, PaperJournal journal, PaperState restored) {
        this.venueId = venueId;
        this.journal = java.util.Objects.requireNonNull(journal, "journal");
        this.seq = restored.nextSeq();
        for (BrokerOrder o : restored.ledgerOrders()) {
            orders.put(o.orderId(), o);
        }
        executions.addAll(restored.executions());
        // The store keeps executions in blocks and may give back a few more than this ledger keeps.
        while (executions.size() > MAX_EXECUTIONS) {
            journal.executionEvicted(executions.removeFirst().seq());
        }
    }


    @Override
    public String venueId() {
        return venueId;
    }

    /** Each container (cluster member) runs its own paper venue: it knows only the orders its member routed. */
    @Override
    public boolean memberLocal() {
        return true;
    }

    /** An order command the broker took; remembers the order's terms before any execution. */
    public synchronized void command(OrderCommand command) {
        if (command instanceof OrderCommand.Submit s) {
            Order o = s.order();
            if (!orders.containsKey(o.id())) {
                BrokerOrder bo = new BrokerOrder(o.id(), null, o.symbol(), o.side(), o.quantity(), o.status(),
                        o.filledQty(), o.avgPrice(), o.updatedAt());
                orders.put(o.id(), bo);
                journal.ledgerOrder(seq++, bo);
            }
        }
    }

    /** An execution the broker produced, recorded before it is delivered (so a lost delivery stays visible). */
    public synchronized void execution(Execution e) {
        long s = seq++;
        executions.addLast(new Recorded(s, e));
        journal.execution(s, e);
        if (executions.size() > MAX_EXECUTIONS) {
            journal.executionEvicted(executions.removeFirst().seq());
        }
        BrokerOrder before = orders.get(e.orderId());
        orders.remove(e.orderId());
        BrokerOrder after = new BrokerOrder(e.orderId(), e.venueOrderId(),
                before == null ? null : before.symbol(), before == null ? null : before.side(),
                e.quantity() != null ? e.quantity() : before == null ? null : before.quantity(), e.ordStatus(),
                e.cumQty(), e.avgPrice() != null && e.avgPrice().signum() == 0 && e.cumQty() != null
                && e.cumQty().signum() == 0 ? null : e.avgPrice(), e.transactTime());
        orders.put(e.orderId(), after);
        journal.ledgerOrder(seq++, after);
    }

    @Override
    public synchronized BrokerStatement statement(Instant from, Instant to, long timeoutMillis) {
        List<Execution> fills = new ArrayList<>();
        java.util.Set<String> touched = new java.util.HashSet<>();
        for (Recorded r : executions) {
            Execution e = r.execution();
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
