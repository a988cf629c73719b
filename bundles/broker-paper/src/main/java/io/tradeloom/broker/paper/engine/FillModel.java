package io.tradeloom.broker.paper.engine;

/** Where the paper venue prices a fill before slippage. */
public enum FillModel {
    /** At the touch: buys at the ask, sells at the bid. */
    QUOTE,
    /** At the midpoint of bid and ask; falls back to the touch when the quote is one-sided. */
    MID
}
