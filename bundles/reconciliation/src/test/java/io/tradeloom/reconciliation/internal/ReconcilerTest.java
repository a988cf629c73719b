package io.tradeloom.reconciliation.internal;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.DiscrepancyKind;
import io.tradeloom.reconciliation.api.Severity;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The reconciler on prepared data: one case per discrepancy kind, and clean books that must find nothing. */
public class ReconcilerTest {

    private static final String VENUE = "paper";
    private static final Instant T0 = Instant.parse("2026-11-20T14:30:00Z");
    private static final Instant FROM = T0.minusSeconds(3600);
    private static final Instant TO = T0.plusSeconds(3600);

    private final Reconciler reconciler = new Reconciler(ReconConfig.parse(Map.of(
            "price.tolerance.bps", "1", "price.critical.bps", "50", "qty.tolerance", "0",
            "timing.tolerance.ms", "5000", "timing.critical.ms", "60000")));

    private final List<Order> localOrders = new ArrayList<>();
    private final List<LocalFill> localFills = new ArrayList<>();
    private final List<BrokerOrder> brokerOrders = new ArrayList<>();
    private final List<Execution> brokerFills = new ArrayList<>();

    // ------------------------------------------------------------------------------------------- builders

    private static Order order(String id, String qty, OrderStatus status, String filled, String avg) {
        BigDecimal q = new BigDecimal(qty);
        BigDecimal f = new BigDecimal(filled);
        return new Order(id, "c-" + id, "acc", VENUE, "AAPL", Side.BUY, OrderType.MARKET, TimeInForce.DAY, q, null,
                null, null, null, status, f, status.terminal() ? BigDecimal.ZERO : q.subtract(f),
                avg == null ? null : new BigDecimal(avg), "V-" + id, null, T0, T0.plusSeconds(1));
    }

    private static BrokerOrder brokerOrder(String id, String qty, OrderStatus status, String cum, String avg) {
        return new BrokerOrder(id, "V-" + id, "AAPL", Side.BUY, new BigDecimal(qty), status, new BigDecimal(cum),
                avg == null ? null : new BigDecimal(avg), T0.plusSeconds(1));
    }

    private static LocalFill localFill(String orderId, String execId, String qty, String px, Instant at) {
        return new LocalFill(VENUE, orderId, execId, "AAPL", Side.BUY, new BigDecimal(qty), new BigDecimal(px), at,
                at.plusMillis(3), false);
    }

    private static Execution brokerFill(String orderId, String execId, String qty, String px, Instant at) {
        return new Execution(execId, orderId, "c-" + orderId, VENUE, "V-" + orderId, ExecType.TRADE,
                OrderStatus.FILLED, new BigDecimal(qty), new BigDecimal(px), new BigDecimal(qty), BigDecimal.ZERO,
                new BigDecimal(px), new BigDecimal(qty), null, at, null, null);
    }

    /** An order filled once, the same on both sides. */
    private void agreedFill(String id, String qty, String px) {
        localOrders.add(order(id, qty, OrderStatus.FILLED, qty, px));
        brokerOrders.add(brokerOrder(id, qty, OrderStatus.FILLED, qty, px));
        localFills.add(localFill(id, "E-" + id, qty, px, T0));
        brokerFills.add(brokerFill(id, "E-" + id, qty, px, T0));
    }

    private List<Discrepancy> reconcile() {
        Function<String, Order> byId = id -> localOrders.stream().filter(o -> o.id().equals(id)).findFirst()
                .orElse(null);
        return reconciler.reconcile(VENUE, localOrders, byId, localFills,
                new BrokerStatement(VENUE, FROM, TO, brokerOrders, brokerFills, true, List.of())).discrepancies();
    }

    private static Discrepancy only(List<Discrepancy> found) {
        assertEquals("exactly one discrepancy expected: " + found, 1, found.size());
        return found.get(0);
    }

    // ---------------------------------------------------------------------------------------------- cases

    @Test
    public void cleanBooksFindNothing() {
        agreedFill("O1", "100", "101.25");
        agreedFill("O2", "5", "99.5");
        // Differences inside every tolerance: 0.5 bps in price, 4 s in time.
        localOrders.add(order("O3", "200", OrderStatus.FILLED, "200", "50.0025"));
        brokerOrders.add(brokerOrder("O3", "200", OrderStatus.FILLED, "200", "50.0000"));
        localFills.add(localFill("O3", "E-O3", "200", "50.0025", T0));
        brokerFills.add(brokerFill("O3", "E-O3", "200", "50.0000", T0.plusSeconds(4)));
        // Refused before it was sent: the broker never saw it and must not be asked to.
        localOrders.add(new Order("O4", "c-O4", "acc", VENUE, "AAPL", Side.SELL, OrderType.MARKET, TimeInForce.DAY,
                BigDecimal.TEN, null, null, null, null, OrderStatus.REJECTED, BigDecimal.ZERO, BigDecimal.ZERO,
                null, null, "risk", T0, T0));

        assertEquals(List.of(), reconcile());
    }

    @Test
    public void aFillOnlyWeHaveIsMissingAtBroker() {
        agreedFill("O1", "100", "101.25");
        localOrders.add(order("O2", "10", OrderStatus.FILLED, "10", "20"));
        brokerOrders.add(brokerOrder("O2", "10", OrderStatus.NEW, "0", null));
        localFills.add(localFill("O2", "E-O2", "10", "20", T0));

        // The order's filled quantity differs as well, but the missing fill explains it: one finding, not two.
        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.MISSING_AT_BROKER, d.kind());
        assertEquals(Severity.CRITICAL, d.severity());
        assertEquals("O2", d.orderId());
        assertEquals("E-O2", d.execId());
        assertNull(d.broker());
    }

    @Test
    public void anOrderTheBrokerNeverHeardOfIsMissingAtBroker() {
        agreedFill("O1", "100", "101.25");
        localOrders.add(order("O2", "10", OrderStatus.NEW, "0", null));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.MISSING_AT_BROKER, d.kind());
        assertEquals("nothing was filled, so only a warning", Severity.WARNING, d.severity());
        assertEquals("O2", d.orderId());
        assertNull(d.execId());
    }

    @Test
    public void aFillOnlyTheBrokerHasIsMissingLocally() {
        agreedFill("O1", "100", "101.25");
        localOrders.add(order("O2", "10", OrderStatus.NEW, "0", null));
        brokerOrders.add(brokerOrder("O2", "10", OrderStatus.FILLED, "10", "20"));
        brokerFills.add(brokerFill("O2", "E-O2", "10", "20", T0));

        // The order's filled quantity differs as well, but the missing fill explains it: one finding, not two.
        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.MISSING_LOCALLY, d.kind());
        assertEquals(Severity.CRITICAL, d.severity());
        assertEquals("E-O2", d.execId());
        assertNull(d.local());
    }

    @Test
    public void anOrderOnlyTheBrokerHasIsMissingLocally() {
        brokerOrders.add(brokerOrder("O9", "10", OrderStatus.NEW, "0", null));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.MISSING_LOCALLY, d.kind());
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("O9", d.orderId());
    }

    @Test
    public void aPriceBeyondTheToleranceIsAPriceDiffGradedBySize() {
        localOrders.add(order("O1", "100", OrderStatus.FILLED, "100", "101.30"));
        brokerOrders.add(brokerOrder("O1", "100", OrderStatus.FILLED, "100", "101.25"));
        localFills.add(localFill("O1", "E-O1", "100", "101.30", T0));
        brokerFills.add(brokerFill("O1", "E-O1", "100", "101.25", T0));
        // About 4.9 bps: above the 1 bps tolerance, below the 50 bps critical line.
        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.PRICE_DIFF, d.kind());
        assertEquals(Severity.WARNING, d.severity());
        assertTrue(d.detail(), d.detail().contains("101.3 here, 101.25 at the broker"));

        localOrders.clear();
        localFills.clear();
        localOrders.add(order("O1", "100", OrderStatus.FILLED, "100", "103"));
        localFills.add(localFill("O1", "E-O1", "100", "103", T0));
        assertEquals(Severity.CRITICAL, only(reconcile()).severity());
    }

    @Test
    public void aFillOfAnotherSizeIsAQtyDiff() {
        localOrders.add(order("O1", "100", OrderStatus.PARTIALLY_FILLED, "40", "10"));
        brokerOrders.add(brokerOrder("O1", "100", OrderStatus.PARTIALLY_FILLED, "50", "10"));
        localFills.add(localFill("O1", "E-O1", "40", "10", T0));
        brokerFills.add(brokerFill("O1", "E-O1", "50", "10", T0));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.QTY_DIFF, d.kind());
        assertEquals(Severity.CRITICAL, d.severity());
        assertEquals("E-O1", d.execId());
    }

    @Test
    public void anOrderQuantityTheBrokerHasOtherwiseIsAQtyDiff() {
        localOrders.add(order("O1", "100", OrderStatus.NEW, "0", null));
        brokerOrders.add(brokerOrder("O1", "80", OrderStatus.NEW, "0", null));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.QTY_DIFF, d.kind());
        assertNull(d.execId());
        assertTrue(d.detail(), d.detail().contains("quantity 100 here, 80 at the broker"));
    }

    @Test
    public void timesBeyondTheToleranceAreATimingDiff() {
        localOrders.add(order("O1", "100", OrderStatus.FILLED, "100", "10"));
        brokerOrders.add(brokerOrder("O1", "100", OrderStatus.FILLED, "100", "10"));
        localFills.add(localFill("O1", "E-O1", "100", "10", T0));
        brokerFills.add(brokerFill("O1", "E-O1", "100", "10", T0.plusSeconds(30)));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.TIMING_DIFF, d.kind());
        assertEquals(Severity.INFO, d.severity());

        brokerFills.clear();
        brokerFills.add(brokerFill("O1", "E-O1", "100", "10", T0.plusSeconds(120)));
        assertEquals(Severity.WARNING, only(reconcile()).severity());
    }

    @Test
    public void aFillReceivedLateIsATimingDiff() {
        localOrders.add(order("O1", "100", OrderStatus.FILLED, "100", "10"));
        brokerOrders.add(brokerOrder("O1", "100", OrderStatus.FILLED, "100", "10"));
        localFills.add(new LocalFill(VENUE, "O1", "E-O1", "AAPL", Side.BUY, new BigDecimal("100"), BigDecimal.TEN,
                T0, T0.plusSeconds(90), false));
        brokerFills.add(brokerFill("O1", "E-O1", "100", "10", T0));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.TIMING_DIFF, d.kind());
        assertTrue(d.detail(), d.detail().contains("received 90000 ms after"));
    }

    @Test
    public void aReissuedExecIdIsPairedByOrderAndSizeNotReportedTwice() {
        localOrders.add(order("O1", "100", OrderStatus.FILLED, "100", "10"));
        brokerOrders.add(brokerOrder("O1", "100", OrderStatus.FILLED, "100", "10.5"));
        localFills.add(localFill("O1", "E-1", "100", "10", T0));
        brokerFills.add(brokerFill("O1", "CORR-1", "100", "10.5", T0));

        Discrepancy d = only(reconcile());
        assertEquals(DiscrepancyKind.PRICE_DIFF, d.kind());
        assertEquals("CORR-1", d.execId());
    }

    @Test
    public void aFillOneLedgerDidNotWitnessIsNoDiscrepancyWhenTheOrderTotalsAgree() {
        // Our fill ledger was not running when O1 filled; the FIX ledger restarted and lost O2's reports.
        localOrders.add(order("O1", "100", OrderStatus.FILLED, "100", "10"));
        brokerOrders.add(brokerOrder("O1", "100", OrderStatus.FILLED, "100", "10"));
        brokerFills.add(brokerFill("O1", "E-O1", "100", "10", T0));
        localOrders.add(order("O2", "50", OrderStatus.FILLED, "50", "10"));
        brokerOrders.add(brokerOrder("O2", "50", OrderStatus.FILLED, "50", "10"));
        localFills.add(localFill("O2", "E-O2", "50", "10", T0));
        assertEquals(List.of(), reconcile());

        // Without the broker's order view the missing fill is reported.
        brokerOrders.removeIf(b -> b.orderId().equals("O2"));
        List<Discrepancy> found = reconcile();
        assertEquals(found.toString(), 2, found.size());
        assertEquals(Set.of(DiscrepancyKind.MISSING_AT_BROKER), found.stream().map(Discrepancy::kind)
                .collect(Collectors.toSet()));
    }

    @Test
    public void everyKindInOneRun() {
        agreedFill("OK", "1", "1");
        localOrders.add(order("A", "10", OrderStatus.FILLED, "10", "20"));
        brokerOrders.add(brokerOrder("A", "10", OrderStatus.NEW, "0", null));
        localFills.add(localFill("A", "E-A", "10", "20", T0));
        localOrders.add(order("B", "10", OrderStatus.NEW, "0", null));
        brokerOrders.add(brokerOrder("B", "10", OrderStatus.FILLED, "10", "20"));
        brokerFills.add(brokerFill("B", "E-B", "10", "20", T0));
        localOrders.add(order("C", "10", OrderStatus.FILLED, "10", "30"));
        brokerOrders.add(brokerOrder("C", "10", OrderStatus.FILLED, "10", "20"));
        localFills.add(localFill("C", "E-C", "10", "30", T0));
        brokerFills.add(brokerFill("C", "E-C", "10", "20", T0));
        localOrders.add(order("D", "10", OrderStatus.NEW, "0", null));
        brokerOrders.add(brokerOrder("D", "12", OrderStatus.NEW, "0", null));
        localOrders.add(order("E", "10", OrderStatus.FILLED, "10", "20"));
        brokerOrders.add(brokerOrder("E", "10", OrderStatus.FILLED, "10", "20"));
        localFills.add(localFill("E", "E-E", "10", "20", T0));
        brokerFills.add(brokerFill("E", "E-E", "10", "20", T0.minusSeconds(10)));

        Map<DiscrepancyKind, List<String>> byKind = reconcile().stream().collect(Collectors.groupingBy(
                Discrepancy::kind, Collectors.mapping(Discrepancy::orderId, Collectors.toList())));
        assertEquals(Map.of(DiscrepancyKind.MISSING_AT_BROKER, List.of("A"),
                DiscrepancyKind.MISSING_LOCALLY, List.of("B"),
                DiscrepancyKind.PRICE_DIFF, List.of("C"),
                DiscrepancyKind.QTY_DIFF, List.of("D"),
                DiscrepancyKind.TIMING_DIFF, List.of("E")), byKind);
    }

    @Test
    public void badSettingsNameTheKeyAndValue() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> ReconConfig.parse(Map.of("schedule.cron", "every day")));
        assertTrue(e.getMessage(), e.getMessage().contains("schedule.cron") && e.getMessage().contains("every day"));
        e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> ReconConfig.parse(Map.of("price.tolerance.bps", "-1")));
        assertTrue(e.getMessage(), e.getMessage().contains("price.tolerance.bps"));
        e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> ReconConfig.parse(Map.of("schedule.timezone", "Mars/Olympus")));
        assertTrue(e.getMessage(), e.getMessage().contains("Mars/Olympus"));
    }
}
