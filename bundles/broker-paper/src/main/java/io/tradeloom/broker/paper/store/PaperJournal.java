package io.tradeloom.broker.paper.store;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderStatus;

/**
 * Where the engine and the ledger report each change of their state, in the order they made it, so that a store
 * can keep a copy. Called on the hot path under their locks: implementations only queue, never block or write.
 * The sequence numbers keep the in-memory order (arrival order of working orders, insertion order of the bounded
 * ledger maps) across a reload.
 */
public interface PaperJournal {

    /** Keeps nothing: the venue lives in memory only. */
    PaperJournal NONE = new PaperJournal() {
    };

    /** A working order was added or changed (fill, replace, stop triggered, trailing reference moved). */
    default void working(WorkingOrder order) {
    }

    /** An order stopped working with a final status, remembered under {@code seq} for late status queries. */
    default void finished(long seq, String orderId, OrderStatus status) {
    }

    /** The engine forgot a finished order (its memory is bounded). */
    default void finishedEvicted(String orderId) {
    }

    /** The ledger's copy of an order was added or updated; {@code seq} is its new place (newest last). */
    default void ledgerOrder(long seq, BrokerOrder order) {
    }

    /** The ledger dropped its oldest order. */
    default void ledgerOrderEvicted(String orderId) {
    }

    /** The ledger recorded an execution under {@code seq}. */
    default void execution(long seq, Execution execution) {
    }

    /** The ledger dropped its oldest execution. */
    default void executionEvicted(long seq) {
    }
}
