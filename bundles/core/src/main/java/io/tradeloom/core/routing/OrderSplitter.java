package io.tradeloom.core.routing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a parent quantity into child quantities: as many slices as {@code min(maxSlices, venues)}, equal whole
 * units (at the quantity's scale), the remainder to the best-ranked venue; never a slice of zero.
 */
public final class OrderSplitter {

    private OrderSplitter() {
    }

    /** Slice quantities, best venue first; they add up to {@code quantity} exactly. */
    public static List<BigDecimal> split(BigDecimal quantity, int maxSlices, int venues) {
        int scale = Math.max(0, quantity.scale());
        BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
        long units = quantity.movePointRight(scale).longValueExact();
        int n = (int) Math.max(1, Math.min(Math.min(maxSlices, venues), units));
        long each = units / n;
        long rest = units - each * n;
        List<BigDecimal> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long u = each + (i == 0 ? rest : 0);
            out.add(unit.multiply(BigDecimal.valueOf(u)).setScale(scale, RoundingMode.UNNECESSARY));
        }
        return out;
    }
}
