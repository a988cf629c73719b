package io.tradeloom.domain.report;

import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Side;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The report of one fill, as sent to downstream destinations. {@code reportId} is stable across resends.
 */
public record TransactionReport(String reportId, String orderId, String clientOrderId, String execId,
                                String venueOrderId, String venue, String account, String symbol, Side side,
                                BigDecimal quantity, BigDecimal price, Instant executionTime, Liquidity liquidity) {

    public TransactionReport {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(execId, "execId");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(executionTime, "executionTime");
    }
}
