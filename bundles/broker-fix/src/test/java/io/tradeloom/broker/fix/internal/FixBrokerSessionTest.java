package io.tradeloom.broker.fix.internal;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.CamelExecutionException;
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
import quickfix.Session;
import quickfix.SessionID;

import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * FixBroker against a real QuickFIX/J acceptor ({@link SimBroker}) over 127.0.0.1, with a real Camel context:
 * order commands go in through the broker's own route, executions come out on {@link Endpoints#EXECUTIONS_IN}.
 */
public class FixBrokerSessionTest {

    private static final String VENUE = "fix-test";
    private static final String US = "TRADELOOM";
    private static final String THEM = "SIMBROKER";
    private static final long WAIT_MS = SimBroker.WAIT_MS;
    private static final String NANOS_TIMESTAMP = "\\d{8}-\\d{2}:\\d{2}:\\d{2}\\.\\d{9}";

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
    private GatedRelay relay;
    private DefaultCamelContext camel;
    private ProducerTemplate template;
    private FixBroker broker;
    private boolean deactivated;

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
    }

    @After
    public void tearDown() throws Exception {
        try {
            if (broker != null && !deactivated) {
                broker.deactivate();
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
            if (relay != null) {
                relay.close();
            }
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

    private SimBroker sim() throws Exception {
        return sim(US);
    }

    private SimBroker sim(String clientCompId) throws Exception {
        sim = new SimBroker(port, THEM, clientCompId);
        return sim;
    }

    private FixBroker startBroker(Map<String, Object> extra) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("service.pid", "io.tradeloom.broker.fix.test-1");
        props.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.tradeloom.broker.fix-test.cfg");
        props.put("id", VENUE);
        props.put("SenderCompID", US);
        props.put("TargetCompID", THEM);
        props.put("SocketConnectHost", "127.0.0.1");
        props.put("SocketConnectPort", String.valueOf(port));
        props.put("HeartBtInt", "1");
        props.put("ReconnectInterval", "1");
        props.put("symbol.map", "BRK.B=BRK/B");
        props.putAll(extra);
        broker = new FixBroker(camel, orders, deadLetters, props, bundleContext.context());
        camel.addRoutes((RoutesBuilder) bundleContext.only(RoutesBuilder.class).service);
        return broker;
    }

    private void startAndLogOn() throws Exception {
        startAndLogOn(Map.of());
    }

    private void startAndLogOn(Map<String, Object> extra) throws Exception {
        if (sim == null) {
            sim();
        }
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
        return awaitExecution(orderId + " " + type, e -> e.orderId().equals(orderId) && e.execType() == type);
    }

    private Execution awaitExecution(String what, Predicate<Execution> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            for (Execution e : executions) {
                if (p.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no execution " + what + " within " + WAIT_MS + " ms; have " + executions + "; dead letters "
                        + deadLetters.recent(20) + (sim == null ? "" : "; simulated broker errors " + sim.errors()));
            }
            Thread.sleep(10);
        }
    }

    private DeadLetter awaitDeadLetter(String reasonContains) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            for (DeadLetter d : deadLetters.recent(1000)) {
                if (d.reason().contains(reasonContains)) {
                    return d;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no dead letter '" + reasonContains + "' within " + WAIT_MS + " ms; have "
                        + deadLetters.recent(20));
            }
            Thread.sleep(10);
        }
    }

    /** A dead letter that carries this text anywhere (reason or payload). */
    private DeadLetter awaitDeadLetterAbout(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            for (DeadLetter d : deadLetters.recent(1000)) {
                if (d.reason().contains(text) || d.payload().contains(text)) {
                    return d;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no dead letter about '" + text + "' within " + WAIT_MS + " ms; have " + deadLetters.recent(20)
                        + "; malformed " + broker.info().malformed() + "; the simulated broker received "
                        + sim.received(quickfix.field.MsgType.REJECT));
            }
            Thread.sleep(10);
        }
    }

    private void send(OrderCommand command) {
        template.sendBody(Endpoints.brokerOrders(VENUE), command);
    }

    /** The core accepted the order (PENDING_NEW) and sends it to the venue. */
    private Order submit(Order o) {
        orders.put(o);
        send(new OrderCommand.Submit(o));
        return o;
    }

    private static Order order(String id) {
        return Orders.limit(id, VENUE, "BRK.B", Side.BUY, "100", "101.2500");
    }

    /** A second order submitted and filled: the session still works. */
    private void assertSessionStillWorks(String orderId) throws Exception {
        sim.orderAnswer = SimBroker.OrderAnswer.FILL;
        submit(order(orderId));
        Execution fill = awaitExecution(orderId, ExecType.TRADE);
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertTrue(broker.info().loggedOn());
    }

    private static Set<ObjectName> quickFixMBeans() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.quickfixj:*"), null);
    }

    // ----------------------------------------------------------------------------------------------- the tests

    @Test
    public void healthGoesFromConnectingToUpAfterLogon() throws Exception {
        sim().start();
        relay = new GatedRelay(port);
        startBroker(Map.of("SocketConnectPort", String.valueOf(relay.port())));
        await("the initiator connected", () -> relay.accepted() > 0);

        assertEquals(VenueState.CONNECTING, broker.health().state());
        FixSessionInfo before = broker.info();
        assertEquals("CONNECTING", before.state());
        assertFalse(before.loggedOn());
        assertNull(before.logonTime());
        assertNull(before.lastHeartbeat());
        assertEquals(VENUE, before.venueId());
        assertEquals("FIX.4.4:TRADELOOM->SIMBROKER", before.sessionId());
        assertEquals(1, before.nextTargetSeqNum());
        assertEquals(VENUE, broker.venueId());
        assertEquals(VENUE, broker.descriptor().id());
        assertEquals(VenueKind.BROKER, broker.descriptor().kind());

        relay.open();
        awaitLoggedOn();

        FixSessionInfo up = broker.info();
        assertEquals("UP", up.state());
        assertTrue(up.loggedOn());
        assertNotNull(up.logonTime());
        assertTrue("Logon was sent and answered: " + up, up.nextSenderSeqNum() >= 2 && up.nextTargetSeqNum() >= 2);
        await("a heartbeat from the counterparty", () -> broker.info().lastHeartbeat() != null);
    }

    @Test
    public void refusedConnectionMakesTheVenueDownUntilLogon() throws Exception {
        sim();
        startBroker(Map.of());

        await("DOWN after a refused connection", () -> broker.health().state() == VenueState.DOWN);

        String detail = broker.health().detail();
        assertTrue(detail, detail.contains("127.0.0.1:" + port));
        assertFalse(broker.info().loggedOn());
        assertEquals("a refused connection is not malformed input from the counterparty", 0,
                broker.info().malformed());
        assertEquals("a refused connection is not a dead letter: " + deadLetters.recent(5), 0, deadLetters.total());

        sim.start();
        awaitLoggedOn();
        assertTrue(broker.health().detail(), broker.health().detail().contains("logged on"));
    }

    @Test
    public void submitDeliversNewAndFilledExecutionsForOurOrder() throws Exception {
        startAndLogOn();

        submit(order("ORD-1"));

        Message d = sim.await("D", "ORD-1");
        assertEquals("BRK/B", d.getString(55));
        assertEquals("1", d.getString(54));
        assertEquals("100", d.getString(38));
        assertEquals("2", d.getString(40));
        assertEquals("101.2500", d.getString(44));
        assertEquals("0", d.getString(59));
        assertEquals("ACC-1", d.getString(1));
        assertTrue(d.getString(60), d.getString(60).matches(NANOS_TIMESTAMP));

        Execution fill = awaitExecution("ORD-1", ExecType.TRADE);
        Execution ack = awaitExecution("ORD-1", ExecType.NEW);
        assertTrue("NEW arrives before the fill", executions.indexOf(ack) < executions.indexOf(fill));
        assertEquals(OrderStatus.NEW, ack.ordStatus());
        assertEquals(VENUE, ack.venue());
        assertEquals("ORD-1", ack.clientOrderId());
        assertNotNull(ack.venueOrderId());
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertEquals(ack.venueOrderId(), fill.venueOrderId());
        assertEquals(new BigDecimal("100"), fill.lastQty());
        assertEquals(new BigDecimal("101.2500"), fill.lastPrice());
        assertEquals(new BigDecimal("100"), fill.cumQty());
        assertTrue(fill.isFill());
        assertTrue("no session-level complaint from the counterparty: " + sim.errors(), sim.errors().isEmpty());
        assertTrue(sim.received(quickfix.field.MsgType.REJECT).isEmpty());
    }

    @Test
    public void cancelNamesTheOrdersClOrdIdAsOrigClOrdId() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        startAndLogOn();
        Order o = submit(order("ORD-1"));
        String clOrdId = sim.await("D", "ORD-1").getString(11);
        Execution ack = awaitExecution("ORD-1", ExecType.NEW);

        send(new OrderCommand.Cancel(Orders.withVenueOrderId(o, ack.venueOrderId()), "CX-1"));

        Message f = sim.await("F", "CX-1");
        assertEquals(clOrdId, f.getString(41));
        assertEquals(ack.venueOrderId(), f.getString(37));
        assertEquals("BRK/B", f.getString(55));
        Execution canceled = awaitExecution("ORD-1", ExecType.CANCELED);
        assertEquals(OrderStatus.CANCELED, canceled.ordStatus());
        assertEquals("CX-1", canceled.clientOrderId());
    }

    @Test
    public void replacedReportMakesItsClOrdIdTheOneTheNextCancelNames() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        startAndLogOn();
        Order o = submit(order("ORD-1"));
        awaitExecution("ORD-1", ExecType.NEW);

        send(new OrderCommand.Replace(o, "RP-1", new BigDecimal("200"), new BigDecimal("99.50")));

        Message g = sim.await("G", "RP-1");
        assertEquals("ORD-1", g.getString(41));
        assertEquals("200", g.getString(38));
        assertEquals("99.50", g.getString(44));
        assertEquals("2", g.getString(40));
        Execution replaced = awaitExecution("ORD-1", ExecType.REPLACED);
        assertEquals("RP-1", replaced.clientOrderId());
        assertEquals(new BigDecimal("200"), replaced.quantity());
        assertEquals(new BigDecimal("99.50"), replaced.limitPrice());

        send(new OrderCommand.Cancel(o, "CX-1"));

        assertEquals("RP-1", sim.await("F", "CX-1").getString(41));
        assertEquals("CX-1", awaitExecution("ORD-1", ExecType.CANCELED).clientOrderId());
    }

    @Test
    public void replaceThatIsNotYetAcceptedLeavesTheOriginalCurrent() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        sim.cancelAnswer = SimBroker.CancelAnswer.CANCEL;
        startAndLogOn();
        Order o = submit(order("ORD-1"));
        awaitExecution("ORD-1", ExecType.NEW);
        send(new OrderCommand.Replace(o, "RP-1", new BigDecimal("200"), null));
        sim.await("G", "RP-1");
        awaitExecution("ORD-1", ExecType.REPLACED);
        // The second replace names RP-1; until its REPLACED arrives, a cancel does too.
        send(new OrderCommand.Replace(o, "RP-2", null, new BigDecimal("98")));
        Message g2 = sim.await("G", "RP-2");
        assertEquals("RP-1", g2.getString(41));
        assertEquals("keeps the quantity of the order snapshot it was given", "100", g2.getString(38));
        awaitExecution("RP-2 REPLACED", e -> e.execType() == ExecType.REPLACED && "RP-2".equals(e.clientOrderId()));
        send(new OrderCommand.Cancel(o, "CX-1"));
        assertEquals("RP-2", sim.await("F", "CX-1").getString(41));
    }

    @Test
    public void commandWhileNotLoggedOnIsRejectedWhenDownIsReject() throws Exception {
        sim();
        startBroker(Map.of());
        Order early = order("ORD-1");

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> send(new OrderCommand.Submit(early)));

        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof IllegalStateException);
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("not logged on"));

        sim.start();
        awaitLoggedOn();
        submit(order("ORD-2"));
        sim.await("D", "ORD-2");
        sim.sync();
        assertTrue("the rejected command was never sent: " + sim.received("D"),
                sim.received("D").stream().noneMatch(m -> "ORD-1".equals(SimBroker.str(m, 11))));
        awaitExecution("ORD-2", ExecType.TRADE);
        assertTrue(executions.stream().noneMatch(x -> x.orderId().equals("ORD-1")));
    }

    @Test
    public void commandWhileNotLoggedOnIsHeldAndSentAfterLogonWhenDownIsHold() throws Exception {
        sim();
        startBroker(Map.of("when.down", "hold"));

        send(new OrderCommand.Submit(order("ORD-1")));

        assertFalse(broker.info().loggedOn());
        assertNotEquals(VenueState.UP, broker.health().state());
        sim.start();
        awaitLoggedOn();
        Message d = sim.await("D", "ORD-1");
        assertEquals("101.2500", d.getString(44));
        Execution fill = awaitExecution("ORD-1", ExecType.TRADE);
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertEquals(1, sim.received("D").size());
    }

    @Test
    public void operatorLogoutTakesTheSessionDownUntilLogon() throws Exception {
        startAndLogOn();

        broker.logout("end of day");

        await("DOWN after logout", () -> broker.health().state() == VenueState.DOWN);
        FixSessionInfo info = broker.info();
        assertFalse(info.loggedOn());
        assertEquals("DOWN", info.state());
        assertNull(info.logonTime());
        assertTrue(broker.health().detail(), broker.health().detail().contains("operator"));
        sim.await("Logout", m -> SimBroker.type(m).equals(quickfix.field.MsgType.LOGOUT));
        await("the counterparty saw the logout", () -> !sim.loggedOn());
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> send(new OrderCommand.Submit(order("ORD-1"))));
        assertTrue(e.getCause() instanceof IllegalStateException);

        broker.logon();

        awaitLoggedOn();
        assertSessionStillWorks("ORD-2");
    }

    @Test
    public void sequenceNumbersAndCountersAdvance() throws Exception {
        startAndLogOn();
        sim.sync();
        FixSessionInfo before = broker.info();

        submit(order("ORD-1"));
        awaitExecution("ORD-1", ExecType.TRADE);

        FixSessionInfo after = broker.info();
        assertTrue(before + " -> " + after, after.nextSenderSeqNum() >= before.nextSenderSeqNum() + 1);
        assertTrue(before + " -> " + after, after.nextTargetSeqNum() >= before.nextTargetSeqNum() + 2);
        assertTrue(before + " -> " + after, after.messagesOut() >= before.messagesOut() + 1);
        assertTrue(before + " -> " + after, after.messagesIn() >= before.messagesIn() + 2);
        int sentSeq = SimBroker.seq(sim.await("D", "ORD-1"));
        assertTrue("sent as " + sentSeq + ", next " + after.nextSenderSeqNum(), sentSeq < after.nextSenderSeqNum());
        assertTrue(sentSeq >= before.nextSenderSeqNum());
    }

    @Test
    public void executionReportForAnUnknownClOrdIdIsDeadLetteredAndTheSessionGoesOn() throws Exception {
        startAndLogOn();
        long malformedBefore = broker.info().malformed();
        long lettersBefore = deadLetters.total();

        quickfix.fix44.ExecutionReport er = SimBroker.executionReport("SIM-X", "SIM-X-0", "NOBODY", '0', '0',
                "BRK/B", '1', "100", "0", "0");
        sim.send(er);

        DeadLetter letter = awaitDeadLetter("NOBODY");
        assertTrue(letter.reason(), letter.reason().contains("unknown ClOrdID"));
        assertEquals(VENUE, letter.source());
        assertEquals("fix", letter.kind());
        assertTrue(letter.payload(), letter.payload().contains("|11=NOBODY|"));
        assertTrue(deadLetters.total() > lettersBefore);
        assertTrue(broker.info().malformed() > malformedBefore);
        assertTrue(executions.isEmpty());
        assertTrue("no session-level reject of the report: " + sim.received(quickfix.field.MsgType.REJECT),
                sim.received(quickfix.field.MsgType.REJECT).isEmpty());
        assertSessionStillWorks("ORD-1");
    }

    @Test
    public void invalidExecutionReportsForOurOrderAreDeadLetteredAndTheSessionGoesOn() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        startAndLogOn();
        submit(order("ORD-1"));
        String venueOrderId = awaitExecution("ORD-1", ExecType.NEW).venueOrderId();

        quickfix.fix44.ExecutionReport badStatus = SimBroker.executionReport(venueOrderId, "BAD-39", "ORD-1", '0',
                'Z', "BRK/B", '1', "100", "0", "0");
        sim.send(badStatus);
        DeadLetter first = awaitDeadLetterAbout("BAD-39");
        assertTrue(first.toString(), (first.reason() + first.payload()).contains("39"));

        quickfix.fix44.ExecutionReport badPrice = SimBroker.executionReport(venueOrderId, "BAD-44", "ORD-1", '0',
                '0', "BRK/B", '1', "100", "0", "0");
        badPrice.setString(44, "12,50");
        sim.send(badPrice);
        DeadLetter second = awaitDeadLetterAbout("BAD-44");
        assertTrue(second.toString(), (second.reason() + second.payload()).contains("44"));

        sim.sync();
        assertEquals("the counterparty is told of both", 2, sim.received(quickfix.field.MsgType.REJECT).size());
        assertTrue(executions.stream().noneMatch(e -> e.execId().startsWith("BAD-")));
        // One refused message is one malformed input and one dead letter; QuickFIX/J also reports the Reject it
        // sends back as an error event, which is not another input.
        assertEquals("dead letters for 2 refused messages: " + deadLetters.recent(10), 2, deadLetters.total());
        assertEquals("malformed count for 2 refused messages", 2, broker.info().malformed());
        assertSessionStillWorks("ORD-2");
    }

    @Test
    public void unexpectedMessageTypeIsDeadLetteredAndTheSessionGoesOn() throws Exception {
        startAndLogOn();
        long lettersBefore = deadLetters.total();

        quickfix.fix44.News news = new quickfix.fix44.News();
        news.setString(148, "market closes early");
        quickfix.fix44.News.LinesOfText line = new quickfix.fix44.News.LinesOfText();
        line.setString(58, "at 13:00");
        news.addGroup(line);
        sim.send(news);

        DeadLetter letter = awaitDeadLetter("unexpected message type B");
        assertTrue(letter.payload(), letter.payload().contains("148=market closes early"));
        assertTrue(deadLetters.total() > lettersBefore);
        assertSessionStillWorks("ORD-1");
    }

    @Test
    public void sessionRejectOfOurNewOrderSingleRejectsThatOrder() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.SESSION_REJECT;
        startAndLogOn();
        long rejectsBefore = broker.info().rejectsReceived();

        submit(order("ORD-1"));

        Execution rejected = awaitExecution("ORD-1", ExecType.REJECTED);
        assertEquals(OrderStatus.REJECTED, rejected.ordStatus());
        assertEquals(VENUE, rejected.venue());
        assertTrue(rejected.text(), rejected.text().contains("price outside the band"));
        assertEquals(rejectsBefore + 1, broker.info().rejectsReceived());
        DeadLetter letter = awaitDeadLetter("session Reject");
        assertTrue(letter.payload(), letter.payload().contains("|35=3|"));
        assertSessionStillWorks("ORD-2");
        assertEquals("only the rejected order was rejected", 1,
                executions.stream().filter(e -> e.execType() == ExecType.REJECTED).count());
    }

    @Test
    public void businessRejectOfOurNewOrderSingleRejectsThatOrder() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.BUSINESS_REJECT;
        startAndLogOn();

        submit(order("ORD-1"));

        Execution rejected = awaitExecution("ORD-1", ExecType.REJECTED);
        assertEquals(OrderStatus.REJECTED, rejected.ordStatus());
        assertTrue(rejected.text(), rejected.text().contains("account blocked"));
        assertSessionStillWorks("ORD-2");
    }

    @Test
    public void cancelRejectRestatesTheOrdersStatus() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        sim.cancelAnswer = SimBroker.CancelAnswer.CANCEL_REJECT;
        startAndLogOn();
        Order o = submit(order("ORD-1"));
        awaitExecution("ORD-1", ExecType.NEW);
        orders.put(Orders.withStatus(o, OrderStatus.PENDING_CANCEL));

        send(new OrderCommand.Cancel(o, "CX-1"));

        sim.await("F", "CX-1");
        Execution status = awaitExecution("ORD-1", ExecType.ORDER_STATUS);
        assertEquals(OrderStatus.NEW, status.ordStatus());
        assertEquals(VENUE, status.venue());
        assertTrue(status.text(), status.text().contains("CX-1"));
        assertTrue(status.text(), status.text().contains("too late to cancel"));
        assertTrue(broker.info().loggedOn());
    }

    @Test
    public void unsettledOrdersOfThisVenueGetAStatusRequestOnLogon() throws Exception {
        // The ClOrdID book of a previous run: B-P2 was replaced by RP-9.
        Path book = tmp.getRoot().toPath().resolve("fix").resolve(VENUE).resolve("clordids.log");
        Files.createDirectories(book.getParent());
        Files.write(book, "M B-P2 B-P2\nC B-P2 B-P2\nM RP-9 B-P2\nC RP-9 B-P2\n".getBytes(StandardCharsets.UTF_8));
        // The fake lists orders by id: those that must not be asked come first, so a wrong status request would
        // be on the wire before the last right one.
        orders.put(Orders.withStatus(order("A-N1"), OrderStatus.NEW));
        orders.put(Orders.withStatus(order("A-F1"), OrderStatus.FILLED));
        orders.put(Orders.limit("A-X1", "other-venue", "BRK.B", Side.BUY, "1", "1"));
        orders.put(order("B-P1"));
        orders.put(Orders.withStatus(order("B-P2"), OrderStatus.PENDING_REPLACE));
        orders.put(Orders.withStatus(order("B-P3"), OrderStatus.SUSPENDED));
        orders.put(Orders.withStatus(order("B-P4"), OrderStatus.PENDING_CANCEL));

        startAndLogOn();

        Message last = sim.await("H", "B-P4");
        Set<String> asked = sim.received(quickfix.field.MsgType.ORDER_STATUS_REQUEST).stream()
                .map(m -> SimBroker.str(m, 11)).collect(Collectors.toSet());
        assertEquals(Set.of("B-P1", "RP-9", "B-P3", "B-P4"), asked);
        assertEquals("BRK/B", last.getString(55));
        assertEquals("1", last.getString(54));
        assertTrue("valid status requests: " + sim.errors(), sim.errors().isEmpty());

        // The venue answers with the ClOrdID of the previous run: the restored book finds our order.
        quickfix.fix44.ExecutionReport answer = SimBroker.executionReport("SIM-P2", "SIM-P2-I", "RP-9", 'I', '0',
                "BRK/B", '1', "100", "0", "0");
        answer.setString(41, "B-P2");
        sim.send(answer);
        Execution status = awaitExecution("B-P2", ExecType.ORDER_STATUS);
        assertEquals(OrderStatus.NEW, status.ordStatus());
        assertEquals("RP-9", status.clientOrderId());
    }

    @Test
    public void deactivateStopsTheInitiatorAndUnregistersItsMBeans() throws Exception {
        // A CompID of its own, so that no MBean of another test's session can stand in for ours.
        String us = "TRADELOOM-JMX";
        Set<ObjectName> before = quickFixMBeans();
        sim(us);
        startAndLogOn(Map.of("SenderCompID", us));
        Set<ObjectName> running = new HashSet<>(quickFixMBeans());
        running.removeAll(before);
        assertTrue("the venue exports its connector: " + running,
                running.stream().anyMatch(n -> "Connector".equals(n.getKeyProperty("type"))));
        assertTrue("the venue exports its session: " + running, running.stream().anyMatch(n ->
                "Session".equals(n.getKeyProperty("type")) && us.equals(n.getKeyProperty("senderCompID"))));

        broker.deactivate();
        deactivated = true;

        Set<ObjectName> left = new HashSet<>(quickFixMBeans());
        left.removeAll(before);
        assertEquals("QuickFIX/J MBeans left after deactivate (were " + running + ")", Set.of(), left);
        assertNull("the session is gone", Session.lookupSession(new SessionID("FIX.4.4", us, THEM)));
        assertFalse(broker.info().loggedOn());
        assertNotEquals(VenueState.UP, broker.health().state());
        await("the counterparty saw the session end", () -> !sim.loggedOn());
        assertTrue("the route is unregistered", bundleContext.only(RoutesBuilder.class).unregistered);
    }

    @Test
    public void orderRateLimitRefusesTheOrderOverTheLimitButNotCancels() throws Exception {
        sim();
        sim.orderAnswer = SimBroker.OrderAnswer.ACK;
        startAndLogOn(Map.of("order.rate.limit", "1"));

        Order first = submit(order("ORD-1"));
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> submit(order("ORD-2")));
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("rate limit"));
        send(new OrderCommand.Cancel(first, "CX-1"));

        sim.await("F", "CX-1");
        assertEquals(1, sim.received("D").size());
        awaitExecution("ORD-1", ExecType.CANCELED);
    }

    @Test
    public void backupHostIsUsedAndFailedConnectionAttemptsAreNotMalformedInput() throws Exception {
        // Nobody listens on the primary address: QuickFIX/J tries it first, fails, then logs on at the backup.
        int deadPort = freePort();
        sim().start();
        startBroker(Map.of("SocketConnectPort", String.valueOf(deadPort), "SocketConnectHost1", "127.0.0.1",
                "SocketConnectPort1", String.valueOf(port)));

        awaitLoggedOn();

        assertEquals("a refused connection is not malformed input from the counterparty", 0,
                broker.info().malformed());
        assertEquals("a refused connection is not a dead letter: " + deadLetters.recent(5), 0, deadLetters.total());
    }
}
