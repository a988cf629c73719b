package io.tradeloom.domain.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Net position of one account in one symbol, with average cost and realized P&L (average-cost method).
 * Quantity is signed: positive long, negative short.
 */
public record Position(String account, String symbol, BigDecimal quantity, BigDecimal averageCost,
                       BigDecimal realizedPnl) {

    public Position {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(averageCost, "averageCost");
        Objects.requireNonNull(realizedPnl, "realizedPnl");
    }

    public static Position flat(String account, String symbol) {
        return new Position(account, symbol, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** The position after a fill of {@code qty} (positive) at {@code price} on {@code side}. */
    public Position apply(Side side, BigDecimal qty, BigDecimal price) {
        BigDecimal signed = side.sign() > 0 ? qty : qty.negate();
        BigDecimal newQty = quantity.add(signed);
        if (quantity.signum() == 0 || quantity.signum() == signed.signum()) {
            // Opening or adding: blend the average cost.
            BigDecimal cost = averageCost.multiply(quantity.abs()).add(price.multiply(qty));
            BigDecimal avg = cost.divide(newQty.abs(), 8, RoundingMode.HALF_EVEN).stripTrailingZeros();
            return new Position(account, symbol, newQty, avg, realizedPnl);
        }
        // Reducing, closing or flipping: realize P&L on the closed part.
        BigDecimal closed = qty.min(quantity.abs());
        BigDecimal pnlPerUnit = quantity.signum() > 0 ? price.subtract(averageCost) : averageCost.subtract(price);
        BigDecimal realized = realizedPnl.add(pnlPerUnit.multiply(closed));
        BigDecimal avg = newQty.signum() == 0 ? BigDecimal.ZERO
                : newQty.signum() == quantity.signum() ? averageCost : price;
        return new Position(account, symbol, newQty, avg, realized);
    }
}
