package io.tradeloom.broker.fix.internal;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import quickfix.Message;
import quickfix.field.MsgType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The FIX venue's status route ({@link Endpoints#brokerStatus}) against a real QuickFIX/J acceptor on 127.0.0.1:
 * how the core learns whether a NEW whose send failed reached the broker, and that a NEW proven lost can never
 * arrive later as a QuickFIX/J resend (PossDupFlag=Y), so re-sending it cannot duplicate it.
 */
public class FixOrderStatusTest {

    private static final String VENUE = "fix-status";
    private static final String US = "TRADELOOM";
    private static final String THEM = "SIMBROKER";
    private static final long WAIT_MS = SimBroker.WAIT_MS;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(90);

    private final List<Execution> executions = new CopyOnWriteArrayList<>();
    private final FakeOrderService orders = new FakeOrderService();
    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final FakeBundleContext bundleContext = new FakeBundleContext();
    private String previousKarafData;
    private int port;
    private SimBroker sim;
    private DefaultCamelContext camel;
    private ProducerTemplate template;
    private FixBroker broker;

    @Before
    public void setUp() throws Exception {
        previousKarafData = System.getProperty("karaf.data");
        System.setProperty("karaf.data", tmp.getRoot().getAbsolutePath());
        port = freePort();
        camel = new DefaultCamelContext();
        camel.disableJMX();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.EXECUTIONS_IN).routeId("collect-executions")
                        .process(ex -> executions.add(ex.getMessage().getMandatoryBody(Execution.class)));
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        sim = new SimBroker(port, THEM, US);
    }

    @After
    public void tearDown() throws Exception {
        try {
            if (broker != null) {
                broker.deactivate();
            }
        } finally {
            sim.close();
            template.stop();
            camel.stop();
            if (previousKarafData == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previousKarafData);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startBroker(Map<String, Object> extra) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "io.tradeloom.broker.fix.status-1");
        props.put("id", VENUE);
        props.put("SenderCompID", US);
        props.put("TargetCompID", THEM);
        props.put("SocketConnectHost", "127.0.0.1");
        props.put("SocketConnectPort", String.valueOf(port));
        props.put("HeartBtInt", "1");
        props.put("ReconnectInterval", "1");
        // Only the status queries under test: no status requests of open orders after logon.
        props.put("status.request.delay.ms", "600000");
        props.putAll(extra);
        broker = new FixBroker(camel, orders, deadLetters, props, bundleContext.context());
        camel.addRoutes((RoutesBuilder) bundleContext.only(RoutesBuilder.class).service);
    }

    private void startAndLogOn(Map<String, Object> extra) throws Exception {
        sim.start();
        startBroker(extra);
        awaitLoggedOn();
    }

    private void awaitLoggedOn() throws InterruptedException {
        await("logon", () -> broker.health().state() == VenueState.UP && broker.info().loggedOn()
                && sim.loggedOn());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT_MS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    private Execution awaitExecution(String orderId, ExecType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            for (Execution e : executions) {
                if (e.orderId().equals(orderId) && e.execType() == type) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no execution " + orderId + " " + type + " within " + WAIT_MS + " ms; have " + executions
                        + "; dead letters " + deadLetters.recent(20) + "; simulated broker errors " + sim.errors());
            }
            Thread.sleep(10);
        }
    }

    private static Order order(String id) {
        return Orders.limit(id, VENUE, "BRK.B", Side.BUY, "100", "101.2500");
    }

    /** Submits through the venue's route; the failure the core would see, or null. */
    private Exception submit(Order o) {
        orders.put(o);
        Exchange ex = template.send(Endpoints.brokerOrders(VENUE),
                e -> e.getMessage().setBody(new OrderCommand.Submit(o)));
        return ex.getException();
    }

    /** Asks the venue's status route as the core does; the reply body (an OrderStatus or "unknown"). */
    private Object status(Order o) {
        return template.requestBody(Endpoints.brokerStatus(VENUE), o);
    }

    private Throwable statusFailure(Order o) {
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> status(o));
        return e.getCause();
    }

    private List<Message> gapFills() {
        return sim.received(MsgType.SEQUENCE_RESET).stream()
                .filter(m -> "Y".equals(SimBroker.str(m, 123))).toList();
    }

    // ----------------------------------------------------------------------------------------------- the tests

    @Test
    public void aNewThatReachedTheBrokerIsAnsweredWithItsStatusAndNotReSent() throws Exception {
        sim.answerStatus = true;
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        startAndLogOn(Map.of());
        Order o = order("ST-1");
        broker.injectNewOrderFault(FixBroker.NewOrderFault.FAIL_AFTER_WIRE);

        Exception failure = submit(o);
        assertNotNull("the injected fault fails the submit", failure);
        sim.await(MsgType.ORDER_SINGLE, "ST-1");

        assertEquals(OrderStatus.NEW, status(o));
        Message request = sim.await(MsgType.ORDER_STATUS_REQUEST, "ST-1");
        assertEquals("Side", "1", SimBroker.str(request, 54));
        assertEquals("Symbol", "BRK.B", SimBroker.str(request, 55));
        assertNotNull("OrdStatusReqID", SimBroker.str(request, 790));
        // The answer carries the broker's view of the order, so the core learns it too.
        Execution restated = awaitExecution("ST-1", ExecType.ORDER_STATUS);
        assertEquals(OrderStatus.NEW, restated.ordStatus());
        assertEquals(1, sim.newOrderSingles("ST-1"));
        assertEquals(1, sim.bookings("ST-1"));
    }

    @Test
    public void unknownOrderIsOrdRejReasonFiveOrOrderIdNone() throws Exception {
        Message er = SimBroker.executionReport("NONE", "X1", "C1", 'I', '8', "BRK.B", '1', "0", "0", "0");
        assertTrue(FixBroker.unknownOrder(er));
        er.setString(37, "V-9");
        assertFalse("a known order the broker rejected", FixBroker.unknownOrder(er));
        er.setInt(103, 5);
        assertTrue(FixBroker.unknownOrder(er));
        er.setChar(39, '0');
        assertFalse(FixBroker.unknownOrder(er));
    }

    @Test
    public void aFilledOrderIsAnsweredFilled() throws Exception {
        sim.answerStatus = true;
        startAndLogOn(Map.of());
        Order o = order("ST-2");
        assertEquals(null, submit(o));
        awaitExecution("ST-2", ExecType.TRADE);

        assertEquals(OrderStatus.FILLED, status(o));
    }

    @Test
    public void aNewTheBrokerDoesNotKnowIsUnknownAndItsCopyIsNeverResent() throws Exception {
        sim.answerStatus = true;
        sim.orderAnswer = SimBroker.OrderAnswer.IGNORE;
        startAndLogOn(Map.of());
        Order o = order("ST-3");
        broker.injectNewOrderFault(FixBroker.NewOrderFault.FAIL_AFTER_WIRE);
        assertNotNull(submit(o));
        Message lost = sim.await(MsgType.ORDER_SINGLE, "ST-3");
        int seqOfTheNew = SimBroker.seq(lost);

        assertEquals(Endpoints.STATUS_UNKNOWN, status(o));
        assertTrue("the broker was asked", sim.received(MsgType.ORDER_STATUS_REQUEST).size() == 1);
        assertTrue("the unknown-order answer is not a rejection of the order: " + executions,
                executions.stream().noneMatch(e -> e.orderId().equals("ST-3")));

        // The broker now asks for everything from the lost NEW on again (as after a reconnect): QuickFIX/J would
        // resend the NEW with PossDupFlag=Y; it must send a gap fill instead, and no stale status request either.
        sim.expectNext(seqOfTheNew);
        // Our next message (the answer to this TestRequest, or a heartbeat) shows the gap; it is itself gap-filled.
        sim.poke();
        await("a gap fill over the abandoned NEW", () -> gapFills().stream().anyMatch(m ->
                SimBroker.seq(m) <= seqOfTheNew && Integer.parseInt(SimBroker.str(m, 36)) > seqOfTheNew));
        sim.sync();
        assertEquals("no resent NewOrderSingle reached the broker", 0, sim.possDupNewOrderSingles());
        assertEquals("the stale status request was not resent either", 1,
                sim.received(MsgType.ORDER_STATUS_REQUEST).size());
        assertEquals(1, broker.suppressedNewOrderResends());

        // The core re-sends it: the broker books it once.
        sim.orderAnswer = SimBroker.OrderAnswer.FILL;
        assertEquals(null, submit(o));
        awaitExecution("ST-3", ExecType.TRADE);
        assertEquals(1, sim.bookings("ST-3"));
        assertEquals(0, sim.possDupNewOrderSingles());
    }

    @Test
    public void statusRequestsOfReconciliationAreStillResentOnlyTheCoresOwnAreNot() throws Exception {
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        startAndLogOn(Map.of("status.timeout.ms", "300"));
        Order o = order("ST-8");
        assertEquals(null, submit(o));
        awaitExecution("ST-8", ExecType.NEW);
        orders.put(Orders.withStatus(o, OrderStatus.NEW));
        // Reconciliation asks (no answer: the statement just notes it); then the core asks (times out).
        io.tradeloom.core.api.BrokerLedger ledger = (io.tradeloom.core.api.BrokerLedger)
                bundleContext.only(io.tradeloom.core.api.BrokerLedger.class).service;
        ledger.statement(Orders.CREATED.minusSeconds(1), java.time.Instant.now().plusSeconds(60), 1);
        Message first = sim.await("the reconciliation's status request", m -> SimBroker.type(m)
                .equals(MsgType.ORDER_STATUS_REQUEST) && SimBroker.str(m, 790) == null);
        assertTrue(statusFailure(o) instanceof TimeoutException);
        sim.await("the core's status request", m -> SimBroker.type(m).equals(MsgType.ORDER_STATUS_REQUEST)
                && SimBroker.str(m, 790) != null);

        // Both are asked for again: only the reconciliation's comes back (PossDupFlag=Y).
        sim.expectNext(SimBroker.seq(first));
        sim.poke();
        sim.await("the reconciliation's status request resent", m -> SimBroker.type(m)
                .equals(MsgType.ORDER_STATUS_REQUEST) && SimBroker.possDup(m));
        sim.sync();
        List<Message> resent = sim.received(MsgType.ORDER_STATUS_REQUEST).stream().filter(SimBroker::possDup)
                .toList();
        assertEquals(String.valueOf(resent), 1, resent.size());
        assertEquals(null, SimBroker.str(resent.get(0), 790));
        assertEquals(0, sim.possDupNewOrderSingles());
    }

    @Test
    public void aNewLostBeforeTheWireIsUnknownWithoutAskingAndIsGapFilledAfterTheReconnect() throws Exception {
        sim.answerStatus = true;
        startAndLogOn(Map.of());
        Order first = order("ST-4a");
        assertEquals(null, submit(first));
        awaitExecution("ST-4a", ExecType.TRADE);

        // The connection drops while the NEW is handed over: QuickFIX/J stores it but cannot write it, and would
        // resend it once the session is back. The broker lets no logon through until the status is answered.
        sim.refuseLogons = true;
        broker.injectNewOrderFault(FixBroker.NewOrderFault.LOSE_BEFORE_WIRE);
        Order o = order("ST-4");
        Exception failure = submit(o);
        assertNotNull(failure);
        assertFalse(broker.info().loggedOn());

        assertEquals("proven here: its only copy never left and is abandoned", Endpoints.STATUS_UNKNOWN, status(o));

        sim.refuseLogons = false;
        awaitLoggedOn();
        sim.sync();
        await("the stored NEW was replaced by a gap fill", () -> !gapFills().isEmpty()
                && broker.suppressedNewOrderResends() == 1);
        assertEquals("the lost NEW never arrived, not even as a resend", 0, sim.newOrderSingles("ST-4"));
        assertEquals(0, sim.received(MsgType.ORDER_STATUS_REQUEST).size());

        // Re-sent by the core: exactly one NewOrderSingle for the order at the broker.
        assertEquals(null, submit(o));
        awaitExecution("ST-4", ExecType.TRADE);
        sim.sync();
        assertEquals(1, sim.newOrderSingles("ST-4"));
        assertEquals(1, sim.bookings("ST-4"));
        assertEquals(1, sim.newOrderSingles("ST-4a"));
        assertEquals(0, sim.possDupNewOrderSingles());
    }

    @Test
    public void aNewThatFailedWhileLoggedOutNeverLeftAndIsUnknown() throws Exception {
        startBroker(Map.of());
        await("DOWN", () -> broker.health().state() == VenueState.DOWN);
        Order o = order("ST-5");

        Exception failure = submit(o);
        assertNotNull(failure);
        assertTrue(failure.getMessage(), failure.getMessage().contains("not logged on"));

        assertEquals(Endpoints.STATUS_UNKNOWN, status(o));
    }

    @Test
    public void noAnswerInTimeIsAnErrorSoTheNewIsNotReSent() throws Exception {
        sim.answerStatus = false;
        sim.orderAnswer = SimBroker.OrderAnswer.IGNORE;
        startAndLogOn(Map.of("status.timeout.ms", "300"));
        Order o = order("ST-6");
        broker.injectNewOrderFault(FixBroker.NewOrderFault.FAIL_AFTER_WIRE);
        assertNotNull(submit(o));

        Throwable cause = statusFailure(o);
        assertTrue(String.valueOf(cause), cause instanceof TimeoutException);
        assertTrue(cause.getMessage(), cause.getMessage().contains("ST-6") && cause.getMessage().contains("300 ms"));
        sim.await(MsgType.ORDER_STATUS_REQUEST, "ST-6");
    }

    @Test
    public void aNewThatMayHaveArrivedCannotBeAnsweredWhileLoggedOut() throws Exception {
        sim.answerStatus = true;
        sim.orderAnswer = SimBroker.OrderAnswer.IGNORE;
        startAndLogOn(Map.of());
        Order o = order("ST-7");
        broker.injectNewOrderFault(FixBroker.NewOrderFault.FAIL_AFTER_WIRE);
        assertNotNull(submit(o));
        sim.await(MsgType.ORDER_SINGLE, "ST-7");
        sim.refuseLogons = true;
        sim.dropConnection();
        await("logged out", () -> !broker.info().loggedOn());

        Throwable cause = statusFailure(o);
        assertTrue(String.valueOf(cause), cause instanceof IllegalStateException
                && cause.getMessage().contains("not logged on"));
        assertEquals(0, broker.suppressedNewOrderResends());
    }
}
