package io.tradeloom.broker.paper.store;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderStatus;

import java.util.List;

/**
 * What a store file held when it was opened, each list oldest first; empty for a new venue.
 *
 * @param working       resting orders in time priority
 * @param finished      final statuses of finished orders (the ledger's orders with a terminal status)
 * @param ledgerOrders  the ledger's orders, least recently changed first
 * @param executions    the ledger's executions in the order they were produced, with their sequence numbers
 * @param nextSeq       the first sequence number free for new entries
 */
public record PaperState(List<WorkingOrder> working, List<Finished> finished, List<BrokerOrder> ledgerOrders,
                         List<Recorded> executions, long nextSeq) {

    public static final PaperState EMPTY = new PaperState(List.of(), List.of(), List.of(), List.of(), 1);

    public PaperState {
        working = List.copyOf(working);
        finished = List.copyOf(finished);
        ledgerOrders = List.copyOf(ledgerOrders);
        executions = List.copyOf(executions);
    }

    public record Finished(String orderId, OrderStatus status) {
    }

    /** An execution as the ledger keeps it: with the sequence number it is stored under. */
    public record Recorded(long seq, Execution execution) {
    }
}
