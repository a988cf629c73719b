package io.tradeloom.reconciliation.api;

import java.util.Objects;

/**
 * One difference found by a run.
 *
 * @param execId  the fill's ExecID, null for an order-level difference
 * @param local   what we have, rendered (null when missing locally)
 * @param broker  what the broker reports, rendered (null when missing at the broker)
 * @param adopted for MISSING_LOCALLY fills: whether the run applied the broker's fill to our order state
 */
public record Discrepancy(DiscrepancyKind kind, Severity severity, String venue, String orderId, String execId,
                          String local, String broker, String detail, boolean adopted) {

    public Discrepancy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(venue, "venue");
    }

    public Discrepancy adopted(String how) {
        return new Discrepancy(kind, severity, venue, orderId, execId, local, broker,
                detail + "; " + how, true);
    }
}
