package io.tradeloom.reconciliation.internal;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.DiscrepancyKind;
import io.tradeloom.reconciliation.api.Severity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Compares one venue's local orders and fills with the broker's statement for the same period. Pure: no I/O, no
 * clock; the same input always gives the same discrepancies.
 *
 * <p>Fills are paired by ExecID first; what is left is paired per order by equal quantity (then PRICE_DIFF and
 * TIMING_DIFF are checked), then per order in time order (QTY_DIFF); the rest is missing on one side, unless both
 * sides agree on that order's filled quantity (then only a ledger did not witness the fill). Orders are
 * compared by our order id: one side only is MISSING_*, order quantity or filled quantity that differ are a
 * QTY_DIFF and average prices that differ a PRICE_DIFF, the latter two only when the fills did not already explain
 * the difference.
 */
public final class Reconciler {

    private static final BigDecimal BPS = new BigDecimal("10000");

    private final ReconConfig config;

    public Reconciler(ReconConfig config) {
        this.config = config;
    }

    /** The outcome for one venue: the differences and how many fills were looked at. */
    public record Outcome(List<Discrepancy> discrepancies, int compared) {
    }

    /**
     * @param localOrders our orders of the venue that the period concerns (created, changed or filled in it)
     * @param localOrder  any of our orders by id, also those outside the period (null when unknown)
     * @param localFills  the fills we applied with venue times in the period
     */
    public Outcome reconcile(String venue, List<Order> localOrders, Function<String, Order> localOrder,
                             List<LocalFill> localFills, BrokerStatement broker) {
        List<Discrepancy> out = new ArrayList<>();
        Set<String> ordersExplained = new HashSet<>();
        Map<String, BrokerOrder> brokerOrders = new LinkedHashMap<>();
        for (BrokerOrder b : broker.orders()) {
            brokerOrders.put(b.orderId(), b);
        }
        // A fill one side lacks while both sides agree on the order's filled quantity was only not witnessed by
        // that side's ledger (it was not running, or keeps the session's reports only): the order state has it.
        Predicate<String> totalsAgree = id -> {
            Order l = localOrder.apply(id);
            BrokerOrder b = brokerOrders.get(id);
            return l != null && b != null && qtyEqual(l.filledQty(), b.cumQty());
        };
        compareFills(venue, localFills, broker.fills(), out, ordersExplained, totalsAgree);
        compareOrders(venue, localOrders, localOrder, broker, out, ordersExplained);
        return new Outcome(out, localFills.size() + broker.fills().size());
    }

    // ----------------------------------------------------------------------------------------------- fills

    private void compareFills(String venue, List<LocalFill> local, List<Execution> brokerFills,
                              List<Discrepancy> out, Set<String> ordersExplained, Predicate<String> totalsAgree) {
        Map<String, LocalFill> localById = new LinkedHashMap<>();
        for (LocalFill f : local) {
            localById.putIfAbsent(f.execId(), f);
        }
        List<Execution> unmatchedBroker = new ArrayList<>();
        for (Execution b : brokerFills) {
            LocalFill l = localById.remove(b.execId());
            if (l == null) {
                unmatchedBroker.add(b);
            } else {
                comparePair(venue, l, b, out, ordersExplained);
            }
        }
        List<LocalFill> unmatchedLocal = new ArrayList<>(localById.values());
        unmatchedLocal.sort(Comparator.comparing(LocalFill::transactTime));
        unmatchedBroker.sort(Comparator.comparing(Execution::transactTime));
        // Same order, same size, other id: the broker re-issued or corrected the report.
        for (Iterator<Execution> it = unmatchedBroker.iterator(); it.hasNext(); ) {
            Execution b = it.next();
            LocalFill l = take(unmatchedLocal, f -> f.orderId().equals(b.orderId())
                    && qtyEqual(f.qty(), b.lastQty()));
            if (l != null) {
                it.remove();
                comparePair(venue, l, b, out, ordersExplained);
            }
        }
        // Same order, other size.
        for (Iterator<Execution> it = unmatchedBroker.iterator(); it.hasNext(); ) {
            Execution b = it.next();
            LocalFill l = take(unmatchedLocal, f -> f.orderId().equals(b.orderId()));
            if (l != null) {
                it.remove();
                comparePair(venue, l, b, out, ordersExplained);
            }
        }
        for (LocalFill l : unmatchedLocal) {
            if (totalsAgree.test(l.orderId())) {
                continue;
            }
            ordersExplained.add(l.orderId());
            out.add(new Discrepancy(DiscrepancyKind.MISSING_AT_BROKER, Severity.CRITICAL, venue, l.orderId(),
                    l.execId(), render(l), null, "fill " + l.execId() + " of order " + l.orderId()
                    + " is not in the broker's ledger", false));
        }
        for (Execution b : unmatchedBroker) {
            if (totalsAgree.test(b.orderId())) {
                continue;
            }
            ordersExplained.add(b.orderId());
            out.add(new Discrepancy(DiscrepancyKind.MISSING_LOCALLY, Severity.CRITICAL, venue, b.orderId(),
                    b.execId(), null, render(b), "the broker filled " + plain(b.lastQty()) + " @ "
                    + plain(b.lastPrice()) + " (exec " + b.execId() + ") of order " + b.orderId()
                    + "; we never applied it", false));
        }
    }

    private static LocalFill take(List<LocalFill> list, Predicate<LocalFill> p) {
        for (Iterator<LocalFill> it = list.iterator(); it.hasNext(); ) {
            LocalFill f = it.next();
            if (p.test(f)) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    private void comparePair(String venue, LocalFill l, Execution b, List<Discrepancy> out,
                             Set<String> ordersExplained) {
        String ids = l.execId().equals(b.execId()) ? "fill " + l.execId()
                : "fill " + l.execId() + " (broker: " + b.execId() + ")";
        if (!qtyEqual(l.qty(), b.lastQty())) {
            ordersExplained.add(l.orderId());
            out.add(new Discrepancy(DiscrepancyKind.QTY_DIFF, Severity.CRITICAL, venue, l.orderId(), b.execId(),
                    render(l), render(b), ids + ": quantity " + plain(l.qty()) + " here, " + plain(b.lastQty())
                    + " at the broker", false));
        }
        BigDecimal bps = bps(l.price(), b.lastPrice());
        if (bps != null && bps.compareTo(config.priceToleranceBps()) > 0) {
            ordersExplained.add(l.orderId());
            Severity sev = bps.compareTo(config.priceCriticalBps()) > 0 ? Severity.CRITICAL : Severity.WARNING;
            out.add(new Discrepancy(DiscrepancyKind.PRICE_DIFF, sev, venue, l.orderId(), b.execId(), render(l),
                    render(b), ids + ": price " + plain(l.price()) + " here, " + plain(b.lastPrice())
                    + " at the broker (" + bps.round(new MathContext(4)).toPlainString() + " bps)", false));
        }
        Duration venueTimes = Duration.between(l.transactTime(), b.transactTime()).abs();
        Duration receipt = Duration.between(b.transactTime(), l.receivedAt());
        Duration worst = venueTimes;
        String what = "the broker's time " + b.transactTime() + " differs from ours " + l.transactTime() + " by "
                + venueTimes.toMillis() + " ms";
        if (receipt.compareTo(worst) > 0) {
            worst = receipt;
            what = "received " + receipt.toMillis() + " ms after the broker's time " + b.transactTime();
        }
        if (worst.compareTo(config.timingTolerance()) > 0) {
            Severity sev = worst.compareTo(config.timingCritical()) > 0 ? Severity.WARNING : Severity.INFO;
            out.add(new Discrepancy(DiscrepancyKind.TIMING_DIFF, sev, venue, l.orderId(), b.execId(), render(l),
                    render(b), ids + ": " + what, false));
        }
    }

    // ---------------------------------------------------------------------------------------------- orders

    private void compareOrders(String venue, List<Order> localOrders, Function<String, Order> localOrder,
                               BrokerStatement broker, List<Discrepancy> out, Set<String> explained) {
        Map<String, BrokerOrder> brokerById = new LinkedHashMap<>();
        for (BrokerOrder b : broker.orders()) {
            brokerById.put(b.orderId(), b);
        }
        Set<String> seen = new HashSet<>();
        for (Order l : localOrders) {
            if (!l.venue().equals(venue) || !seen.add(l.id()) || neverReachedBroker(l)) {
                continue;
            }
            BrokerOrder b = brokerById.get(l.id());
            if (b == null) {
                out.add(new Discrepancy(DiscrepancyKind.MISSING_AT_BROKER,
                        l.filledQty().signum() > 0 ? Severity.CRITICAL : Severity.WARNING, venue, l.id(), null,
                        render(l), null, "order " + l.id() + " (" + l.status() + ", filled "
                        + plain(l.filledQty()) + ") is unknown to the broker", false));
            } else {
                compareOrder(venue, l, b, out, explained);
            }
        }
        for (BrokerOrder b : brokerById.values()) {
            if (seen.contains(b.orderId())) {
                continue;
            }
            Order l = localOrder.apply(b.orderId());
            if (l == null) {
                out.add(new Discrepancy(DiscrepancyKind.MISSING_LOCALLY,
                        b.cumQty().signum() > 0 ? Severity.CRITICAL : Severity.WARNING, venue, b.orderId(), null,
                        null, render(b), "the broker has order " + b.orderId() + " (" + b.status() + ", filled "
                        + plain(b.cumQty()) + "); we do not", false));
            } else {
                compareOrder(venue, l, b, out, explained);
            }
        }
    }

    /** Refused before it was sent (validation, risk, halt): the broker never saw it, rightly. */
    private static boolean neverReachedBroker(Order o) {
        return o.status() == OrderStatus.REJECTED && o.venueOrderId() == null;
    }

    private void compareOrder(String venue, Order l, BrokerOrder b, List<Discrepancy> out, Set<String> explained) {
        if (b.quantity() != null && !qtyEqual(l.quantity(), b.quantity())) {
            out.add(new Discrepancy(DiscrepancyKind.QTY_DIFF, Severity.CRITICAL, venue, l.id(), null, render(l),
                    render(b), "order " + l.id() + ": quantity " + plain(l.quantity()) + " here, "
                    + plain(b.quantity()) + " at the broker", false));
        }
        if (explained.contains(l.id())) {
            return;
        }
        if (!qtyEqual(l.filledQty(), b.cumQty())) {
            out.add(new Discrepancy(DiscrepancyKind.QTY_DIFF, Severity.CRITICAL, venue, l.id(), null, render(l),
                    render(b), "order " + l.id() + ": filled " + plain(l.filledQty()) + " here, "
                    + plain(b.cumQty()) + " at the broker", false));
            return;
        }
        BigDecimal bps = bps(l.avgPrice(), b.avgPrice());
        if (l.filledQty().signum() > 0 && bps != null && bps.compareTo(config.priceToleranceBps()) > 0) {
            out.add(new Discrepancy(DiscrepancyKind.PRICE_DIFF,
                    bps.compareTo(config.priceCriticalBps()) > 0 ? Severity.CRITICAL : Severity.WARNING, venue,
                    l.id(), null, render(l), render(b), "order " + l.id() + ": average price "
                    + plain(l.avgPrice()) + " here, " + plain(b.avgPrice()) + " at the broker", false));
        }
    }

    // --------------------------------------------------------------------------------------------- helpers

    private boolean qtyEqual(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.subtract(b).abs().compareTo(config.qtyTolerance()) <= 0;
    }

    /** |a - b| / b in basis points; null when either is missing or b is zero. */
    static BigDecimal bps(BigDecimal ours, BigDecimal theirs) {
        if (ours == null || theirs == null || theirs.signum() == 0) {
            return null;
        }
        return ours.subtract(theirs).abs().multiply(BPS).divide(theirs.abs(), MathContext.DECIMAL64);
    }

    static String plain(BigDecimal d) {
        return d == null ? "-" : d.stripTrailingZeros().toPlainString();
    }

    static String render(LocalFill f) {
        return f.execId() + " " + f.side() + " " + plain(f.qty()) + " " + f.symbol() + " @ " + plain(f.price())
                + " at " + f.transactTime() + (f.adopted() ? " (adopted)" : "");
    }

    static String render(Execution e) {
        return e.execId() + " " + plain(e.lastQty()) + " @ " + plain(e.lastPrice()) + " at " + e.transactTime();
    }

    static String render(Order o) {
        return o.status() + " " + o.side() + " " + plain(o.quantity()) + " " + o.symbol() + " filled "
                + plain(o.filledQty()) + " avg " + plain(o.avgPrice());
    }

    static String render(BrokerOrder b) {
        return b.status() + " " + (b.side() == null ? "" : b.side() + " ") + plain(b.quantity()) + " "
                + (b.symbol() == null ? "" : b.symbol() + " ") + "filled " + plain(b.cumQty()) + " avg "
                + plain(b.avgPrice());
    }

    static boolean inPeriod(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }
}
