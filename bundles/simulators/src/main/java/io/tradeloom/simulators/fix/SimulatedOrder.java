package io.tradeloom.simulators.fix;

import java.math.BigDecimal;
import java.util.List;

/**
 * A snapshot of one order in a {@link FixBrokerSimulator}'s book, with FIX codes.
 *
 * @param orderId     OrderID (37) the simulator assigned, "S-n"
 * @param clOrdId     the ClOrdID (11) the order is known by now (after replaces and cancels)
 * @param origClOrdId the ClOrdID before the latest replace or cancel, or null
 * @param side        Side (54)
 * @param ordType     OrdType (40)
 * @param price       Price (44), or null
 * @param stopPx      StopPx (99), or null
 * @param timeInForce TimeInForce (59), '0' (DAY) when the order carried none
 * @param ordStatus   OrdStatus (39)
 * @param fills       fills sent for this order
 * @param text        the reason of a reject, cancel or expiry, or null
 * @param clOrdIds    every ClOrdID the order has been known by (original, replaces, cancel), oldest first
 */
public record SimulatedOrder(String orderId, String clOrdId, String origClOrdId, String symbol, char side,
        BigDecimal orderQty, char ordType, BigDecimal price, BigDecimal stopPx, char timeInForce, char ordStatus,
        BigDecimal cumQty, BigDecimal leavesQty, BigDecimal avgPx, int fills, String text, List<String> clOrdIds) {

    public SimulatedOrder {
        clOrdIds = List.copyOf(clOrdIds);
    }
}
