package io.tradeloom.domain.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One execution report from a venue, normalized. Field meanings follow FIX 4.4 tag for tag.
 *
 * @param execId        the venue's ExecID (17), unique per venue; repeated ids are duplicates
 * @param orderId       our order id
 * @param clientOrderId ClOrdID (11) the report answers; for REPLACED the new one
 * @param venueOrderId  OrderID (37)
 * @param lastQty       LastQty (32), zero unless TRADE
 * @param lastPrice     LastPx (31), null unless TRADE
 * @param cumQty        CumQty (14) as the venue reports it
 * @param leavesQty     LeavesQty (151) as the venue reports it
 * @param avgPrice      AvgPx (6) as the venue reports it; may be null
 * @param quantity      OrderQty (38) after this report (changes on REPLACED)
 * @param limitPrice    Price (44) after this report (changes on REPLACED); null for market orders
 * @param transactTime  TransactTime (60), UTC, at the venue's precision
 * @param text          Text (58): reject or cancel reason
 */
public record Execution(String execId, String orderId, String clientOrderId, String venue, String venueOrderId,
                        ExecType execType, OrderStatus ordStatus, BigDecimal lastQty, BigDecimal lastPrice,
                        BigDecimal cumQty, BigDecimal leavesQty, BigDecimal avgPrice, BigDecimal quantity,
                        BigDecimal limitPrice, Instant transactTime, String text, Liquidity liquidity) {

    public Execution {
        Objects.requireNonNull(execId, "execId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(execType, "execType");
        Objects.requireNonNull(ordStatus, "ordStatus");
        Objects.requireNonNull(transactTime, "transactTime");
        lastQty = lastQty == null ? BigDecimal.ZERO : lastQty;
        liquidity = liquidity == null ? Liquidity.UNKNOWN : liquidity;
    }

    public boolean isFill() {
        return execType == ExecType.TRADE && lastQty.signum() > 0;
    }
}
