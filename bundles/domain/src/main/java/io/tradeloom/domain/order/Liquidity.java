package io.tradeloom.domain.order;

/** Whether a fill added or removed liquidity (FIX LastLiquidityInd 851), when the venue says. */
public enum Liquidity {
    ADDED, REMOVED, ROUTED_OUT, AUCTION, UNKNOWN
}
