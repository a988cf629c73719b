package io.tradeloom.simulators.polygon.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Cents to the JSON numbers Polygon sends (no trailing zeros beyond what a double prints). */
public final class Prices {

    private Prices() {
    }

    /** 12345 -> "123.45", 12340 -> "123.4", 12300 -> "123". */
    public static String format(long cents) {
        return BigDecimal.valueOf(cents, 2).stripTrailingZeros().toPlainString();
    }

    /** A fractional cent value to at most 4 decimals of the dollar price, as the spec's vw/a examples. */
    public static String format4(double cents) {
        return BigDecimal.valueOf(cents).movePointLeft(2).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }
}
