package io.tradeloom.core.api;

import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;

import java.util.List;
import java.util.Optional;

/**
 * Emergency halts ({@code tradeloom:halt}, {@code tradeloom:resume}, JMX {@code io.tradeloom:type=halts}). While a
 * halt is active the order gateway rejects every new order in its scope before pre-trade risk; halts survive a
 * restart. Orders tagged with strategy {@value #FLATTEN_STRATEGY} ({@code tradeloom:flatten}) are let through when
 * they reduce the position, so that risk can be closed during a halt.
 */
public interface HaltService {

    /** The strategy tag of {@code tradeloom:flatten}'s orders, exempt from halts when they reduce a position. */
    String FLATTEN_STRATEGY = "flatten";

    /**
     * Halts the scope at once; with {@code cancel} the working orders in scope are canceled through the normal
     * cancel path (failures are reported in the result and logged, never thrown). Halting a halted scope keeps the
     * first halt and still cancels when asked.
     */
    HaltResult halt(HaltScope scope, String reason, boolean cancel, String by);

    default HaltResult halt(HaltScope scope, String reason, boolean cancel) {
        return halt(scope, reason, cancel, null);
    }

    /** Whether a halt cancels working orders when the operator does not say ({@code cancel.on.halt}). */
    boolean cancelByDefault();

    /** Lifts exactly this scope's halt; empty when it was not halted. */
    Optional<Halt> resume(HaltScope scope);

    /** Active halts, oldest first. */
    List<Halt> active();

    /** The first active halt covering the request, exemptions not applied. */
    Optional<Halt> haltOf(OrderRequest request);

    /** The venue-scope or global halt that holds this venue, if any (the venue shows HALTED then). */
    Optional<Halt> venueHalt(String venueId);

    /**
     * Rejects a request a halt covers.
     *
     * @throws ValidationException {@code order rejected: halt=<scope>: halted by operator: <reason>}
     */
    default void check(OrderRequest request) {
        Optional<Halt> h = haltOf(request);
        if (h.isPresent()) {
            throw rejection(h.get());
        }
    }

    static ValidationException rejection(Halt h) {
        return new ValidationException("order rejected", Violation.of("halt", h.scope().toString(),
                h.rejectReason()));
    }

    /** No halts ever: for code that builds the gateway outside OSGi. */
    static HaltService none() {
        return NoHalts.INSTANCE;
    }
}
