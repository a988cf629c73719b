package io.tradeloom.reconciliation.internal;

import io.tradeloom.domain.order.Side;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One fill the order gateway applied, as reconciliation keeps it.
 *
 * @param transactTime the venue's time of the fill, as the execution carried it
 * @param receivedAt   when the gateway applied it
 * @param adopted      applied by a reconciliation run from the broker's ledger, not received from the broker
 */
public record LocalFill(String venue, String orderId, String execId, String symbol, Side side, BigDecimal qty,
                        BigDecimal price, Instant transactTime, Instant receivedAt, boolean adopted) {
}
