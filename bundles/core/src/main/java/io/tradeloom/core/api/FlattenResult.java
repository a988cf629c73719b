package io.tradeloom.core.api;

import io.tradeloom.domain.order.Order;

import java.util.List;

/**
 * What {@link FlattenService#flatten} did.
 *
 * @param orders   the closing orders accepted, one per non-zero position in scope
 * @param failures one line per position whose closing order was refused: {@code <account> <symbol>: <reason>}
 */
public record FlattenResult(List<Order> orders, List<String> failures) {

    public FlattenResult {
        orders = List.copyOf(orders);
        failures = List.copyOf(failures);
    }
}
