package io.tradeloom.simulators.fix;

import static io.tradeloom.simulators.fix.TestInitiator.cancel;
import static io.tradeloom.simulators.fix.TestInitiator.limit;
import static io.tradeloom.simulators.fix.TestInitiator.market;
import static io.tradeloom.simulators.fix.TestInitiator.order;
import static io.tradeloom.simulators.fix.TestInitiator.replace;
import static io.tradeloom.simulators.fix.TestInitiator.status;
import static io.tradeloom.simulators.fix.TestInitiator.withStop;
import static io.tradeloom.simulators.fix.TestInitiator.withTif;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

/**
 * The simulator against a real QuickFIX/J initiator over loopback. Every wait is bounded (10 s) and every test
 * has a 30 s timeout.
 */
public class FixBrokerSimulatorTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = new Timeout(30, TimeUnit.SECONDS);

    private FixBrokerSimulator sim;
    private TestInitiator client;

    @After
    public void tearDown() {
        if (client != null) {
            client.close();
        }
        if (sim != null) {
            sim.stop();
        }
    }

    private void start(Consumer<FixSimulatorConfig.Builder> customize) throws Exception {
        Path store = tmp.newFolder("store").toPath();
        FixSimulatorConfig.Builder b = FixSimulatorConfig.builder(store).fillIntervalMillis(20);
        customize.accept(b);
        sim = new FixBrokerSimulator(b.build());
        sim.start();
        assertTrue("a real port once started", sim.port() > 0);
        client = new TestInitiator(sim.port()).start();
        client.awaitLogons(1);
    }

    // ------------------------------------------------------------------------------------------------ orders

    @Test
    public void newOrderIsAcknowledgedThenPartiallyAndFinallyFilled() throws Exception {
        start(b -> b.fillSlices(2));
        client.send(limit("O-1", "AAPL", "300", "101.25"));

        Message ack = client.await("NEW", er("O-1", ExecType.NEW));
        assertEquals(OrdStatus.NEW, ack.getChar(OrdStatus.FIELD));
        assertEquals("S-1", ack.getString(OrderID.FIELD));
        assertDecimal("0", ack, CumQty.FIELD);
        assertDecimal("300", ack, LeavesQty.FIELD);
        assertDecimal("300", ack, OrderQty.FIELD);
        assertEquals(OrdType.LIMIT, ack.getChar(OrdType.FIELD));
        assertDecimal("101.25", ack, Price.FIELD);
        assertTrue(ack.isSetField(TransactTime.FIELD));
        assertTrue("millisecond precision", ack.getString(TransactTime.FIELD).matches("\\d{8}-\\d\\d:\\d\\d:\\d\\d\\.\\d{3,}"));

        client.await("FILLED", er("O-1", ExecType.TRADE, OrdStatus.FILLED));
        List<Message> fills = matching(er("O-1", ExecType.TRADE));
        assertEquals("2 partial fills and a final fill", 3, fills.size());
        BigDecimal cum = BigDecimal.ZERO;
        for (int i = 0; i < fills.size(); i++) {
            Message f = fills.get(i);
            cum = cum.add(f.getDecimal(LastQty.FIELD));
            assertDecimal("101.25", f, LastPx.FIELD);
            assertEquals(0, cum.compareTo(f.getDecimal(CumQty.FIELD)));
            assertEquals(0, new BigDecimal(300).subtract(cum).compareTo(f.getDecimal(LeavesQty.FIELD)));
            assertDecimal("101.25", f, AvgPx.FIELD);
            assertEquals(i < 2 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.FILLED, f.getChar(OrdStatus.FIELD));
            assertEquals("S-1", f.getString(OrderID.FIELD));
        }
        assertDecimal("300", fills.get(2), CumQty.FIELD);
        assertUniqueExecIds(client.received());
        assertEquals(1, sim.newOrdersReceived());
        assertEquals(3, sim.fillsSent("S-1"));
        assertEquals(0, sim.sessionRejectsReceived());
        assertTrue(sim.messagesIn() > 0 && sim.messagesOut() > 0);
    }

    @Test
    public void restrictedSymbolAndInvalidOrdersAreRejectedWithAReason() throws Exception {
        start(b -> b.rejectSymbol("GME"));
        client.send(market("R-1", "GME", "10"));
        Message r = client.await("reject of GME", er("R-1", ExecType.REJECTED));
        assertEquals(OrdStatus.REJECTED, r.getChar(OrdStatus.FIELD));
        assertEquals("symbol GME is restricted", r.getString(Text.FIELD));
        assertEquals(OrdRejReason.BROKER_EXCHANGE_OPTION, r.getInt(OrdRejReason.FIELD));
        assertDecimal("0", r, LeavesQty.FIELD);

        quickfix.fix44.NewOrderSingle noPrice = order("R-2", "AAPL", Side.BUY, "10", OrdType.LIMIT);
        client.send(noPrice);
        assertEquals("Price (44) is required for OrdType 2",
                client.await("reject of a limit order without price", er("R-2", ExecType.REJECTED))
                        .getString(Text.FIELD));

        client.send(market("R-3", "AAPL", "0"));
        Message zero = client.await("reject of qty 0", er("R-3", ExecType.REJECTED));
        assertEquals(OrdRejReason.INCORRECT_QUANTITY, zero.getInt(OrdRejReason.FIELD));
        assertTrue(zero.getString(Text.FIELD), zero.getString(Text.FIELD).startsWith("OrderQty (38)=0"));

        client.send(order("R-4", "AAPL", Side.SELL, "10", OrdType.STOP_LIMIT));
        assertTrue(client.await("reject of a stop limit without prices", er("R-4", ExecType.REJECTED))
                .getString(Text.FIELD).startsWith("Price (44) is required"));

        client.send(order("R-5", "AAPL", Side.SELL, "10", OrdType.STOP_STOP_LOSS));
        assertEquals("StopPx (99) is required for OrdType 3",
                client.await("reject of a stop without stop price", er("R-5", ExecType.REJECTED))
                        .getString(Text.FIELD));

        assertEquals(5, sim.newOrdersReceived());
        assertTrue(sim.fillsSentByOrderId().isEmpty());
        assertEquals(0, sim.sessionRejectsReceived());
    }

    @Test
    public void marketLimitStopStopLimitAndPeggedOrdersFillAtTheirPrices() throws Exception {
        start(b -> b.fillSlices(0).fillPrice("MSFT", "412.5"));
        client.send(market("T-1", "MSFT", "10"));
        client.send(limit("T-2", "MSFT", "10", "410.10"));
        client.send(withStop(order("T-3", "MSFT", Side.SELL, "10", OrdType.STOP_STOP_LOSS), "400"));
        quickfix.fix44.NewOrderSingle stopLimit = withStop(
                order("T-4", "MSFT", Side.SELL, "10", OrdType.STOP_LIMIT), "401");
        stopLimit.setDecimal(Price.FIELD, new BigDecimal("399.5"));
        client.send(stopLimit);
        client.send(order("T-5", "IBM", Side.BUY, "10", OrdType.PEGGED));

        assertFill("T-1", "412.5");
        assertFill("T-2", "410.10");
        assertFill("T-3", "412.5");
        assertFill("T-4", "399.5");
        assertFill("T-5", "100.00"); // the default price
        Message stopAck = client.await("stop NEW", er("T-3", ExecType.NEW));
        assertDecimal("400", stopAck, quickfix.field.StopPx.FIELD);
        assertEquals(OrdType.STOP_STOP_LOSS, stopAck.getChar(OrdType.FIELD));
        assertEquals(1, matching(er("T-1", ExecType.TRADE)).size());
    }

    @Test
    public void iocFillsOnceAndCancelsTheRestFokFillsAllOrExpires() throws Exception {
        start(b -> b.fillSlices(3));
        client.send(withTif(limit("I-1", "AAPL", "100", "10"), TimeInForce.IMMEDIATE_OR_CANCEL));
        Message partial = client.await("IOC fill", er("I-1", ExecType.TRADE));
        assertEquals(OrdStatus.PARTIALLY_FILLED, partial.getChar(OrdStatus.FIELD));
        assertDecimal("50", partial, LastQty.FIELD);
        Message canceled = client.await("IOC remainder canceled", er("I-1", ExecType.CANCELED));
        assertEquals(OrdStatus.CANCELED, canceled.getChar(OrdStatus.FIELD));
        assertDecimal("50", canceled, CumQty.FIELD);
        assertDecimal("0", canceled, LeavesQty.FIELD);
        assertEquals(TimeInForce.IMMEDIATE_OR_CANCEL, canceled.getChar(TimeInForce.FIELD));

        client.send(withTif(market("F-1", "AAPL", "500"), TimeInForce.FILL_OR_KILL));
        Message all = client.await("FOK filled", er("F-1", ExecType.TRADE, OrdStatus.FILLED));
        assertDecimal("500", all, LastQty.FIELD);
        assertDecimal("500", all, CumQty.FIELD);

        client.send(withTif(market("F-2", "AAPL", "20000"), TimeInForce.FILL_OR_KILL));
        Message expired = client.await("FOK expired", er("F-2", ExecType.EXPIRED));
        assertEquals(OrdStatus.EXPIRED, expired.getChar(OrdStatus.FIELD));
        assertDecimal("0", expired, CumQty.FIELD);
        assertTrue(expired.getString(Text.FIELD).contains("20000"));
        assertEquals(1, matching(er("F-1", ExecType.TRADE)).size());
        assertTrue(matching(er("F-2", ExecType.TRADE)).isEmpty());
    }

    @Test
    public void cancelOfAWorkingOrderThenOfADoneOrUnknownOrderIsRejected() throws Exception {
        start(b -> b.restOnly(true));
        client.send(limit("C-1", "AAPL", "100", "99"));
        client.await("NEW", er("C-1", ExecType.NEW));

        client.send(cancel("C-1-X", "C-1", "AAPL"));
        Message pending = client.await("PENDING_CANCEL", er("C-1-X", ExecType.PENDING_CANCEL));
        assertEquals(OrdStatus.PENDING_CANCEL, pending.getChar(OrdStatus.FIELD));
        assertEquals("C-1", pending.getString(OrigClOrdID.FIELD));
        Message canceled = client.await("CANCELED", er("C-1-X", ExecType.CANCELED));
        assertEquals(OrdStatus.CANCELED, canceled.getChar(OrdStatus.FIELD));
        assertEquals("C-1", canceled.getString(OrigClOrdID.FIELD));
        assertDecimal("0", canceled, LeavesQty.FIELD);
        assertEquals("S-1", canceled.getString(OrderID.FIELD));

        client.send(cancel("C-1-Y", "C-1", "AAPL"));
        Message tooLate = client.await("cancel reject (too late)", cancelReject("C-1-Y"));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REQUEST, tooLate.getChar(CxlRejResponseTo.FIELD));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, tooLate.getInt(CxlRejReason.FIELD));
        assertEquals(OrdStatus.CANCELED, tooLate.getChar(OrdStatus.FIELD));

        client.send(cancel("C-9-X", "C-9", "AAPL"));
        Message unknown = client.await("cancel reject (unknown)", cancelReject("C-9-X"));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, unknown.getInt(CxlRejReason.FIELD));
        assertEquals(OrdStatus.REJECTED, unknown.getChar(OrdStatus.FIELD));
        assertEquals("C-9", unknown.getString(OrigClOrdID.FIELD));
        assertTrue(unknown.getString(Text.FIELD).contains("unknown order"));
    }

    @Test
    public void cancelOfAFilledOrderIsRejectedAndACancelStopsPendingFills() throws Exception {
        start(b -> b.fillSlices(0).fillIntervalMillis(20));
        client.send(market("D-1", "AAPL", "10"));
        client.await("FILLED", er("D-1", ExecType.TRADE, OrdStatus.FILLED));
        client.send(cancel("D-1-X", "D-1", "AAPL"));
        Message reject = client.await("cancel reject", cancelReject("D-1-X"));
        assertEquals(CxlRejReason.TOO_LATE_TO_CANCEL, reject.getInt(CxlRejReason.FIELD));
        assertEquals(OrdStatus.FILLED, reject.getChar(OrdStatus.FIELD));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REQUEST, reject.getChar(CxlRejResponseTo.FIELD));
        sim.stop();
        client.close();

        // a second simulator with slow fills: cancel after the first partial fill
        Path store = tmp.newFolder("slow").toPath();
        sim = new FixBrokerSimulator(FixSimulatorConfig.builder(store).fillSlices(3).fillIntervalMillis(300).build());
        sim.start();
        client = new TestInitiator(sim.port()).start();
        client.awaitLogons(1);
        client.send(market("E-1", "AAPL", "100"));
        client.await("first fill", er("E-1", ExecType.TRADE));
        client.send(cancel("E-1-X", "E-1", "AAPL"));
        Message canceled = client.await("CANCELED", er("E-1-X", ExecType.CANCELED));
        BigDecimal cumAtCancel = canceled.getDecimal(CumQty.FIELD);
        assertTrue("partially filled when canceled: " + cumAtCancel,
                cumAtCancel.signum() > 0 && cumAtCancel.compareTo(new BigDecimal(100)) < 0);
        Thread.sleep(700); // more than two fill intervals: further fills would have been sent by now
        client.send(status("E-1-X", "AAPL"));
        Message st = client.await("status", er("E-1-X", ExecType.ORDER_STATUS));
        assertEquals(OrdStatus.CANCELED, st.getChar(OrdStatus.FIELD));
        assertEquals(0, cumAtCancel.compareTo(st.getDecimal(CumQty.FIELD)));
        List<Message> all = client.received();
        int canceledAt = indexOf(all, er("E-1-X", ExecType.CANCELED));
        for (Message m : all.subList(canceledAt, all.size())) {
            assertFalse("no fill after the cancel: " + m, er("E-1", ExecType.TRADE).test(m)
                    || er("E-1-X", ExecType.TRADE).test(m));
        }
        assertEquals("the fills sent are the fills received before the cancel",
                matching(er("E-1", ExecType.TRADE)).size(), sim.fillsSent("S-1"));
    }

    @Test
    public void replaceChangesQuantityAndPriceAndFillsContinueOnTheNewQuantity() throws Exception {
        start(b -> b.fillSlices(2).fillIntervalMillis(400));
        client.send(limit("P-1", "AAPL", "100", "101"));
        client.await("NEW", er("P-1", ExecType.NEW));
        client.send(replace("P-2", "P-1", "AAPL", "200", "102"));
        Message pending = client.await("PENDING_REPLACE", er("P-2", ExecType.PENDING_REPLACE));
        assertEquals(OrdStatus.PENDING_REPLACE, pending.getChar(OrdStatus.FIELD));
        assertEquals("P-1", pending.getString(OrigClOrdID.FIELD));
        Message replaced = client.await("REPLACED", er("P-2", ExecType.REPLACED));
        assertEquals("P-1", replaced.getString(OrigClOrdID.FIELD));
        assertDecimal("200", replaced, OrderQty.FIELD);
        assertDecimal("102", replaced, Price.FIELD);
        char st = replaced.getChar(OrdStatus.FIELD);
        assertTrue("NEW or PARTIALLY_FILLED: " + st, st == OrdStatus.NEW || st == OrdStatus.PARTIALLY_FILLED);
        assertEquals(0, new BigDecimal(200).subtract(replaced.getDecimal(CumQty.FIELD))
                .compareTo(replaced.getDecimal(LeavesQty.FIELD)));

        Message filled = client.await("FILLED on the new qty", er("P-2", ExecType.TRADE, OrdStatus.FILLED));
        assertDecimal("200", filled, CumQty.FIELD);
        assertDecimal("0", filled, LeavesQty.FIELD);
        assertDecimal("102", filled, LastPx.FIELD);
        assertEquals("S-1", filled.getString(OrderID.FIELD));
        assertEquals(0, sim.sessionRejectsReceived());
        SimulatedOrder book = sim.order("P-1").orElseThrow();
        assertEquals("P-2", book.clOrdId());
        assertEquals(List.of("P-1", "P-2"), book.clOrdIds());
        assertEquals(OrdStatus.FILLED, book.ordStatus());
        assertEquals(0, new BigDecimal(200).compareTo(book.cumQty()));
    }

    @Test
    public void replaceBelowTheFilledQuantityOrOfAnUnknownOrderIsRejected() throws Exception {
        start(b -> b.fillSlices(3).fillIntervalMillis(400));
        client.send(limit("Q-1", "AAPL", "100", "50"));
        Message first = client.await("first fill", er("Q-1", ExecType.TRADE));
        assertDecimal("25", first, CumQty.FIELD);
        client.send(replace("Q-2", "Q-1", "AAPL", "20", "50"));
        Message reject = client.await("replace reject", cancelReject("Q-2"));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST, reject.getChar(CxlRejResponseTo.FIELD));
        assertEquals("Q-1", reject.getString(OrigClOrdID.FIELD));
        assertTrue(reject.getString(Text.FIELD), reject.getString(Text.FIELD).contains("CumQty"));

        client.send(replace("Z-2", "Z-1", "AAPL", "20", "50"));
        Message unknown = client.await("replace reject (unknown)", cancelReject("Z-2"));
        assertEquals(CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST, unknown.getChar(CxlRejResponseTo.FIELD));
        assertEquals(CxlRejReason.UNKNOWN_ORDER, unknown.getInt(CxlRejReason.FIELD));

        client.await("FILLED on the old qty", er("Q-1", ExecType.TRADE, OrdStatus.FILLED));
    }

    @Test
    public void orderStatusRequestReportsTheOrderOrUnknown() throws Exception {
        start(b -> b.fillSlices(1));
        client.send(limit("S-A", "AAPL", "40", "12.5"));
        client.await("FILLED", er("S-A", ExecType.TRADE, OrdStatus.FILLED));
        client.send(status("S-A", "AAPL"));
        Message st = client.await("status", er("S-A", ExecType.ORDER_STATUS));
        assertEquals(OrdStatus.FILLED, st.getChar(OrdStatus.FIELD));
        assertDecimal("40", st, CumQty.FIELD);
        assertDecimal("0", st, LeavesQty.FIELD);
        assertDecimal("12.5", st, AvgPx.FIELD);
        assertEquals("S-1", st.getString(OrderID.FIELD));

        client.send(status("NOPE", "AAPL"));
        Message unknown = client.await("status of an unknown order", er("NOPE", ExecType.ORDER_STATUS));
        assertEquals(OrdStatus.REJECTED, unknown.getChar(OrdStatus.FIELD));
        assertEquals("unknown order", unknown.getString(Text.FIELD));
        assertUniqueExecIds(client.received());
    }

    @Test
    public void unknownOrderStatusCarriesOrdRejReasonFiveAndTheRequestsId() throws Exception {
        start(b -> b.restOnly(true));
        quickfix.fix44.OrderStatusRequest ask = status("NOPE-2", "AAPL");
        ask.setString(790, "Q-1");
        client.send(ask);
        Message unknown = client.await("status of an unknown order", er("NOPE-2", ExecType.ORDER_STATUS));
        assertEquals(OrdStatus.REJECTED, unknown.getChar(OrdStatus.FIELD));
        assertEquals(OrdRejReason.UNKNOWN_ORDER, unknown.getInt(OrdRejReason.FIELD));
        assertEquals("NONE", unknown.getString(OrderID.FIELD));
        assertEquals("Q-1", unknown.getString(790));
    }

    @Test
    public void anIgnoredNewOrderSingleIsCountedUnknownAndBookedOnceWhenSentAgain() throws Exception {
        start(b -> b.restOnly(true));
        sim.ignoreNextNewOrders(1);
        client.send(limit("IGN-1", "AAPL", "10", "10"));
        quickfix.fix44.OrderStatusRequest ask = status("IGN-1", "AAPL");
        ask.setString(790, "Q-2");
        client.send(ask);
        Message unknown = client.await("the lost order is unknown", er("IGN-1", ExecType.ORDER_STATUS));
        assertEquals(OrdRejReason.UNKNOWN_ORDER, unknown.getInt(OrdRejReason.FIELD));
        assertEquals(1, sim.newOrderSinglesReceived("IGN-1"));
        assertTrue("never answered", matching(er("IGN-1", ExecType.NEW)).isEmpty());

        client.send(limit("IGN-1", "AAPL", "10", "10"));
        client.await("NEW", er("IGN-1", ExecType.NEW));
        assertEquals(2, sim.newOrderSinglesReceived("IGN-1"));
        assertEquals(0, sim.possDupNewOrdersReceived());
        assertEquals("booked once", 1, sim.orders().size());
        assertEquals(1, sim.newOrdersReceived());
    }

    @Test
    public void duplicateNewOrderSinglesAreCountedAndNotExecutedTwice() throws Exception {
        start(b -> b.restOnly(true));
        quickfix.fix44.NewOrderSingle first = limit("DUP-1", "AAPL", "10", "10");
        client.send(first);
        int firstSeq = first.getHeader().getInt(MsgSeqNum.FIELD);
        client.await("NEW", er("DUP-1", ExecType.NEW));

        client.send(limit("DUP-1", "AAPL", "10", "10")); // same ClOrdID, not a resend
        Message dup = client.await("duplicate reject", er("DUP-1", ExecType.REJECTED));
        assertEquals(OrdRejReason.DUPLICATE_ORDER, dup.getInt(OrdRejReason.FIELD));
        assertEquals(1, sim.newOrdersReceived());
        assertEquals(1, sim.duplicateNewOrdersReceived());

        // the simulator "loses" both messages: the initiator resends them with PossDupFlag=Y
        sim.requestResendFrom(firstSeq);
        TestInitiator.await("the resent NewOrderSingles", () -> sim.duplicateNewOrdersReceived() == 3);
        assertEquals(2, sim.possDupNewOrdersReceived());
        assertEquals(4, sim.newOrderSinglesReceived("DUP-1"));
        client.send(status("DUP-1", "AAPL"));
        Message st = client.await("status", er("DUP-1", ExecType.ORDER_STATUS));
        assertEquals(OrdStatus.NEW, st.getChar(OrdStatus.FIELD));
        assertEquals(1, sim.newOrdersReceived());
        assertEquals("still one ack", 1, matching(er("DUP-1", ExecType.NEW)).size());
        assertEquals("the resend is ignored, not rejected again", 1, matching(er("DUP-1", ExecType.REJECTED)).size());
        assertEquals(1, sim.orders().size());
    }

    // ------------------------------------------------------------------------------------------------ faults

    @Test
    public void droppedConnectionMakesTheInitiatorReconnect() throws Exception {
        start(b -> b.fillSlices(0));
        assertEquals(1, sim.faultProxy().openConnections());
        assertEquals(1, sim.dropConnections());
        TestInitiator.await("logout seen by the initiator", () -> client.logouts.get() >= 1);
        client.awaitLogons(2);
        client.send(market("A-1", "AAPL", "5"));
        client.await("FILLED after the reconnect", er("A-1", ExecType.TRADE, OrdStatus.FILLED));
        assertTrue(sim.logons() >= 2);
    }

    @Test
    public void silentConnectionTimesTheInitiatorOutUntilResumed() throws Exception {
        start(b -> b.fillSlices(0));
        sim.goSilent();
        assertTrue(sim.isSilent());
        TestInitiator.await("the initiator gives up on the silent connection", () -> client.logouts.get() >= 1);
        assertTrue(sim.faultProxy().bytesDiscarded() > 0);
        sim.resume();
        client.awaitLogons(2);
        client.send(market("B-1", "AAPL", "5"));
        client.await("FILLED after resume", er("B-1", ExecType.TRADE, OrdStatus.FILLED));
    }

    @Test
    public void garbageAndInvalidMessagesDoNotBreakTheSession() throws Exception {
        start(b -> b.fillSlices(0));
        assertEquals(1, sim.sendGarbage(FixGarbage.noise(100, 42)));
        for (FixGarbage.Kind kind : FixGarbage.Kind.values()) {
            assertEquals(kind.name(), 1, sim.sendGarbage(kind));
        }
        // a hand-made message with a wrong BodyLength, through sendRaw
        assertEquals(1, sim.sendRaw(FixGarbage.withBadBodyLength(FixGarbage.message("FIX.4.4", "0", "SIMBROKER",
                "TRADELOOM", sim.nextSenderSeqNum()), -3)));
        TestInitiator.await("the initiator's Reject of the invalid ExecutionReport",
                () -> sim.sessionRejectsReceived() >= 1);

        client.send(market("G-1", "AAPL", "7"));
        client.await("FILLED after the garbage", er("G-1", ExecType.TRADE, OrdStatus.FILLED));
        assertEquals("never disconnected", 1, client.logons.get());
        assertEquals(0, client.logouts.get());
        assertTrue(client.isLoggedOn());
        for (Message m : client.received()) {
            assertFalse("the invalid report never reached the application",
                    m.isSetField(ClOrdID.FIELD) && m.getString(ClOrdID.FIELD).startsWith("GARBAGE"));
        }
    }

    @Test
    public void restartKeepsSequenceNumbersAndFinishesPendingFills() throws Exception {
        start(b -> b.fillSlices(3).fillIntervalMillis(300));
        int port = sim.port();
        client.send(limit("X-1", "AAPL", "400", "20"));
        client.await("NEW", er("X-1", ExecType.NEW));
        sim.stop();
        assertFalse(sim.isRunning());
        TestInitiator.await("the initiator sees the simulator go", () -> !client.isLoggedOn());
        int expectedIncoming = client.session().getExpectedTargetNum();
        int nextOutgoing = client.session().getExpectedSenderNum();
        assertTrue(Files.exists(sim.config().storeDir().resolve("simulator-orders.properties")));

        sim.start();
        assertEquals("same port", port, sim.port());
        client.awaitLogons(2);
        Message filled = client.await("FILLED after the restart", er("X-1", ExecType.TRADE, OrdStatus.FILLED));
        assertDecimal("400", filled, CumQty.FIELD);
        assertDecimal("20", filled, AvgPx.FIELD);
        BigDecimal sum = BigDecimal.ZERO;
        for (Message f : matching(er("X-1", ExecType.TRADE))) {
            sum = sum.add(f.getDecimal(LastQty.FIELD));
        }
        assertEquals("fills add up, none twice", 0, sum.compareTo(new BigDecimal(400)));
        assertUniqueExecIds(client.received());

        assertTrue("incoming numbers continue", client.session().getExpectedTargetNum() > expectedIncoming);
        assertTrue("outgoing numbers continue", client.session().getExpectedSenderNum() >= nextOutgoing);
        assertTrue("the simulator's numbers continue", sim.nextTargetSeqNum() >= nextOutgoing);
        for (Message m : client.adminReceived()) {
            assertFalse("no sequence reset: " + m, TestInitiator.resetSeqNumFlag(m));
            assertFalse("no SequenceReset-Reset: " + m,
                    MsgType.SEQUENCE_RESET.equals(m.getHeader().getString(MsgType.FIELD))
                            && !m.isSetField(quickfix.field.GapFillFlag.FIELD));
        }

        client.send(status("X-1", "AAPL"));
        Message st = client.await("status after the restart", er("X-1", ExecType.ORDER_STATUS));
        assertEquals(OrdStatus.FILLED, st.getChar(OrdStatus.FIELD));
        assertEquals(0, sim.sessionRejectsReceived());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertFill(String clOrdId, String price) throws Exception {
        Message f = client.await("fill of " + clOrdId, er(clOrdId, ExecType.TRADE, OrdStatus.FILLED));
        assertDecimal(price, f, LastPx.FIELD);
        assertDecimal(price, f, AvgPx.FIELD);
    }

    private List<Message> matching(Predicate<Message> p) {
        return client.received().stream().filter(p).toList();
    }

    private static int indexOf(List<Message> list, Predicate<Message> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    static void assertDecimal(String expected, Message m, int tag) throws FieldNotFound {
        assertNotNull(m);
        BigDecimal actual = m.getDecimal(tag);
        assertEquals("tag " + tag + " of " + m.toString().replace('\u0001', '|') + ": " + actual, 0,
                new BigDecimal(expected).compareTo(actual));
    }

    static void assertUniqueExecIds(List<Message> messages) throws FieldNotFound {
        Set<String> ids = new HashSet<>();
        for (Message m : messages) {
            if (m.isSetField(ExecID.FIELD)) {
                assertTrue("duplicate ExecID " + m.getString(ExecID.FIELD), ids.add(m.getString(ExecID.FIELD)));
            }
        }
    }

    static Predicate<Message> er(String clOrdId, char execType) {
        return m -> is(m, MsgType.EXECUTION_REPORT) && clOrdId.equals(str(m, ClOrdID.FIELD))
                && String.valueOf(execType).equals(str(m, ExecType.FIELD));
    }

    static Predicate<Message> er(String clOrdId, char execType, char ordStatus) {
        return er(clOrdId, execType).and(m -> String.valueOf(ordStatus).equals(str(m, OrdStatus.FIELD)));
    }

    static Predicate<Message> cancelReject(String clOrdId) {
        return m -> is(m, MsgType.ORDER_CANCEL_REJECT) && clOrdId.equals(str(m, ClOrdID.FIELD));
    }

    private static boolean is(Message m, String type) {
        try {
            return type.equals(m.getHeader().getString(MsgType.FIELD));
        } catch (FieldNotFound e) {
            return false;
        }
    }

    private static String str(Message m, int tag) {
        try {
            return m.isSetField(tag) ? m.getString(tag) : null;
        } catch (FieldNotFound e) {
            return null;
        }
    }
}
