package io.tradeloom.domain.order;

import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static io.tradeloom.domain.DecimalAssert.assertDecimal;
import static io.tradeloom.domain.order.Executions.exec;
import static io.tradeloom.domain.order.Executions.fill;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class OrderTest {

    private static final Instant T0 = Instant.parse("2024-03-01T14:30:00Z");
    private static final Instant T1 = Instant.parse("2024-03-01T14:30:01Z");
    private static final Instant T2 = Instant.parse("2024-03-01T14:30:02Z");

    private static OrderRequest limitBuy(String qty, String price) {
        return OrderRequest.builder().clientOrderId("C-1").account("ACC-1").venue("paper").symbol("AAPL")
                .side(Side.BUY).type(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(qty).limitPrice(price)
                .strategy("momo").build();
    }

    private static Order pending(String qty) {
        return Order.accept("O-1", "C-1", limitBuy(qty, "10.50"), T0);
    }

    private static Order working(String qty) {
        return pending(qty).apply(exec(ExecType.NEW, OrderStatus.NEW).venueOrderId("V-9").build());
    }

    // ---- accept --------------------------------------------------------------------------------------------

    @Test
    public void acceptGivesPendingNewWithLeavesEqualToQuantity() {
        Order o = pending("300");
        assertEquals("O-1", o.id());
        assertEquals("C-1", o.clientOrderId());
        assertEquals("ACC-1", o.account());
        assertEquals("paper", o.venue());
        assertEquals("AAPL", o.symbol());
        assertEquals(Side.BUY, o.side());
        assertEquals(OrderType.LIMIT, o.type());
        assertEquals(TimeInForce.GTC, o.timeInForce());
        assertEquals("momo", o.strategy());
        assertSame(OrderStatus.PENDING_NEW, o.status());
        assertDecimal("300", o.quantity());
        assertDecimal("10.50", o.limitPrice());
        assertDecimal("0", o.filledQty());
        assertDecimal("leaves", "300", o.leavesQty());
        assertNull(o.avgPrice());
        assertNull(o.venueOrderId());
        assertNull(o.reason());
        assertNull(o.stopPrice());
        assertNull(o.trailingOffset());
        assertEquals(T0, o.createdAt());
        assertEquals(T0, o.updatedAt());
    }

    @Test
    public void acceptCopiesStopAndTrailingTerms() {
        OrderRequest r = OrderRequest.builder().venue("paper").symbol("MSFT").side(Side.SELL)
                .type(OrderType.TRAILING_STOP).quantity("10").trailingOffset(new BigDecimal("0.25")).build();
        Order o = Order.accept("O-7", null, r, T0);
        assertDecimal("0.25", o.trailingOffset());
        assertNull(o.clientOrderId());
        assertEquals("default", o.account());
        assertEquals(TimeInForce.DAY, o.timeInForce());
        assertDecimal("10", o.leavesQty());
    }

    // ---- NEW -----------------------------------------------------------------------------------------------

    @Test
    public void newAckSetsStatusVenueOrderIdAndTime() {
        Order p = pending("300");
        Order o = p.apply(exec(ExecType.NEW, OrderStatus.NEW).venueOrderId("V-9").at(T1).build());
        assertSame(OrderStatus.NEW, o.status());
        assertEquals("V-9", o.venueOrderId());
        assertDecimal("0", o.filledQty());
        assertDecimal("300", o.leavesQty());
        assertNull(o.avgPrice());
        assertEquals(T0, o.createdAt());
        assertEquals(T1, o.updatedAt());
        // the original snapshot is untouched
        assertNotSame(p, o);
        assertSame(OrderStatus.PENDING_NEW, p.status());
        assertNull(p.venueOrderId());
    }

    @Test
    public void laterReportWithoutVenueOrderIdKeepsTheKnownOne() {
        Order o = working("300").apply(fill(OrderStatus.PARTIALLY_FILLED, "1", "10").build());
        assertEquals("V-9", o.venueOrderId());
    }

    // ---- TRADE ---------------------------------------------------------------------------------------------

    @Test
    public void partialFillsAverageThePrice() {
        Order o = working("300").apply(fill(OrderStatus.PARTIALLY_FILLED, "100", "10.00").execId("E-2").build());
        assertSame(OrderStatus.PARTIALLY_FILLED, o.status());
        assertDecimal("100", o.filledQty());
        assertDecimal("200", o.leavesQty());
        assertDecimal("10", o.avgPrice());

        o = o.apply(fill(OrderStatus.PARTIALLY_FILLED, "50", "10.30").execId("E-3").at(T2).build());
        assertSame(OrderStatus.PARTIALLY_FILLED, o.status());
        assertDecimal("150", o.filledQty());
        assertDecimal("150", o.leavesQty());
        assertDecimal("(100*10.00 + 50*10.30) / 150", "10.1", o.avgPrice());
        assertEquals("avg is stripped of trailing zeros", "10.1", o.avgPrice().toPlainString());
        assertEquals(T2, o.updatedAt());
    }

    @Test
    public void averagePriceIsRoundedHalfEvenToEightPlaces() {
        Order o = working("3")
                .apply(fill(OrderStatus.PARTIALLY_FILLED, "1", "10").execId("E-2").build())
                .apply(fill(OrderStatus.FILLED, "2", "10.01").execId("E-3").build());
        // 30.02 / 3 = 10.0066666...
        assertEquals("10.00666667", o.avgPrice().toPlainString());
    }

    @Test
    public void fullFillInTwoPartsEndsFilledWithNothingLeft() {
        Order o = working("100")
                .apply(fill(OrderStatus.PARTIALLY_FILLED, "60", "10").execId("E-2").build())
                .apply(fill(OrderStatus.FILLED, "40", "11").execId("E-3").build());
        assertSame(OrderStatus.FILLED, o.status());
        assertDecimal("100", o.filledQty());
        assertDecimal("0", o.leavesQty());
        assertDecimal("(600 + 440) / 100", "10.4", o.avgPrice());
    }

    @Test
    public void venueMayFillBeforeAcknowledging() {
        Order o = pending("100").apply(fill(OrderStatus.FILLED, "100", "10.25").venueOrderId("V-1").build());
        assertSame(OrderStatus.FILLED, o.status());
        assertDecimal("100", o.filledQty());
        assertDecimal("0", o.leavesQty());
        assertDecimal("10.25", o.avgPrice());
        assertEquals("V-1", o.venueOrderId());
    }

    @Test
    public void overfillIsRejectedWithTheNumbers() {
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "60", "10").execId("E-2").build());
        try {
            o.apply(fill(OrderStatus.FILLED, "50", "10").execId("E-3").build());
            fail("a fill of 50 on 40 leaves must be rejected");
        } catch (IllegalArgumentException ex) {
            assertEquals("execution E-3: fill of 50 overfills order O-1 (filled 60 of 100)", ex.getMessage());
        }
        // nothing changed
        assertDecimal("60", o.filledQty());
        assertDecimal("40", o.leavesQty());
    }

    @Test
    public void fillOfExactlyTheLeavesIsNotAnOverfill() {
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "60.5", "10").build())
                .apply(fill(OrderStatus.FILLED, "39.50", "10").execId("E-3").build());
        assertDecimal("100", o.filledQty());
        assertDecimal("0", o.leavesQty());
    }

    @Test
    public void tradeWithoutPositiveQuantityOrPriceIsRejected() {
        Order o = working("100");
        String[][] bad = {{"0", "10"}, {"-1", "10"}, {"10", null}, {"10", "0"}, {"10", "-3"}};
        for (String[] b : bad) {
            try {
                o.apply(fill(OrderStatus.PARTIALLY_FILLED, b[0], b[1]).build());
                fail("TRADE " + b[0] + " @ " + b[1] + " should be rejected");
            } catch (IllegalArgumentException ex) {
                assertTrue(ex.getMessage(), ex.getMessage().contains("lastQty > 0 and lastPrice > 0"));
                assertTrue(ex.getMessage(), ex.getMessage().contains("(was " + b[0] + " @ " + b[1] + ")"));
            }
        }
    }

    @Test
    public void tradeWithMissingLastQtyIsRejected() {
        Execution e = exec(ExecType.TRADE, OrderStatus.PARTIALLY_FILLED).last(null, "10").build();
        try {
            working("100").apply(e);
            fail("expected a rejection");
        } catch (IllegalArgumentException ex) {
            assertTrue(ex.getMessage(), ex.getMessage().contains("was 0 @ 10"));
        }
    }

    // ---- REPLACED ------------------------------------------------------------------------------------------

    @Test
    public void replaceChangesQuantityPriceAndClientOrderId() {
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "30", "10.40").execId("E-2").build());
        o = o.apply(exec(ExecType.PENDING_REPLACE, OrderStatus.PENDING_REPLACE).execId("E-3").clientOrderId("C-2")
                .build());
        assertSame(OrderStatus.PENDING_REPLACE, o.status());
        assertEquals("pending replace keeps the old ClOrdID", "C-1", o.clientOrderId());
        assertDecimal("10.50", o.limitPrice());

        o = o.apply(exec(ExecType.REPLACED, OrderStatus.PARTIALLY_FILLED).execId("E-4").clientOrderId("C-2")
                .quantity("200").limitPrice("10.45").at(T2).build());
        assertSame(OrderStatus.PARTIALLY_FILLED, o.status());
        assertEquals("C-2", o.clientOrderId());
        assertDecimal("200", o.quantity());
        assertDecimal("10.45", o.limitPrice());
        assertDecimal("fills survive a replace", "30", o.filledQty());
        assertDecimal("200 - 30", "170", o.leavesQty());
        assertDecimal("10.4", o.avgPrice());
        assertEquals(T2, o.updatedAt());
    }

    @Test
    public void replacedWithoutClientOrderIdKeepsTheOldOne() {
        Order o = working("100")
                .apply(exec(ExecType.PENDING_REPLACE, OrderStatus.PENDING_REPLACE).build())
                .apply(exec(ExecType.REPLACED, OrderStatus.NEW).quantity("80").limitPrice("10.55").build());
        assertEquals("C-1", o.clientOrderId());
        assertDecimal("80", o.quantity());
        assertDecimal("80", o.leavesQty());
        assertDecimal("10.55", o.limitPrice());
    }

    @Test
    public void nonReplaceReportsDoNotChangePriceOrClientOrderId() {
        Order o = working("100").apply(exec(ExecType.PENDING_CANCEL, OrderStatus.PENDING_CANCEL)
                .clientOrderId("CXL-1").limitPrice("99").build());
        assertSame(OrderStatus.PENDING_CANCEL, o.status());
        assertEquals("C-1", o.clientOrderId());
        assertDecimal("10.50", o.limitPrice());
    }

    @Test
    public void replaceFromPendingNewIsIllegal() {
        try {
            pending("100").apply(exec(ExecType.PENDING_REPLACE, OrderStatus.PENDING_REPLACE).build());
            fail("PENDING_NEW -> PENDING_REPLACE is illegal");
        } catch (IllegalTransitionException ex) {
            assertEquals("order O-1: illegal transition PENDING_NEW -> PENDING_REPLACE", ex.getMessage());
        }
    }

    // ---- CANCELED / DONE_FOR_DAY ---------------------------------------------------------------------------

    @Test
    public void cancelSetsLeavesToZeroAndKeepsFills() {
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "40", "10.20").execId("E-2").build())
                .apply(exec(ExecType.PENDING_CANCEL, OrderStatus.PENDING_CANCEL).execId("E-3").build())
                .apply(exec(ExecType.CANCELED, OrderStatus.CANCELED).execId("E-4").text("user request").build());
        assertSame(OrderStatus.CANCELED, o.status());
        assertDecimal("0", o.leavesQty());
        assertDecimal("40", o.filledQty());
        assertDecimal("10.2", o.avgPrice());
        assertEquals("user request", o.reason());
        assertDecimal("quantity is unchanged", "100", o.quantity());
    }

    @Test
    public void reportsAfterCancelAreIllegal() {
        Order o = working("100").apply(exec(ExecType.CANCELED, OrderStatus.CANCELED).build());
        try {
            o.apply(fill(OrderStatus.PARTIALLY_FILLED, "1", "10").execId("E-late").build());
            fail("a fill after CANCELED must be refused");
        } catch (IllegalTransitionException ex) {
            assertTrue(ex.getMessage(), ex.getMessage().contains("O-1"));
            assertTrue(ex.getMessage(), ex.getMessage().contains("CANCELED -> PARTIALLY_FILLED"));
        }
    }

    @Test
    public void doneForDayHasNoLeavesAndTheNextSessionRestoresThem() {
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "25", "10").execId("E-2").build())
                .apply(exec(ExecType.DONE_FOR_DAY, OrderStatus.DONE_FOR_DAY).execId("E-3").build());
        assertSame(OrderStatus.DONE_FOR_DAY, o.status());
        assertDecimal("0", o.leavesQty());
        o = o.apply(exec(ExecType.RESTATED, OrderStatus.PARTIALLY_FILLED).execId("E-4").build());
        assertDecimal("75", o.leavesQty());
    }

    // ---- informational reports -----------------------------------------------------------------------------

    @Test
    public void orderStatusWithTheSameStatusIsAccepted() {
        // PENDING_NEW -> PENDING_NEW is not a legal transition, but a status answer merely repeats it.
        assertTrue(!OrderStateMachine.isLegal(OrderStatus.PENDING_NEW, OrderStatus.PENDING_NEW));
        Order o = pending("100").apply(exec(ExecType.ORDER_STATUS, OrderStatus.PENDING_NEW).cumQty("0").build());
        assertSame(OrderStatus.PENDING_NEW, o.status());
        assertDecimal("100", o.leavesQty());
        assertNull(o.avgPrice());
    }

    @Test
    public void orderStatusOnAFilledOrderIsAcceptedAndCarriesTheVenueTotals() {
        Order o = working("100").apply(fill(OrderStatus.FILLED, "100", "10").execId("E-2").build());
        Order s = o.apply(exec(ExecType.ORDER_STATUS, OrderStatus.FILLED).execId("E-3").cumQty("100")
                .avgPrice("10.00").build());
        assertSame(OrderStatus.FILLED, s.status());
        assertDecimal("100", s.filledQty());
        assertDecimal("0", s.leavesQty());
        assertDecimal("10", s.avgPrice());
    }

    @Test
    public void orderStatusThatContradictsTheStateMachineIsRejected() {
        Order o = working("100").apply(fill(OrderStatus.FILLED, "100", "10").execId("E-2").build());
        try {
            o.apply(exec(ExecType.ORDER_STATUS, OrderStatus.NEW).execId("E-3").build());
            fail("FILLED -> NEW must be refused even for a status report");
        } catch (IllegalTransitionException ex) {
            assertSame(OrderStatus.FILLED, ex.from());
            assertSame(OrderStatus.NEW, ex.to());
        }
    }

    @Test
    public void sameStatusFromANonInformationalReportIsStillChecked() {
        Order o = working("100").apply(fill(OrderStatus.FILLED, "100", "10").execId("E-2").build());
        try {
            o.apply(exec(ExecType.CANCELED, OrderStatus.FILLED).execId("E-3").build());
            fail("FILLED -> FILLED from a non-status report must be refused");
        } catch (IllegalTransitionException ex) {
            assertEquals("order O-1: illegal transition FILLED -> FILLED", ex.getMessage());
        }
    }

    @Test
    public void restatementWithTheSameStatusIsAccepted() {
        Order o = pending("100").apply(exec(ExecType.RESTATED, OrderStatus.PENDING_NEW).text("venue restated")
                .build());
        assertSame(OrderStatus.PENDING_NEW, o.status());
        assertEquals("venue restated", o.reason());
    }

    // ---- TRADE_CANCEL / TRADE_CORRECT ----------------------------------------------------------------------

    private static Order twoFills() {
        return working("300")
                .apply(fill(OrderStatus.PARTIALLY_FILLED, "100", "10.00").execId("E-2").build())
                .apply(fill(OrderStatus.PARTIALLY_FILLED, "50", "10.30").execId("E-3").build());
    }

    @Test
    public void tradeCancelTakesTheVenueCumQtyAndAvgPx() {
        Order o = twoFills().apply(exec(ExecType.TRADE_CANCEL, OrderStatus.PARTIALLY_FILLED).execId("E-4")
                .cumQty("100").avgPrice("10.00").leavesQty("200").build());
        assertSame(OrderStatus.PARTIALLY_FILLED, o.status());
        assertDecimal("100", o.filledQty());
        assertDecimal("200", o.leavesQty());
        assertDecimal("10", o.avgPrice());
    }

    @Test
    public void bustingEveryFillClearsTheAveragePrice() {
        // a halted stock whose only print is busted as clearly erroneous
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "40", "10").execId("E-2").build())
                .apply(exec(ExecType.SUSPENDED, OrderStatus.SUSPENDED).execId("E-3").build())
                // venue says avgPx 0 on a bust of everything; it must not become our average
                .apply(exec(ExecType.TRADE_CANCEL, OrderStatus.SUSPENDED).execId("E-4").cumQty("0").avgPrice("0")
                        .build());
        assertSame(OrderStatus.SUSPENDED, o.status());
        assertDecimal("0", o.filledQty());
        assertDecimal("100", o.leavesQty());
        assertNull(o.avgPrice());
    }

    @Test
    public void tradeCorrectTakesTheVenueAvgPx() {
        // second fill corrected from 10.30 to 10.60: (1000 + 530) / 150 = 10.2
        Order o = twoFills().apply(exec(ExecType.TRADE_CORRECT, OrderStatus.PARTIALLY_FILLED).execId("E-4")
                .cumQty("150").avgPrice("10.200").build());
        assertDecimal("150", o.filledQty());
        assertDecimal("150", o.leavesQty());
        assertDecimal("10.2", o.avgPrice());
        assertEquals("10.2", o.avgPrice().toPlainString());
    }

    @Test
    public void tradeCorrectOfQuantityChangesLeaves() {
        Order o = twoFills().apply(exec(ExecType.TRADE_CORRECT, OrderStatus.PARTIALLY_FILLED).execId("E-4")
                .cumQty("140").avgPrice("10.0857142857142857142857").build());
        assertDecimal("140", o.filledQty());
        assertDecimal("160", o.leavesQty());
        assertEquals("rounded to 16 significant digits", "10.08571428571429", o.avgPrice().toPlainString());
    }

    @Test
    public void tradeCorrectWithoutTotalsKeepsOurs() {
        Order o = twoFills().apply(exec(ExecType.TRADE_CORRECT, OrderStatus.PARTIALLY_FILLED).execId("E-4")
                .build());
        assertDecimal("150", o.filledQty());
        assertDecimal("10.1", o.avgPrice());
    }

    // ---- identity and reasons ------------------------------------------------------------------------------

    @Test
    public void executionForAnotherOrderIsRejected() {
        Order o = working("100");
        try {
            o.apply(fill(OrderStatus.PARTIALLY_FILLED, "10", "10").execId("E-9").orderId("O-2").build());
            fail("an execution for O-2 must not change O-1");
        } catch (IllegalArgumentException ex) {
            assertEquals("execution E-9 is for order O-2, not O-1", ex.getMessage());
            assertEquals("not a state problem", IllegalArgumentException.class, ex.getClass());
        }
    }

    @Test
    public void reasonIsKeptWhileTheStatusStaysAndClearedWhenItMoves() {
        Order o = working("100").apply(exec(ExecType.SUSPENDED, OrderStatus.SUSPENDED).text("halted").build());
        assertEquals("halted", o.reason());
        o = o.apply(exec(ExecType.RESTATED, OrderStatus.SUSPENDED).execId("E-2").build());
        assertEquals("halted", o.reason());
        o = o.apply(exec(ExecType.NEW, OrderStatus.NEW).execId("E-3").build());
        assertNull(o.reason());
    }

    // ---- transition ----------------------------------------------------------------------------------------

    @Test
    public void transitionToTerminalRecordsReasonAndZeroesLeaves() {
        Order o = pending("100").transition(OrderStatus.REJECTED, "risk: max notional", T1);
        assertSame(OrderStatus.REJECTED, o.status());
        assertEquals("risk: max notional", o.reason());
        assertDecimal("0", o.leavesQty());
        assertDecimal("0", o.filledQty());
        assertEquals(T0, o.createdAt());
        assertEquals(T1, o.updatedAt());
        assertDecimal("100", o.quantity());
    }

    @Test
    public void transitionToAnOpenStatusKeepsLeaves() {
        Order o = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "30", "10").execId("E-2").build())
                .transition(OrderStatus.SUSPENDED, "venue went away", T2);
        assertSame(OrderStatus.SUSPENDED, o.status());
        assertEquals("venue went away", o.reason());
        assertDecimal("70", o.leavesQty());
        assertDecimal("30", o.filledQty());
        assertDecimal("10", o.avgPrice());
        assertEquals("V-9", o.venueOrderId());
    }

    @Test
    public void transitionKeepsLeavesConsistentWithApplyAroundDoneForDay() {
        Order open = working("100").apply(fill(OrderStatus.PARTIALLY_FILLED, "30", "10").execId("E-2").build());
        Order viaApply = open.apply(exec(ExecType.DONE_FOR_DAY, OrderStatus.DONE_FOR_DAY).execId("E-3").build());
        Order viaTransition = open.transition(OrderStatus.DONE_FOR_DAY, "session closed", T2);
        assertDecimal("apply", "0", viaApply.leavesQty());
        assertDecimal("transition", "0", viaTransition.leavesQty());
        // back to work the next session: leaves are again quantity - filled
        assertDecimal("70", viaApply.transition(OrderStatus.PARTIALLY_FILLED, "next session", T2).leavesQty());
    }

    @Test
    public void illegalTransitionIsRefusedAndNamesTheOrder() {
        Order filled = working("100").apply(fill(OrderStatus.FILLED, "100", "10").execId("E-2").build());
        try {
            filled.transition(OrderStatus.CANCELED, "too late", T2);
            fail("FILLED -> CANCELED must be refused");
        } catch (IllegalTransitionException ex) {
            assertEquals("order O-1: illegal transition FILLED -> CANCELED", ex.getMessage());
        }
    }

    // ---- construction --------------------------------------------------------------------------------------

    @Test
    public void requiredFieldsAreChecked() {
        OrderRequest noSide = OrderRequest.builder().venue("paper").symbol("AAPL").quantity("1").build();
        try {
            Order.accept("O-1", "C-1", noSide, T0);
            fail("an order without a side cannot exist");
        } catch (NullPointerException ex) {
            assertEquals("side", ex.getMessage());
        }
    }
}
