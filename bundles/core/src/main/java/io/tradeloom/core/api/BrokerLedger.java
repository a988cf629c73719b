package io.tradeloom.core.api;

import java.time.Instant;

/**
 * A broker's own account of what it did, for reconciliation against our order state. Register one per broker
 * venue as an OSGi service (service property {@code tradeloom.venue} = the venue id); reconciliation finds them
 * dynamically.
 */
public interface BrokerLedger {

    String venueId();

    /**
     * The broker's orders and fills of the period: fills whose transact time is in {@code [from, to)}, and the
     * orders those fills belong to or that the broker accepted or changed in the period. May block while the
     * broker is asked (e.g. FIX OrderStatusRequests), at most about {@code timeoutMillis}.
     *
     * @throws IllegalStateException when the broker cannot be asked now (e.g. a FIX session logged out); the
     *                               message says why
     */
    BrokerStatement statement(Instant from, Instant to, long timeoutMillis);

    /**
     * True when the broker lives in this container and knows only the orders this member routed to it (the paper
     * venue: each cluster member runs its own). Reconciliation then compares it with this member's orders only,
     * and every member reconciles its own on the schedule.
     */
    default boolean memberLocal() {
        return false;
    }
}
