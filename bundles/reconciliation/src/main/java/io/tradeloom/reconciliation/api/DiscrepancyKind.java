package io.tradeloom.reconciliation.api;

/** What differs between our records and the broker's. */
public enum DiscrepancyKind {
    /** We have an order or fill the broker does not report. */
    MISSING_AT_BROKER,
    /** The broker reports an order or fill we do not have. */
    MISSING_LOCALLY,
    /** Same fill (or order average), different price beyond the tolerance. */
    PRICE_DIFF,
    /** Same fill or order, different quantity (fill size, cumulative or order quantity). */
    QTY_DIFF,
    /** Same fill, times further apart than the tolerance (broker's time vs ours, or received late). */
    TIMING_DIFF
}
