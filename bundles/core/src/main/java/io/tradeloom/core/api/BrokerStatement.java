package io.tradeloom.core.api;

import io.tradeloom.domain.order.Execution;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a broker reports for a period: its view of our orders and the fills it made.
 *
 * @param complete false when the broker did not answer for every order it was asked about in time;
 *                 {@code notes} then says which
 */
public record BrokerStatement(String venue, Instant from, Instant to, List<BrokerOrder> orders,
                              List<Execution> fills, boolean complete, List<String> notes) {

    public BrokerStatement {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        orders = List.copyOf(orders);
        fills = List.copyOf(fills);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
