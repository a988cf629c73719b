package io.tradeloom.domain.instrument;

/** Broad asset classes a venue can declare support for. */
public enum AssetClass {
    EQUITY, ETF, FUTURE, OPTION, FX, CRYPTO, BOND, INDEX
}
