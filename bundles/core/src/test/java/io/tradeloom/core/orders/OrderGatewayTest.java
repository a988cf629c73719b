package io.tradeloom.core.orders;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.OrderStats;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.testing.Exec;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.FakeQuotes;
import io.tradeloom.core.testing.FakeVenue;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.core.venues.Venues;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class OrderGatewayTest {

    private static final ObjectName ORDERS_MBEAN = name("io.tradeloom:type=orders");

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final FakeBundleContext bundle = new FakeBundleContext();
    private final List<OrderCommand> commands = new CopyOnWriteArrayList<>();
    private final List<String> venueHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger execIds = new AtomicInteger();

    private VenueRegistry registry;
    private FakeVenue paper;
    private DefaultCamelContext camel;
    private OrderGateway gateway;
    private RiskEngine risk;
    /** What the test broker answers to each command it receives; by default it acknowledges new orders. */
    private volatile Function<OrderCommand, List<Execution>> broker = this::ackSubmits;
    /** When set, the test broker's route throws this. */
    private volatile RuntimeException brokerFailure;

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Before
    public void setUp() throws Exception {
        registry = new VenueRegistry();
        paper = FakeVenue.broker("paper", "AAPL", "MSFT");
        Venues.deploy(registry, paper, "io.tradeloom.broker.paper");
        Venues.deploy(registry, FakeVenue.vendor("sim", "AAPL", "TSLA"), "io.tradeloom.vendor.sim");

        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.ORDERS_OUT).routeId("test-broker").process(exchange -> {
                    OrderCommand command = exchange.getMessage().getBody(OrderCommand.class);
                    commands.add(command);
                    venueHeaders.add(exchange.getMessage().getHeader(Endpoints.VENUE_HEADER, String.class));
                    RuntimeException failure = brokerFailure;
                    if (failure != null) {
                        throw failure;
                    }
                    for (Execution e : broker.apply(command)) {
                        gateway.onExecution(e);
                    }
                });
            }
        });
        camel.start();
        // Permissive risk: an empty configuration switches every rule off.
        risk = new RiskEngine(new FakeQuotes(), Map.of(), System::nanoTime);
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, bundle.context());
    }

    @After
    public void tearDown() {
        if (gateway != null) {
            gateway.deactivate();
        }
        camel.stop();
        Venues.shutdown(registry);
    }

    // ---------------------------------------------------------------- helpers

    private List<Execution> ackSubmits(OrderCommand c) {
        if (c instanceof OrderCommand.Submit s) {
            return List.of(Exec.ack(nextExecId(), s.order().id()).venue(s.order().venue()).build());
        }
        return List.of();
    }

    private static List<Execution> silent(OrderCommand c) {
        return List.of();
    }

    private String nextExecId() {
        return "X-" + execIds.incrementAndGet();
    }

    private static OrderRequest.Builder limitBuy() {
        return OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY).type(OrderType.LIMIT)
                .timeInForce(TimeInForce.DAY).quantity("100").limitPrice("100");
    }

    private ValidationException rejected(OrderRequest r) {
        try {
            Order o = gateway.submit(r);
            fail("expected a ValidationException, the order was accepted: " + o);
            return null;
        } catch (ValidationException e) {
            return e;
        }
    }

    private Order order(String id) {
        return gateway.order(id).orElseThrow(() -> new AssertionError("no order " + id));
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertNotNull("expected " + expected + " but was null", actual);
        assertEquals("expected " + expected + " but was " + actual.toPlainString(), 0,
                new BigDecimal(expected).compareTo(actual));
    }

    private DeadLetter onlyDeadLetter() {
        assertEquals("dead letters: " + deadLetters.recent(10), 1, deadLetters.total());
        return deadLetters.recent(1).get(0);
    }

    // ---------------------------------------------------------------- submit

    @Test
    public void acceptedOrderIsSentToItsVenueAndTheAckMakesItNew() {
        Order o = gateway.submit(limitBuy().clientOrderId("C-1").build());

        assertEquals(1, commands.size());
        OrderCommand.Submit sent = (OrderCommand.Submit) commands.get(0);
        assertEquals(o.id(), sent.order().id());
        assertEquals(OrderStatus.PENDING_NEW, sent.order().status());
        assertEquals(List.of("paper"), venueHeaders);

        assertEquals(OrderStatus.NEW, o.status());
        assertEquals("C-1", o.clientOrderId());
        assertEquals("V-1", o.venueOrderId());
        assertDecimal("100", o.leavesQty());
        assertDecimal("0", o.filledQty());
        assertSame(o, order(o.id()));
        assertEquals(List.of(o), gateway.orders(true));

        assertEquals(1, registry.venue("paper").orElseThrow().messagesOut());
        assertEquals(1, registry.venue("paper").orElseThrow().messagesIn());
        assertEquals(0, deadLetters.total());
    }

    @Test
    public void orderStaysPendingNewUntilTheVenueAnswers() {
        broker = OrderGatewayTest::silent;
        Order o = gateway.submit(limitBuy().build());
        assertEquals(OrderStatus.PENDING_NEW, o.status());
        assertEquals("without a client id the order id is used", o.id(), o.clientOrderId());
        assertEquals(-1, gateway.stats().meanAckLatencyMicros());
    }

    @Test
    public void orderIdsAreUnique() {
        Order a = gateway.submit(limitBuy().build());
        Order b = gateway.submit(limitBuy().build());
        assertFalse(a.id().equals(b.id()));
        assertEquals(2, gateway.orders(false).size());
    }

    @Test
    public void invalidRequestIsRejectedNamingFieldAndValue() {
        ValidationException e = rejected(limitBuy().quantity("-5").build());
        assertTrue(e.getMessage(), e.getMessage().contains("qty=-5"));
        assertEquals("qty", e.violations().get(0).field());
        assertEquals("-5", e.violations().get(0).value());

        e = rejected(limitBuy().limitPrice((String) null).build());
        assertTrue(e.getMessage(), e.getMessage().contains("price=(missing)"));

        assertTrue("nothing was sent", commands.isEmpty());
        assertTrue(gateway.orders(false).isEmpty());
    }

    @Test
    public void unknownVenueIsRejected() {
        ValidationException e = rejected(limitBuy().venue("nyse").build());
        Violation v = e.violations().get(0);
        assertEquals("venue", v.field());
        assertEquals("nyse", v.value());
        assertTrue(e.getMessage(), e.getMessage().contains("venue nyse is not deployed"));
        assertTrue(commands.isEmpty());
        assertEquals(1, gateway.stats().rejects());
    }

    @Test
    public void marketDataVendorTakesNoOrders() {
        ValidationException e = rejected(limitBuy().venue("sim").build());
        assertEquals("venue", e.violations().get(0).field());
        assertTrue(e.getMessage(), e.getMessage().contains("venue sim is a market-data vendor, not a broker"));
        assertTrue(commands.isEmpty());
    }

    @Test
    public void unsupportedOrderTypeIsRejectedNamingTheVenue() {
        ValidationException e = rejected(limitBuy().type(OrderType.STOP).limitPrice((String) null)
                .stopPrice("99").build());
        assertEquals("type", e.violations().get(0).field());
        assertEquals("STOP", e.violations().get(0).value());
        assertTrue(e.getMessage(), e.getMessage().contains("type=STOP: not supported by venue paper"));
        assertTrue(commands.isEmpty());
    }

    @Test
    public void unsupportedTimeInForceIsRejectedNamingTheVenue() {
        ValidationException e = rejected(limitBuy().timeInForce(TimeInForce.IOC).build());
        assertEquals("tif", e.violations().get(0).field());
        assertTrue(e.getMessage(), e.getMessage().contains("tif=IOC: not supported by venue paper"));
        assertTrue(commands.isEmpty());
    }

    @Test
    public void venueThatIsDownOrHaltedTakesNoOrders() {
        paper.health(VenueState.DOWN, "disconnected");
        ValidationException e = rejected(limitBuy().build());
        assertTrue(e.getMessage(), e.getMessage().contains("venue paper is DOWN"));
        paper.health(VenueState.HALTED, "halted by operator");
        e = rejected(limitBuy().build());
        assertTrue(e.getMessage(), e.getMessage().contains("venue paper is HALTED"));

        paper.health(VenueState.DEGRADED, "slow");
        assertEquals(OrderStatus.NEW, gateway.submit(limitBuy().build()).status());
    }

    @Test
    public void symbolTheBrokerDoesNotListIsRejected() {
        ValidationException e = rejected(limitBuy().symbol("TSLA").build());
        assertEquals("symbol", e.violations().get(0).field());
        assertTrue(e.getMessage(), e.getMessage().contains("symbol=TSLA: unknown symbol at venue paper"));
        assertTrue(commands.isEmpty());
    }

    @Test
    public void brokerWithoutASymbolListTakesAnySymbolThePlatformKnows() {
        FakeVenue open = FakeVenue.broker("open");
        Venues.deploy(registry, open, "b.open");

        Order o = gateway.submit(limitBuy().venue("open").symbol("TSLA").build());
        assertEquals(OrderStatus.NEW, o.status());
        assertEquals(List.of("open"), venueHeaders);

        ValidationException e = rejected(limitBuy().venue("open").symbol("ZZZZ").build());
        assertTrue(e.getMessage(), e.getMessage().contains("symbol=ZZZZ: unknown symbol"));
    }

    @Test
    public void repeatedClientOrderIdReturnsTheSameOrderAndSendsOnce() {
        Order first = gateway.submit(limitBuy().clientOrderId("C-42").build());
        Order again = gateway.submit(limitBuy().clientOrderId("C-42").quantity("999").build());

        assertEquals(first.id(), again.id());
        assertDecimal("100", again.quantity());
        assertEquals(1, commands.size());
        assertEquals(1, gateway.orders(false).size());

        Order other = gateway.submit(limitBuy().clientOrderId("C-43").build());
        assertFalse(other.id().equals(first.id()));
        assertEquals(2, commands.size());
    }

    // ---------------------------------------------------------------- executions

    @Test
    public void executionsMoveTheOrderFromNewThroughPartialToFilled() {
        broker = OrderGatewayTest::silent;
        Order o = gateway.submit(limitBuy().quantity("100").build());
        String id = o.id();

        gateway.onExecution(Exec.ack("E1", id).build());
        assertEquals(OrderStatus.NEW, order(id).status());

        gateway.onExecution(Exec.fill("E2", id, OrderStatus.PARTIALLY_FILLED, "40", "100").build());
        Order partial = order(id);
        assertEquals(OrderStatus.PARTIALLY_FILLED, partial.status());
        assertDecimal("40", partial.filledQty());
        assertDecimal("60", partial.leavesQty());
        assertDecimal("100", partial.avgPrice());
        assertEquals(List.of(partial), gateway.orders(true));

        gateway.onExecution(Exec.fill("E3", id, OrderStatus.FILLED, "60", "101").build());
        Order filled = order(id);
        assertEquals(OrderStatus.FILLED, filled.status());
        assertDecimal("100", filled.filledQty());
        assertDecimal("0", filled.leavesQty());
        assertDecimal("100.6", filled.avgPrice());

        assertTrue(gateway.orders(true).isEmpty());
        assertEquals(List.of(filled), gateway.orders(false));
        assertEquals(Long.valueOf(1), gateway.stats().countsByState().get("FILLED"));
        assertEquals(0, deadLetters.total());
        assertEquals(3, registry.venue("paper").orElseThrow().messagesIn());
    }

    @Test
    public void everyStoredChangeIsPublishedOnceToListenersAndAFailingListenerChangesNothing() {
        broker = OrderGatewayTest::silent;
        List<OrderEvent> events = new CopyOnWriteArrayList<>();
        gateway.addOrderEventListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        gateway.addOrderEventListener(events::add);
        String id = gateway.submit(limitBuy().quantity("100").build()).id();
        gateway.onExecution(Exec.ack("E1", id).build());
        Execution fill = Exec.fill("E2", id, OrderStatus.FILLED, "100", "100").build();
        gateway.onExecution(fill);
        gateway.onExecution(fill);

        assertEquals(3, events.size());
        assertEquals(null, events.get(0).previous());
        assertEquals(OrderStatus.PENDING_NEW, events.get(0).order().status());
        assertEquals(OrderStatus.NEW, events.get(1).order().status());
        assertFalse(events.get(1).isFill());
        assertTrue(events.get(2).isFill());
        assertEquals(fill, events.get(2).execution());
        assertEquals(OrderStatus.NEW, events.get(2).previous().status());
        assertEquals(OrderStatus.FILLED, order(id).status());
    }

    @Test
    public void stateLivesInTheStoreSoASecondGatewayOnItSeesOrdersAndClientIds() {
        broker = OrderGatewayTest::silent;
        InMemoryOrderStore store = new InMemoryOrderStore();
        gateway.deactivate();
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, HaltService.none(), store,
                bundle.context());
        Order first = gateway.submit(limitBuy().clientOrderId("C-7").build());
        gateway.onExecution(Exec.ack("E1", first.id()).build());
        gateway.deactivate();

        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, HaltService.none(), store,
                bundle.context());
        assertEquals(first.id(), gateway.submit(limitBuy().clientOrderId("C-7").build()).id());
        assertEquals(OrderStatus.NEW, order(first.id()).status());
        gateway.onExecution(Exec.ack("E1", first.id()).build());
        assertEquals(1, gateway.getDuplicateExecutions());
        assertEquals(1, commands.size());
    }

    @Test
    public void duplicateExecIdIsIgnoredAndCounted() {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.ack("E1", id).build());
        Execution partial = Exec.fill("E2", id, OrderStatus.PARTIALLY_FILLED, "40", "100").build();
        gateway.onExecution(partial);
        gateway.onExecution(partial);
        gateway.onExecution(Exec.fill("E2", id, OrderStatus.PARTIALLY_FILLED, "40", "100").build());

        assertDecimal("40", order(id).filledQty());
        assertEquals(2, gateway.getDuplicateExecutions());
        assertEquals(0, deadLetters.total());
    }

    @Test
    public void sameExecIdFromAnotherVenueIsNotADuplicate() {
        Venues.deploy(registry, FakeVenue.broker("paper2", "AAPL"), "b.paper2");
        broker = OrderGatewayTest::silent;
        String a = gateway.submit(limitBuy().build()).id();
        String b = gateway.submit(limitBuy().venue("paper2").build()).id();
        gateway.onExecution(Exec.ack("E1", a).build());
        gateway.onExecution(Exec.ack("E1", b).venue("paper2").build());
        assertEquals(OrderStatus.NEW, order(a).status());
        assertEquals(OrderStatus.NEW, order(b).status());
        assertEquals(0, gateway.getDuplicateExecutions());
    }

    @Test
    public void illegalTransitionGoesToDeadLettersAndLeavesTheOrderUnchanged() {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.fill("E1", id, OrderStatus.FILLED, "100", "100").build());
        Order filled = order(id);

        Execution late = Exec.ack("E2", id).build();
        gateway.onExecution(late);

        assertEquals(filled, order(id));
        DeadLetter d = onlyDeadLetter();
        assertEquals("paper", d.source());
        assertEquals("execution", d.kind());
        assertTrue(d.reason(), d.reason().contains("illegal transition FILLED -> NEW"));
        assertEquals(late.toString(), d.payload());
        assertEquals(1, registry.venue("paper").orElseThrow().errors());
    }

    @Test
    public void overfillGoesToDeadLettersAndLeavesTheOrderUnchanged() {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().quantity("100").build()).id();
        gateway.onExecution(Exec.fill("E1", id, OrderStatus.PARTIALLY_FILLED, "60", "100").build());
        Order before = order(id);
        gateway.onExecution(Exec.fill("E2", id, OrderStatus.FILLED, "60", "100").build());
        assertEquals(before, order(id));
        assertTrue(onlyDeadLetter().reason(), onlyDeadLetter().reason().contains("overfills"));
    }

    @Test
    public void executionForAnUnknownOrderGoesToDeadLetters() {
        gateway.onExecution(Exec.ack("E1", "O-NOPE").build());
        DeadLetter d = onlyDeadLetter();
        assertEquals("paper", d.source());
        assertTrue(d.reason(), d.reason().contains("unknown order O-NOPE"));
        assertTrue(gateway.orders(false).isEmpty());
    }

    @Test
    public void bodyThatIsNotAnExecutionGoesToDeadLetters() {
        gateway.onExecution("8=FIX.4.4|35=8|");
        DeadLetter d = onlyDeadLetter();
        assertEquals("unknown", d.source());
        assertEquals("execution", d.kind());
        assertTrue(d.reason(), d.reason().contains("java.lang.String"));
    }

    @Test
    public void venueRejectIsCountedAndKeepsItsText() {
        broker = c -> List.of(Exec.of(nextExecId(), c.order().id(), ExecType.REJECTED, OrderStatus.REJECTED)
                .text("insufficient buying power").build());
        Order o = gateway.submit(limitBuy().build());
        assertEquals(OrderStatus.REJECTED, o.status());
        assertEquals("insufficient buying power", o.reason());
        assertEquals(1, gateway.stats().rejects());
    }

    @Test
    public void executionsArriveThroughTheRegisteredCoreRoute() throws Exception {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().build()).id();

        camel.addRoutes(bundle.service(RoutesBuilder.class));
        assertNotNull(camel.getRoute("core-executions"));
        ProducerTemplate p = camel.createProducerTemplate();
        try {
            p.sendBody(Endpoints.CORE_EXECUTIONS, Exec.ack("E1", id).build());
        } finally {
            p.stop();
        }
        assertEquals(OrderStatus.NEW, order(id).status());

        gateway.deactivate();
        assertTrue(bundle.registrations(RoutesBuilder.class).get(0).unregistered());
        gateway = null;
    }

    // ---------------------------------------------------------------- venue leaving

    @Test
    public void venueLeavingSuspendsItsOpenOrdersAndLeavesTerminalOnesAlone() {
        Venues.deploy(registry, FakeVenue.broker("paper2", "AAPL"), "b.paper2");
        broker = OrderGatewayTest::silent;
        String pending = gateway.submit(limitBuy().build()).id();
        String working = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.ack("E1", working).build());
        String partial = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.fill("E2", partial, OrderStatus.PARTIALLY_FILLED, "10", "100").build());
        String filled = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.fill("E3", filled, OrderStatus.FILLED, "100", "100").build());
        String canceled = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.of("E4", canceled, ExecType.CANCELED, OrderStatus.CANCELED).build());
        String elsewhere = gateway.submit(limitBuy().venue("paper2").build()).id();
        gateway.onExecution(Exec.ack("E5", elsewhere).venue("paper2").build());
        Order filledBefore = order(filled);
        Order canceledBefore = order(canceled);

        Venues.undeploy(registry, paper);

        for (String id : List.of(pending, working, partial)) {
            Order o = order(id);
            assertEquals(id, OrderStatus.SUSPENDED, o.status());
            assertTrue(o.reason(), o.reason().contains("venue paper was undeployed"));
        }
        assertDecimal("10", order(partial).filledQty());
        assertDecimal("90", order(partial).leavesQty());
        assertEquals(filledBefore, order(filled));
        assertEquals(canceledBefore, order(canceled));
        assertEquals(OrderStatus.NEW, order(elsewhere).status());
        assertEquals(Long.valueOf(3), gateway.stats().countsByState().get("SUSPENDED"));

        // Telling it twice changes nothing.
        Order suspended = order(working);
        gateway.venueRemoved("paper");
        assertEquals(suspended, order(working));
    }

    /**
     * DONE_FOR_DAY is open but cannot move to SUSPENDED. A venue leaving with such an order must still suspend
     * its other working orders, and must not throw.
     */
    @Test
    public void venueLeavingWithADoneForDayOrderStillSuspendsTheOthers() {
        broker = OrderGatewayTest::silent;
        List<String> working = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = gateway.submit(limitBuy().build()).id();
            gateway.onExecution(Exec.ack("A" + i, id).build());
            working.add(id);
        }
        String dfd = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.ack("A-dfd", dfd).build());
        gateway.onExecution(Exec.of("D-dfd", dfd, ExecType.DONE_FOR_DAY, OrderStatus.DONE_FOR_DAY).build());
        assertEquals(OrderStatus.DONE_FOR_DAY, order(dfd).status());

        try {
            gateway.venueRemoved("paper");
        } catch (RuntimeException e) {
            fail("venueRemoved must not fail on a DONE_FOR_DAY order: " + e);
        }
        for (String id : working) {
            assertEquals(id, OrderStatus.SUSPENDED, order(id).status());
        }
        assertEquals(OrderStatus.DONE_FOR_DAY, order(dfd).status());
    }

    // ---------------------------------------------------------------- send failures

    @Test
    public void orderTheVenueDoesNotTakeIsRejectedWithTheReason() {
        brokerFailure = new IllegalStateException("broker offline");
        Order o = gateway.submit(limitBuy().clientOrderId("C-9").build());

        assertEquals(OrderStatus.REJECTED, o.status());
        assertTrue(o.reason(), o.reason().contains("venue paper did not take the submit: broker offline"));
        assertDecimal("0", o.leavesQty());
        assertEquals(1, commands.size());
        assertEquals(1, gateway.stats().rejects());
        assertEquals(-1, gateway.stats().meanAckLatencyMicros());
        assertEquals(1, registry.venue("paper").orElseThrow().errors());

        // The client id stays taken by the rejected order.
        brokerFailure = null;
        assertEquals(o.id(), gateway.submit(limitBuy().clientOrderId("C-9").build()).id());
        assertEquals(1, commands.size());
    }

    // ---------------------------------------------------------------- cancel / replace

    @Test
    public void cancelSendsACancelCommandForAnOpenOrder() {
        Order o = gateway.submit(limitBuy().build());
        Order returned = gateway.cancel(o.id());
        assertEquals(o.id(), returned.id());
        assertEquals(2, commands.size());
        OrderCommand.Cancel cancel = (OrderCommand.Cancel) commands.get(1);
        assertEquals(o.id(), cancel.order().id());
        assertTrue(cancel.requestId(), cancel.requestId().startsWith(o.id() + "-C"));
        assertEquals("paper", venueHeaders.get(1));
    }

    @Test
    public void cancelOfUnknownTerminalOrUndeployedIsRejected() {
        ValidationException e = expectRejected(() -> gateway.cancel("O-NOPE"));
        assertTrue(e.getMessage(), e.getMessage().contains("id=O-NOPE: unknown order"));

        broker = OrderGatewayTest::silent;
        String filled = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.fill("E1", filled, OrderStatus.FILLED, "100", "100").build());
        e = expectRejected(() -> gateway.cancel(filled));
        assertTrue(e.getMessage(), e.getMessage().contains("order is FILLED"));

        String open = gateway.submit(limitBuy().build()).id();
        Venues.undeploy(registry, paper);
        e = expectRejected(() -> gateway.cancel(open));
        assertTrue(e.getMessage(), e.getMessage().contains("venue paper is not deployed"));
    }

    @Test
    public void cancelTheVenueDoesNotTakeFailsButLeavesTheOrderAsItWas() {
        Order o = gateway.submit(limitBuy().build());
        brokerFailure = new IllegalStateException("link down");
        ValidationException e = expectRejected(() -> gateway.cancel(o.id()));
        assertTrue(e.getMessage(), e.getMessage().contains("cancel rejected"));
        assertTrue(e.getMessage(), e.getMessage().contains("link down"));
        assertEquals(o, order(o.id()));
    }

    @Test
    public void replaceIsValidatedAndSent() {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().quantity("100").build()).id();
        gateway.onExecution(Exec.fill("E1", id, OrderStatus.PARTIALLY_FILLED, "30", "100").build());

        assertTrue(expectRejected(() -> gateway.replace(id, null, null)).getMessage().contains("qty"));
        assertTrue(expectRejected(() -> gateway.replace(id, new BigDecimal("30"), null)).getMessage()
                .contains("must be above the filled quantity 30"));
        assertTrue(expectRejected(() -> gateway.replace(id, null, new BigDecimal("-1"))).getMessage()
                .contains("price=-1"));
        assertEquals("nothing sent for the refused replaces", 1, commands.size());

        gateway.replace(id, new BigDecimal("150"), new BigDecimal("99.5"));
        OrderCommand.Replace r = (OrderCommand.Replace) commands.get(1);
        assertDecimal("150", r.newQuantity());
        assertDecimal("99.5", r.newLimitPrice());
        assertTrue(r.requestId(), r.requestId().startsWith(id + "-R"));
    }

    @Test
    public void replacePriceOfAMarketOrderIsRefused() {
        String id = gateway.submit(limitBuy().type(OrderType.MARKET).limitPrice((String) null).build()).id();
        ValidationException e = expectRejected(() -> gateway.replace(id, null, new BigDecimal("10")));
        assertTrue(e.getMessage(), e.getMessage().contains("not allowed for MARKET orders"));
    }

    private static ValidationException expectRejected(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            return e;
        }
        throw new AssertionError("expected a ValidationException");
    }

    // ---------------------------------------------------------------- stats and JMX

    @Test
    public void ackLatencyIsMeasuredFromAcceptToTheFirstAnswer() {
        OrderStats none = gateway.stats();
        assertEquals(-1, none.meanAckLatencyMicros());
        assertEquals(-1, none.maxAckLatencyMicros());

        gateway.submit(limitBuy().build());
        gateway.submit(limitBuy().build());
        OrderStats s = gateway.stats();
        assertTrue(s.toString(), s.meanAckLatencyMicros() >= 0);
        assertTrue(s.toString(), s.maxAckLatencyMicros() >= s.meanAckLatencyMicros());
        assertEquals(Long.valueOf(2), s.countsByState().get("NEW"));
        assertEquals(Long.valueOf(0), s.countsByState().get("FILLED"));
        assertEquals("every status is listed", OrderStatus.values().length, s.countsByState().size());
    }

    @Test
    public void onlyTheFirstAnswerCountsForAckLatency() {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.ack("E1", id).build());
        long max = gateway.getMaxAckLatencyMicros();
        gateway.onExecution(Exec.fill("E2", id, OrderStatus.PARTIALLY_FILLED, "1", "100").build());
        gateway.onExecution(Exec.fill("E3", id, OrderStatus.PARTIALLY_FILLED, "1", "100").build());
        assertEquals(max, gateway.getMaxAckLatencyMicros());
    }

    @Test
    public void figuresAreReadableOverJmx() throws Exception {
        assertTrue(mbeans.isRegistered(ORDERS_MBEAN));
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.ack("E1", id).build());
        gateway.onExecution(Exec.ack("E1", id).build());
        String filled = gateway.submit(limitBuy().build()).id();
        gateway.onExecution(Exec.fill("E2", filled, OrderStatus.FILLED, "100", "100").build());
        rejected(limitBuy().venue("nyse").build());

        assertEquals(2L, mbeans.getAttribute(ORDERS_MBEAN, "TotalOrders"));
        assertEquals(1L, mbeans.getAttribute(ORDERS_MBEAN, "OpenOrders"));
        assertEquals(1L, mbeans.getAttribute(ORDERS_MBEAN, "Rejects"));
        assertEquals(1L, mbeans.getAttribute(ORDERS_MBEAN, "DuplicateExecutions"));
        long mean = (Long) mbeans.getAttribute(ORDERS_MBEAN, "MeanAckLatencyMicros");
        long max = (Long) mbeans.getAttribute(ORDERS_MBEAN, "MaxAckLatencyMicros");
        assertTrue(mean >= 0);
        assertTrue(max >= mean);

        TabularData counts = (TabularData) mbeans.getAttribute(ORDERS_MBEAN, "CountsByState");
        Map<String, Long> byState = new HashMap<>();
        for (Object row : counts.values()) {
            CompositeData c = (CompositeData) row;
            byState.put((String) c.get("key"), (Long) c.get("value"));
        }
        assertEquals(Long.valueOf(1), byState.get("NEW"));
        assertEquals(Long.valueOf(1), byState.get("FILLED"));
        assertEquals(Long.valueOf(0), byState.get("REJECTED"));

        gateway.deactivate();
        gateway = null;
        assertFalse(mbeans.isRegistered(ORDERS_MBEAN));
    }

    @Test
    public void deactivateStopsListeningToVenues() {
        broker = OrderGatewayTest::silent;
        String id = gateway.submit(limitBuy().build()).id();
        gateway.deactivate();
        OrderGateway old = gateway;
        gateway = null;
        Venues.undeploy(registry, paper);
        assertEquals(OrderStatus.PENDING_NEW, old.order(id).orElseThrow().status());
    }

    // ---------------------------------------------------------------- pre-trade risk

    @Test
    public void riskRejectCreatesNoOrderAndIsCounted() {
        risk.reconfigure(Map.of("max.order.qty", "50"));
        ValidationException e = rejected(limitBuy().clientOrderId("C-RISK").build());
        assertEquals("risk: max.order.qty=50 exceeded: qty=100 (account=default, symbol=AAPL)", e.getMessage());
        assertEquals("max.order.qty", e.violations().get(0).field());
        assertTrue("nothing was sent", commands.isEmpty());
        assertTrue("nothing was created", gateway.orders(false).isEmpty());
        assertEquals(1, gateway.stats().rejects());
        assertEquals(1L, gateway.getRejects());
        assertEquals(0, risk.openOrders("default", "AAPL"));

        // the client order id was not taken by the rejected request
        risk.reconfigure(Map.of("max.order.qty", "100"));
        Order o = gateway.submit(limitBuy().clientOrderId("C-RISK").build());
        assertEquals(OrderStatus.NEW, o.status());
        assertEquals(1, gateway.orders(false).size());
        assertEquals(1, gateway.stats().rejects());
    }

    @Test
    public void riskRunsAfterValidationAndVenueChecks() {
        risk.reconfigure(Map.of("max.order.qty", "50"));
        ValidationException e = rejected(limitBuy().venue("nyse").build());
        assertEquals("venue", e.violations().get(0).field());
        e = rejected(limitBuy().quantity("-5").build());
        assertEquals("qty", e.violations().get(0).field());
        assertEquals(2, gateway.stats().rejects());
    }

    @Test
    public void riskKeepsOpenOrdersAndPositionsFromTheGatewaysExecutions() {
        risk.reconfigure(Map.of("max.open.orders", "1", "max.position", "100"));
        String buy = gateway.submit(limitBuy().build()).id();
        assertEquals(1, risk.openOrders("default", "AAPL"));
        ValidationException e = rejected(limitBuy().quantity("10").build());
        assertEquals("risk: max.open.orders=1 reached: open.orders=1 (account=default, symbol=AAPL)",
                e.getMessage());

        gateway.onExecution(Exec.fill("F1", buy, OrderStatus.FILLED, "100", "100").build());
        assertEquals(0, risk.openOrders("default", "AAPL"));
        e = rejected(limitBuy().quantity("1").build());
        assertEquals("risk: max.position=100 exceeded: position=100 buy 1 -> 101 (account=default, symbol=AAPL)",
                e.getMessage());

        String sell = gateway.submit(limitBuy().side(Side.SELL).quantity("40").build()).id();
        gateway.onExecution(Exec.fill("F2", sell, OrderStatus.FILLED, "40", "101").build());
        assertDecimal("60", risk.position("default", "AAPL").quantity());
        assertEquals(2, gateway.stats().rejects());
        assertEquals(2, gateway.orders(false).size());
    }
}
