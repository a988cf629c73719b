package io.tradeloom.core.orders;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BreakerView;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.resilience.VenueResilience;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.routing.RoutingPolicy;
import io.tradeloom.core.testing.Exec;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.FakeQuotes;
import io.tradeloom.core.testing.FakeVenue;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.core.venues.Venues;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The gateway with two test brokers behind the real guard routes: each broker counts what reaches it (the
 * counterparty's view), can refuse a command before it arrives, lose the reply after it arrived, and answers
 * status queries unless told it cannot.
 */
public class OrderResilienceTest {

    /** One test broker: what arrived, and how it misbehaves. */
    static final class Broker {
        final String id;
        final Map<String, OrderStatus> known = new ConcurrentHashMap<>();
        final List<String> arrivedNew = new CopyOnWriteArrayList<>();
        final AtomicInteger cancelAttempts = new AtomicInteger();
        volatile int refuseNext;        // commands refused before they arrive (IOException)
        volatile int loseReplyNext;     // commands handled, then the reply lost (IOException)
        volatile int failCancels;       // cancels failing with IOException before they arrive
        volatile boolean answersStatus = true;
        volatile boolean statusDown;    // status query fails with IOException
        volatile int arriveSilentlyNext; // NEWs that arrive, but neither an ack nor a reply comes back
        final AtomicInteger statusAnswers = new AtomicInteger();

        Broker(String id) {
            this.id = id;
        }
    }

    private final Map<String, Broker> brokers = new HashMap<>();
    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final FakeBundleContext bundle = new FakeBundleContext();
    private final AtomicInteger execIds = new AtomicInteger();
    private VenueRegistry registry;
    private DefaultCamelContext camel;
    private VenueResilience resilience;
    private OrderGateway gateway;

    @Before
    public void setUp() throws Exception {
        registry = new VenueRegistry();
        for (String id : List.of("paper", "paper2")) {
            brokers.put(id, new Broker(id));
            Venues.deploy(registry, FakeVenue.broker(id, "AAPL"), "io.tradeloom.broker.paper");
        }
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(Endpoints.ORDERS_OUT).process(ex -> {
                    Broker b = brokers.get(ex.getMessage().getHeader(Endpoints.VENUE_HEADER, String.class));
                    handle(b, ex.getMessage().getBody(OrderCommand.class));
                });
                from(Endpoints.ORDERS_STATUS).process(ex -> {
                    Broker b = brokers.get(ex.getMessage().getHeader(Endpoints.VENUE_HEADER, String.class));
                    // As in the container: no status route for a venue that is not deployed here.
                    if (b == null || !b.answersStatus) {
                        throw new org.apache.camel.component.direct.DirectConsumerNotAvailableException(
                                "no status consumer", ex);
                    }
                    if (b.statusDown) {
                        throw new IOException("status down");
                    }
                    Order o = ex.getMessage().getBody(Order.class);
                    b.statusAnswers.incrementAndGet();
                    OrderStatus s = b.known.get(o.id());
                    ex.getMessage().setBody(s == null ? Endpoints.STATUS_UNKNOWN : s);
                });
            }
        });
        camel.start();
    }

    private void start(Map<String, Object> resilienceProps) {
        resilience = new VenueResilience(camel, resilienceProps);
        RiskEngine risk = new RiskEngine(new FakeQuotes(), Map.of(), System::nanoTime);
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, HaltService.none(), resilience,
                bundle.context());
    }

    private void handle(Broker b, OrderCommand cmd) throws IOException {
        if (cmd instanceof OrderCommand.Cancel) {
            b.cancelAttempts.incrementAndGet();
            if (b.failCancels > 0) {
                b.failCancels--;
                throw new IOException("cancel lost on the way");
            }
            if (!b.known.containsKey(cmd.order().id())) {
                throw new IllegalStateException("order " + cmd.order().id() + " unknown");
            }
            b.known.put(cmd.order().id(), OrderStatus.CANCELED);
            gateway.onExecution(Exec.of("X" + execIds.incrementAndGet(), cmd.order().id(),
                    io.tradeloom.domain.order.ExecType.CANCELED, OrderStatus.CANCELED).venue(b.id).build());
            return;
        }
        if (b.refuseNext > 0) {
            b.refuseNext--;
            throw new IOException("connection reset before the order arrived");
        }
        Order o = cmd.order();
        b.arrivedNew.add(o.id());
        b.known.put(o.id(), OrderStatus.NEW);
        if (b.arriveSilentlyNext > 0) {
            b.arriveSilentlyNext--;
            throw new IOException("connection lost after the write");
        }
        gateway.onExecution(Exec.ack("X" + execIds.incrementAndGet(), o.id()).venue(b.id).build());
        if (b.loseReplyNext > 0) {
            b.loseReplyNext--;
            throw new IOException("reply lost");
        }
    }

    @After
    public void tearDown() {
        if (gateway != null) {
            gateway.deactivate();
        }
        if (resilience != null) {
            resilience.deactivate();
        }
        camel.stop();
        Venues.shutdown(registry);
    }

    private static OrderRequest.Builder buy(String venue, String qty) {
        return OrderRequest.builder().venue(venue).symbol("AAPL").side(Side.BUY).type(OrderType.LIMIT)
                .timeInForce(TimeInForce.DAY).quantity(qty).limitPrice("100");
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private Order order(String id) {
        return gateway.order(id).orElseThrow();
    }

    // ------------------------------------------------------------------------------------- venue back

    /**
     * A venue that left and came back is asked about each order SUSPENDED meanwhile, which then follows what the
     * venue says: working there -> NEW (or PARTIALLY_FILLED with our fills), ended there -> that status, unknown
     * there -> CANCELED, FILLED there -> stays SUSPENDED (its fills never arrived, a status books none).
     */
    @Test
    public void suspendedOrdersFollowTheVenueOnceItIsBack() throws Exception {
        start(props());
        Broker paper = brokers.get("paper");
        String working = gateway.submit(buy("paper", "100").build()).id();
        String partial = gateway.submit(buy("paper", "100").build()).id();
        gateway.onExecution(Exec.fill("F1", partial, OrderStatus.PARTIALLY_FILLED, "30", "100").venue("paper")
                .build());
        String forgotten = gateway.submit(buy("paper", "100").build()).id();
        String canceledThere = gateway.submit(buy("paper", "100").build()).id();
        String filledThere = gateway.submit(buy("paper", "100").build()).id();
        String elsewhere = gateway.submit(buy("paper2", "100").build()).id();
        FakeVenue venue = FakeVenue.broker("paper", "AAPL");
        registry.removeVenue(registry.adapter("paper").orElseThrow());
        for (String id : List.of(working, partial, forgotten, canceledThere, filledThere)) {
            assertEquals(id, OrderStatus.SUSPENDED, order(id).status());
        }
        // While it was away: one order lost, one canceled and one filled at the venue.
        paper.known.remove(forgotten);
        paper.known.put(canceledThere, OrderStatus.CANCELED);
        paper.known.put(filledThere, OrderStatus.FILLED);
        paper.known.put(partial, OrderStatus.PARTIALLY_FILLED);
        int asked = paper.statusAnswers.get();

        Venues.deploy(registry, venue, "io.tradeloom.broker.paper");
        await("the venue was asked about its 5 suspended orders", () -> paper.statusAnswers.get() - asked >= 5
                && order(canceledThere).status() != OrderStatus.SUSPENDED);
        await("the last answer applied", () -> order(forgotten).status() != OrderStatus.SUSPENDED);
        assertEquals(OrderStatus.NEW, order(working).status());
        assertTrue(order(working).reason(), order(working).reason().contains("is back and has it working"));
        assertEquals(OrderStatus.PARTIALLY_FILLED, order(partial).status());
        assertEquals(0, new BigDecimal("30").compareTo(order(partial).filledQty()));
        assertEquals(OrderStatus.CANCELED, order(forgotten).status());
        assertTrue(order(forgotten).reason(), order(forgotten).reason().contains("does not know the order"));
        assertEquals(OrderStatus.CANCELED, order(canceledThere).status());
        assertEquals(OrderStatus.SUSPENDED, order(filledThere).status());
        assertEquals(OrderStatus.NEW, order(elsewhere).status());
        assertEquals("asked once each", 5, paper.statusAnswers.get() - asked);
    }

    // ------------------------------------------------------------------------------------- NEW never duplicated

    @Test
    public void lostReplyIsNotResentBecauseTheStatusQueryFindsTheOrder() {
        start(props());
        Broker paper = brokers.get("paper");
        paper.loseReplyNext = 1;
        Order o = gateway.submit(buy("paper", "100").build());
        assertEquals(List.of(o.id()), paper.arrivedNew);
        assertEquals(OrderStatus.NEW, order(o.id()).status());
        assertEquals(0, gateway.getResends());
    }

    @Test
    public void refusedNewIsResentOnceTheStatusQueryProvesItNeverArrived() {
        start(props("default.new.resends", "1"));
        Broker paper = brokers.get("paper");
        paper.refuseNext = 1;
        Order o = gateway.submit(buy("paper", "100").build());
        assertEquals("arrived exactly once", List.of(o.id()), paper.arrivedNew);
        assertEquals(OrderStatus.NEW, order(o.id()).status());
        assertEquals(1, gateway.getResends());
    }

    @Test
    public void venueThatCannotAnswerAStatusQueryGetsNoSecondCopy() {
        start(props("default.new.resends", "3"));
        Broker paper = brokers.get("paper");
        paper.refuseNext = 5;
        paper.answersStatus = false;
        Order o = gateway.submit(buy("paper", "100").build());
        assertEquals(List.of(), paper.arrivedNew);
        assertEquals(4, paper.refuseNext); // one attempt only
        assertEquals(OrderStatus.REJECTED, order(o.id()).status());
        assertTrue(order(o.id()).reason(), order(o.id()).reason().contains("not re-sent"));
        assertEquals(0, gateway.getResends());
        assertTrue(deadLetters.recent(10).stream().anyMatch(d -> d.kind().equals("order")));
    }

    /** A venue that cannot answer for now may still have the order: it is neither rejected nor re-sent yet. */
    @Test
    public void orderStaysInDoubtWhileTheVenueCannotAnswerThenIsResentOnceProvenLost() throws Exception {
        start(props("default.retry.attempts", "3", "default.retry.delay.ms", "1", "default.new.resends", "1"));
        Broker paper = brokers.get("paper");
        paper.refuseNext = 1;
        paper.statusDown = true;
        Order o = gateway.submit(buy("paper", "100").build());
        assertEquals(List.of(), paper.arrivedNew);
        Order doubt = order(o.id());
        assertEquals(OrderStatus.PENDING_NEW, doubt.status());
        assertTrue(doubt.reason(), doubt.reason().contains("in doubt") && doubt.reason().contains("status down"));
        assertEquals(1, gateway.getInDoubt());
        assertEquals(0, gateway.getResends());

        paper.statusDown = false;
        await("re-sent once the venue proved it never arrived", () -> order(o.id()).status() == OrderStatus.NEW);
        assertEquals("arrived exactly once", List.of(o.id()), paper.arrivedNew);
        assertEquals(1, gateway.getResends());
    }

    @Test
    public void orderInDoubtThatTheVenueHasIsNeverResent() throws Exception {
        start(props("default.retry.attempts", "2", "default.retry.delay.ms", "1", "default.new.resends", "3"));
        Broker paper = brokers.get("paper");
        paper.arriveSilentlyNext = 1;
        paper.statusDown = true;
        Order o = gateway.submit(buy("paper", "100").build());
        assertEquals(OrderStatus.PENDING_NEW, order(o.id()).status());
        assertTrue(order(o.id()).reason(), order(o.id()).reason().contains("in doubt"));

        paper.statusDown = false;
        await("the venue answered a re-check", () -> paper.statusAnswers.get() > 0);
        // The answer (it has the order) stops the re-checks; its executions decide from here.
        gateway.onExecution(Exec.ack("X-late", o.id()).venue("paper").build());
        assertEquals(OrderStatus.NEW, order(o.id()).status());
        assertEquals("one copy at the venue", List.of(o.id()), paper.arrivedNew);
        assertEquals(0, gateway.getResends());
    }

    // ------------------------------------------------------------------------------------------- cancels

    @Test
    public void cancelIsRetriedWithBackoffUntilItArrives() {
        start(props("default.retry.attempts", "4", "default.retry.delay.ms", "1", "default.retry.jitter", "0.5"));
        Broker paper = brokers.get("paper");
        Order o = gateway.submit(buy("paper", "100").build());
        paper.failCancels = 2;
        gateway.cancel(o.id());
        assertEquals(3, paper.cancelAttempts.get());
        assertEquals(OrderStatus.CANCELED, order(o.id()).status());
    }

    @Test
    public void definiteRefusalOfACancelIsNotRetried() {
        start(props("default.retry.attempts", "4", "default.retry.delay.ms", "1"));
        Broker paper = brokers.get("paper");
        Order o = gateway.submit(buy("paper", "100").build());
        paper.known.remove(o.id());
        try {
            gateway.cancel(o.id());
        } catch (RuntimeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("unknown"));
        }
        assertEquals(1, paper.cancelAttempts.get());
    }

    // --------------------------------------------------------------------------- breaker and failover

    @Test
    public void breakerOpensUnderFailuresNewOrdersFailOverAndItClosesAfterRecovery() throws Exception {
        start(props("venue.paper.breaker.window.size", "4", "venue.paper.breaker.minimum.calls", "4",
                "venue.paper.breaker.failure.rate.threshold", "50", "venue.paper.breaker.open.ms", "200",
                "venue.paper.breaker.half.open.calls", "1", "default.new.resends", "0"));
        gateway.addPolicy(RoutingPolicy.parse(props("name", "best", "venues", "paper,paper2", "cost.paper2", "5",
                "weight.fill.rate", "0", "weight.latency", "0", "weight.health", "0")));
        Broker paper = brokers.get("paper");
        Broker paper2 = brokers.get("paper2");
        paper.refuseNext = 4;
        for (int i = 0; i < 4; i++) {
            Order o = gateway.submit(buy("policy:best", "10").build());
            // Refused at paper (status: never arrived), so each one failed over to paper2.
            assertEquals("paper2", order(o.id()).venue());
            assertEquals(OrderStatus.NEW, order(o.id()).status());
        }
        BreakerView b = resilience.breaker("paper").orElseThrow();
        assertEquals("OPEN", b.state());
        assertEquals("CLOSED_TO_OPEN", b.lastTransition());
        assertEquals(List.of(), paper.arrivedNew);
        assertEquals(4, paper2.arrivedNew.size());

        // A direct order to the open venue is refused by the breaker and not sent anywhere.
        Order direct = gateway.submit(buy("paper", "10").build());
        assertEquals(OrderStatus.REJECTED, order(direct.id()).status());
        assertTrue(order(direct.id()).reason(), order(direct.id()).reason().contains("circuit breaker"));

        // Recovery: after the open duration one probe passes and closes it.
        await("half-open", () -> "HALF_OPEN".equals(resilience.breaker("paper").orElseThrow().state()));
        Order probe = gateway.submit(buy("paper", "10").build());
        assertEquals(OrderStatus.NEW, order(probe.id()).status());
        assertEquals("CLOSED", resilience.breaker("paper").orElseThrow().state());
        Order back = gateway.submit(buy("policy:best", "10").build());
        assertEquals("paper", order(back.id()).venue());
        assertEquals(4, gateway.getFailovers());
        // No order arrived twice anywhere.
        assertEquals(paper.arrivedNew.size() + paper2.arrivedNew.size(), Set.copyOf(concat(paper.arrivedNew,
                paper2.arrivedNew)).size());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    public void operatorForcesTheBreakerOpenAndResetsIt() {
        start(props());
        resilience.guard("paper");
        assertEquals("FORCED_OPEN", resilience.open("paper").state());
        Order o = gateway.submit(buy("paper", "10").build());
        assertEquals(OrderStatus.REJECTED, order(o.id()).status());
        assertEquals(List.of(), brokers.get("paper").arrivedNew);
        assertEquals("CLOSED", resilience.reset("paper").state());
        Order again = gateway.submit(buy("paper", "10").build());
        assertEquals(OrderStatus.NEW, order(again.id()).status());
    }

    @Test
    public void failoverIsNotDoneWhenThePolicyForbidsIt() {
        start(props("default.new.resends", "0"));
        gateway.addPolicy(RoutingPolicy.parse(props("name", "stay", "venues", "paper,paper2", "failover", "false",
                "cost.paper2", "5", "weight.fill.rate", "0", "weight.latency", "0", "weight.health", "0")));
        brokers.get("paper").refuseNext = 1;
        Order o = gateway.submit(buy("policy:stay", "10").build());
        assertEquals("paper", order(o.id()).venue());
        assertEquals(OrderStatus.REJECTED, order(o.id()).status());
        assertEquals(List.of(), brokers.get("paper2").arrivedNew);
    }

    // ----------------------------------------------------------------------------------------- rate limits

    @Test
    public void queuedOrdersWaitAsPendingNewAndLeaveInOrder() throws Exception {
        start(props("venue.paper.rate.limit", "2", "venue.paper.rate.window.ms", "300"));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(gateway.submit(buy("paper", String.valueOf(10 + i)).build()).id());
        }
        Broker paper = brokers.get("paper");
        assertTrue("at most the limit went out at once: " + paper.arrivedNew, paper.arrivedNew.size() <= 2);
        assertEquals(OrderStatus.PENDING_NEW, order(ids.get(5)).status());
        await("all sent", () -> paper.arrivedNew.size() == 6);
        assertEquals(ids, paper.arrivedNew);
        assertEquals(OrderStatus.NEW, order(ids.get(5)).status());
    }

    @Test
    public void queuedOrderCanBeCanceledBeforeItLeaves() {
        start(props("venue.paper.rate.limit", "1", "venue.paper.rate.window.ms", "600000"));
        gateway.submit(buy("paper", "10").build());
        Order waiting = gateway.submit(buy("paper", "11").build());
        assertEquals(OrderStatus.PENDING_NEW, waiting.status());
        assertEquals(1, gateway.getQueuedOrders());
        assertEquals(OrderStatus.CANCELED, gateway.cancel(waiting.id()).status());
        assertEquals(1, brokers.get("paper").arrivedNew.size());
    }

    @Test
    public void rejectModeRejectsBeyondTheLimit() {
        start(props("venue.paper.rate.limit", "1", "venue.paper.rate.window.ms", "600000",
                "venue.paper.rate.when.limited", "reject"));
        assertEquals(OrderStatus.NEW, gateway.submit(buy("paper", "10").build()).status());
        Order second = gateway.submit(buy("paper", "11").build());
        assertEquals(OrderStatus.REJECTED, second.status());
        assertTrue(second.reason(), second.reason().contains("rate limit of venue paper"));
        assertEquals(1, brokers.get("paper").arrivedNew.size());
    }

    // ------------------------------------------------------------------------------------------- routing

    @Test
    public void policyRoutesToTheCheapestVenueAndUnknownPolicyIsRefused() {
        start(props());
        gateway.addPolicy(RoutingPolicy.parse(props("name", "cheap", "venues", "paper,paper2", "cost.paper",
                "3", "cost.paper2", "1", "weight.fill.rate", "0", "weight.latency", "0", "weight.health", "0")));
        Order o = gateway.submit(buy("policy:cheap", "10").build());
        assertEquals("paper2", o.venue());
        try {
            gateway.submit(buy("policy:nope", "10").build());
            throw new AssertionError("an unknown policy was accepted");
        } catch (io.tradeloom.domain.validation.ValidationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no routing policy nope"));
        }
    }

    @Test
    public void largeOrderIsSplitAndTheParentShowsTheAggregate() {
        start(props());
        gateway.addPolicy(RoutingPolicy.parse(props("name", "split", "venues", "paper,paper2",
                "split.threshold", "1000", "max.slices", "2")));
        Order parent = gateway.submit(buy("policy:split", "1001").build());
        assertEquals("policy:split", parent.venue());
        assertEquals(OrderStatus.NEW, parent.status());
        Order c1 = order(parent.id() + ".1");
        Order c2 = order(parent.id() + ".2");
        assertEquals(new BigDecimal("501"), c1.quantity());
        assertEquals(new BigDecimal("500"), c2.quantity());
        assertEquals(Set.of("paper", "paper2"), Set.of(c1.venue(), c2.venue()));

        gateway.onExecution(Exec.fill("F1", c1.id(), OrderStatus.FILLED, "501", "100").venue(c1.venue()).build());
        Order p = order(parent.id());
        assertEquals(OrderStatus.PARTIALLY_FILLED, p.status());
        assertEquals(new BigDecimal("501"), p.filledQty());
        assertEquals(new BigDecimal("500"), p.leavesQty());
        gateway.onExecution(Exec.fill("F2", c2.id(), OrderStatus.FILLED, "500", "101").venue(c2.venue()).build());
        p = order(parent.id());
        assertEquals(OrderStatus.FILLED, p.status());
        assertEquals(0, new BigDecimal("1001").compareTo(p.filledQty()));
        // (501 * 100 + 500 * 101) / 1001
        assertEquals(0, new BigDecimal("100.49950050").compareTo(p.avgPrice()));
        assertNull(p.venueOrderId());
    }

    @Test
    public void cancelOfTheParentCancelsItsChildren() {
        start(props());
        gateway.addPolicy(RoutingPolicy.parse(props("name", "split", "venues", "paper,paper2",
                "split.threshold", "100", "max.slices", "2")));
        Order parent = gateway.submit(buy("policy:split", "200").build());
        Order after = gateway.cancel(parent.id());
        assertEquals(OrderStatus.CANCELED, after.status());
        assertEquals(OrderStatus.CANCELED, order(parent.id() + ".1").status());
        assertEquals(OrderStatus.CANCELED, order(parent.id() + ".2").status());
    }

    /** The store outlives the gateway: a restarted gateway still aggregates and cancels a working split order. */
    @Test
    public void splitOrderStillWorksAfterTheGatewayRestarts() {
        InMemoryOrderStore store = new InMemoryOrderStore();
        RiskEngine risk = new RiskEngine(new FakeQuotes(), Map.of(), System::nanoTime);
        RoutingPolicy split = RoutingPolicy.parse(props("name", "split", "venues", "paper,paper2",
                "split.threshold", "100", "max.slices", "3"));
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, HaltService.none(), store,
                bundle.context());
        gateway.addPolicy(split);
        Order parent = gateway.submit(buy("policy:split", "300").build());
        Order c1 = order(parent.id() + ".1");
        gateway.deactivate();

        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, HaltService.none(), store,
                bundle.context());
        gateway.addPolicy(split);
        gateway.onExecution(Exec.fill("F1", c1.id(), OrderStatus.FILLED, c1.quantity().toPlainString(), "100")
                .venue(c1.venue()).build());
        Order p = order(parent.id());
        assertEquals(OrderStatus.PARTIALLY_FILLED, p.status());
        assertEquals(0, c1.quantity().compareTo(p.filledQty()));

        Order after = gateway.cancel(parent.id());
        assertEquals(OrderStatus.CANCELED, after.status());
        assertEquals(OrderStatus.FILLED, order(c1.id()).status());
        assertEquals(OrderStatus.CANCELED, order(parent.id() + ".2").status());
        assertEquals(0, c1.quantity().compareTo(order(parent.id()).filledQty()));
    }

    /** After a restart, each PENDING_NEW order is asked about: sent once if it never arrived, else left alone. */
    @Test
    public void pendingOrdersFoundAtStartAreAskedAboutAndSentOnlyIfTheyNeverArrived() throws Exception {
        InMemoryOrderStore store = new InMemoryOrderStore();
        java.time.Instant now = java.time.Instant.now();
        Order neverSent = Order.accept("R-1", "c-r1", buy("paper", "100").clientOrderId("c-r1").build(), now);
        Order arrived = Order.accept("R-2", "c-r2", buy("paper", "100").clientOrderId("c-r2").build(), now);
        // Another cluster member's order, on a venue not deployed here: neither rejected nor sent by this member.
        Order elsewhere = Order.accept("R-3", "c-r3", buy("fix-other", "100").clientOrderId("c-r3").build(), now);
        for (Order o : List.of(neverSent, arrived, elsewhere)) {
            store.bindClientId(o.clientOrderId(), o.id());
            store.put(o);
        }
        Broker paper = brokers.get("paper");
        paper.known.put("R-2", OrderStatus.NEW);
        RiskEngine risk = new RiskEngine(new FakeQuotes(), Map.of(), System::nanoTime);
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, HaltService.none(), store,
                bundle.context());
        await("the order that never arrived is sent", () -> order("R-1").status() == OrderStatus.NEW);
        await("the venue was asked about the other one", () -> paper.statusAnswers.get() >= 2);
        await("each of the three orders checked once", () -> gateway.startChecks() >= 3);
        assertEquals("only the missing one went out, once", List.of("R-1"), paper.arrivedNew);
        assertEquals(OrderStatus.PENDING_NEW, order("R-2").status());
        assertEquals(order("R-3").reason(), OrderStatus.PENDING_NEW, order("R-3").status());
        assertEquals(order("R-3").reason(), 0, gateway.getRejects());
        assertNull("left untouched", order("R-3").reason());
        assertEquals(0, gateway.getResends());
    }
}
