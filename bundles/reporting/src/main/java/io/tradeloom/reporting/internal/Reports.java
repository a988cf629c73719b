package io.tradeloom.reporting.internal;

import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.report.TransactionReport;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Turns fills into transaction reports. */
public final class Reports {

    private Reports() {
    }

    /**
     * The report id of one execution: a name-based UUID of venue and ExecID, so that a replayed or duplicated
     * execution report from the venue yields the same id and is reported once.
     */
    public static String reportId(String venue, String execId) {
        return UUID.nameUUIDFromBytes(("tradeloom-report\u0000" + venue + "\u0000" + execId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The report of a fill event; null when the event is no fill. */
    public static TransactionReport fromFill(OrderEvent event) {
        if (!event.isFill()) {
            return null;
        }
        Execution e = event.execution();
        Order o = event.order();
        return new TransactionReport(reportId(e.venue(), e.execId()), o.id(),
                e.clientOrderId() != null ? e.clientOrderId() : o.clientOrderId(), e.execId(), e.venueOrderId(),
                e.venue(), o.account(), o.symbol(), o.side(), e.lastQty(), e.lastPrice(), e.transactTime(),
                e.liquidity());
    }
}
