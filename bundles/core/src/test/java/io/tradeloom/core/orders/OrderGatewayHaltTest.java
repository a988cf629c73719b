package io.tradeloom.core.orders;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.FlattenResult;
import io.tradeloom.core.api.HaltResult;
import io.tradeloom.core.api.HaltScope;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.halt.Flattener;
import io.tradeloom.core.halt.HaltRegistry;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.testing.Exec;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.FakeQuotes;
import io.tradeloom.core.testing.FakeVenue;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.core.venues.Venues;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.validation.ValidationException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Emergency halts as the order gateway applies them: rejects, cancel on halt, flatten through a halt. */
public class OrderGatewayHaltTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final FakeBundleContext bundle = new FakeBundleContext();
    private final List<OrderCommand> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger execIds = new AtomicInteger();

    private VenueRegistry registry;
    private DefaultCamelContext camel;
    private RiskEngine risk;
    private HaltRegistry halts;
    private OrderGateway gateway;
    /** When set, the test broker's route throws this for cancels. */
    private volatile RuntimeException cancelFailure;

    @Before
    public void setUp() throws Exception {
        registry = new VenueRegistry();
        Venues.deploy(registry, FakeVenue.broker("paper", "AAPL", "MSFT"), "io.tradeloom.broker.paper");
        Venues.deploy(registry, FakeVenue.broker("fix-demo", "AAPL", "MSFT"), "io.tradeloom.broker.fix");
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.ORDERS_OUT).routeId("test-broker").process(exchange -> {
                    OrderCommand command = exchange.getMessage().getBody(OrderCommand.class);
                    commands.add(command);
                    if (command instanceof OrderCommand.Cancel && cancelFailure != null) {
                        throw cancelFailure;
                    }
                    for (Execution e : answer(command)) {
                        gateway.onExecution(e);
                    }
                });
            }
        });
        camel.start();
        risk = new RiskEngine(new FakeQuotes(), Map.of(), System::nanoTime);
        halts = new HaltRegistry(tmp.getRoot().toPath().resolve("halts.properties"), false);
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, halts, bundle.context());
        halts.setOrderService(gateway);
        registry.setHaltService(halts);
    }

    @After
    public void tearDown() {
        gateway.deactivate();
        halts.deactivate();
        camel.stop();
        Venues.shutdown(registry);
    }

    /** Acks every new order; market orders fill in full at 100; cancels get no answer (they stay visible). */
    private List<Execution> answer(OrderCommand c) {
        if (!(c instanceof OrderCommand.Submit s)) {
            return List.of();
        }
        Order o = s.order();
        List<Execution> out = new ArrayList<>();
        out.add(Exec.ack("X-" + execIds.incrementAndGet(), o.id()).venue(o.venue()).build());
        if (o.type() == OrderType.MARKET) {
            out.add(Exec.fill("X-" + execIds.incrementAndGet(), o.id(), OrderStatus.FILLED,
                    o.quantity().toPlainString(), "100").venue(o.venue()).build());
        }
        return out;
    }

    private static OrderRequest.Builder limit(String venue, String symbol, String account, String strategy) {
        return OrderRequest.builder().venue(venue).symbol(symbol).account(account).strategy(strategy)
                .side(Side.BUY).type(OrderType.LIMIT).quantity("10").limitPrice("100");
    }

    private static OrderRequest market(String account, String symbol, Side side, String qty, String strategy) {
        return OrderRequest.builder().venue("paper").symbol(symbol).account(account).strategy(strategy).side(side)
                .type(OrderType.MARKET).quantity(qty).build();
    }

    private ValidationException rejected(OrderRequest r) {
        try {
            Order o = gateway.submit(r);
            fail("expected a reject, the order was accepted: " + o);
            return null;
        } catch (ValidationException e) {
            return e;
        }
    }

    private List<String> canceledIds() {
        return commands.stream().filter(c -> c instanceof OrderCommand.Cancel).map(c -> c.order().id())
                .sorted().collect(Collectors.toList());
    }

    @Test
    public void eachScopeRejectsOnlyItsOwnOrdersAndCreatesNothing() {
        OrderRequest base = limit("paper", "AAPL", "acc1", "s1").build();
        List<Object[]> cases = List.of(
                new Object[]{HaltScope.venue("paper"), limit("fix-demo", "AAPL", "acc1", "s1").build()},
                new Object[]{HaltScope.symbol("AAPL"), limit("paper", "MSFT", "acc1", "s1").build()},
                new Object[]{HaltScope.account("acc1"), limit("paper", "AAPL", "acc2", "s1").build()},
                new Object[]{HaltScope.strategy("s1"), limit("paper", "AAPL", "acc1", "s2").build()});
        long rejects = gateway.getRejects();
        for (Object[] c : cases) {
            HaltScope scope = (HaltScope) c[0];
            halts.halt(scope, "test " + scope.type().label(), false, "op");
            int ordersBefore = gateway.orders(false).size();
            int commandsBefore = commands.size();

            ValidationException e = rejected(base);
            assertEquals("order rejected: halt=" + scope + ": halted by operator: test " + scope.type().label(),
                    e.getMessage());
            assertEquals(scope + ": nothing created", ordersBefore, gateway.orders(false).size());
            assertEquals(scope + ": nothing sent", commandsBefore, commands.size());
            assertEquals(++rejects, gateway.getRejects());

            Order outside = gateway.submit((OrderRequest) c[1]);
            assertEquals(scope + " lets other orders through", OrderStatus.NEW, outside.status());

            assertTrue(halts.resume(scope).isPresent());
            assertEquals(OrderStatus.NEW, gateway.submit(base).status());
        }
    }

    @Test
    public void globalHaltRejectsEverythingUntilResumed() {
        halts.halt(HaltScope.all(), "market wide", false, "op");
        assertEquals("order rejected: halt=all: halted by operator: market wide",
                rejected(limit("paper", "AAPL", "a", null).build()).getMessage());
        rejected(limit("fix-demo", "MSFT", "b", "x").build());
        // The halt comes before the venue checks: even an unknown venue is refused by the halt.
        assertTrue(rejected(limit("nowhere", "MSFT", "b", "x").build()).getMessage().contains("halt=all"));
        assertEquals(0, gateway.orders(false).size());
        assertEquals(3, gateway.stats().rejects());
        halts.resume(HaltScope.all());
        assertEquals(OrderStatus.NEW, gateway.submit(limit("paper", "AAPL", "a", null).build()).status());
    }

    @Test
    public void cancelOnHaltCancelsOnlyWorkingOrdersInScope() {
        Order inScope1 = gateway.submit(limit("paper", "AAPL", "acc1", null).build());
        Order inScope2 = gateway.submit(limit("fix-demo", "AAPL", "acc2", "s1").build());
        Order otherSymbol = gateway.submit(limit("paper", "MSFT", "acc1", null).build());
        Order filled = gateway.submit(market("acc1", "AAPL", Side.BUY, "5", null));
        assertEquals(OrderStatus.FILLED, gateway.order(filled.id()).orElseThrow().status());
        Order pendingCancel = gateway.submit(limit("paper", "AAPL", "acc3", null).build());
        gateway.onExecution(Exec.of("PC-1", pendingCancel.id(), io.tradeloom.domain.order.ExecType.PENDING_CANCEL,
                OrderStatus.PENDING_CANCEL).venue("paper").build());
        assertEquals(OrderStatus.PENDING_CANCEL, gateway.order(pendingCancel.id()).orElseThrow().status());
        commands.clear();

        HaltResult r = halts.halt(HaltScope.symbol("AAPL"), "news", true, "op");

        List<String> expected = new ArrayList<>(List.of(inScope1.id(), inScope2.id()));
        expected.sort(null);
        assertEquals(expected, canceledIds());
        assertEquals(List.of(inScope1.id(), inScope2.id()), r.canceled());
        assertTrue(r.cancelFailures().isEmpty());
        assertFalse(canceledIds().contains(otherSymbol.id()));
        assertEquals("only cancels were sent", 2, commands.size());
    }

    @Test
    public void venueHaltCancelsThatVenuesWorkingOrdersOnly() {
        Order paper = gateway.submit(limit("paper", "AAPL", "acc1", null).build());
        gateway.submit(limit("fix-demo", "AAPL", "acc1", null).build());
        commands.clear();
        HaltResult r = halts.halt(HaltScope.venue("paper"), "venue trouble", true, "op");
        assertEquals(List.of(paper.id()), canceledIds());
        assertEquals(List.of(paper.id()), r.canceled());
    }

    @Test
    public void noCancelLeavesWorkingOrdersAlone() {
        gateway.submit(limit("paper", "AAPL", "acc1", null).build());
        commands.clear();
        HaltResult r = halts.halt(HaltScope.all(), "look first", false, "op");
        assertTrue(commands.isEmpty());
        assertTrue(r.canceled().isEmpty());
        assertEquals(1, gateway.orders(true).size());
    }

    @Test
    public void cancelFailuresAreReportedNeverThrown() {
        Order a = gateway.submit(limit("paper", "AAPL", "acc1", null).build());
        Order b = gateway.submit(limit("paper", "MSFT", "acc1", null).build());
        cancelFailure = new IllegalStateException("link down");
        HaltResult r = halts.halt(HaltScope.account("acc1"), "x", true, "op");
        assertTrue(r.canceled().isEmpty());
        assertEquals(2, r.cancelFailures().size());
        assertTrue(r.cancelFailures().get(0), r.cancelFailures().get(0).startsWith(a.id() + ": "));
        assertTrue(r.cancelFailures().get(0), r.cancelFailures().get(0).contains("link down"));
        assertTrue(r.cancelFailures().get(1).startsWith(b.id() + ": "));
        assertEquals("the halt is in force anyway", 1, halts.active().size());
    }

    @Test
    public void flattenClosesPositionsThroughAHaltOfItsScope() {
        gateway.submit(market("acc1", "AAPL", Side.BUY, "100", null));
        gateway.submit(market("acc1", "MSFT", Side.SELL, "40", null));
        gateway.submit(market("acc2", "AAPL", Side.BUY, "7", null));
        assertEquals(0, new BigDecimal("100").compareTo(risk.position("acc1", "AAPL").quantity()));
        halts.halt(HaltScope.account("acc1"), "closing out", false, "op");

        FlattenResult r = new Flattener(risk, gateway).flatten("acc1", null, "paper");

        assertTrue(r.failures().toString(), r.failures().isEmpty());
        assertEquals(2, r.orders().size());
        Order closeAapl = r.orders().get(0);
        assertEquals("AAPL", closeAapl.symbol());
        assertEquals(Side.SELL, closeAapl.side());
        assertEquals(0, new BigDecimal("100").compareTo(closeAapl.quantity()));
        assertEquals(HaltService.FLATTEN_STRATEGY, closeAapl.strategy());
        assertEquals(Side.BUY, r.orders().get(1).side());
        assertEquals(0, risk.position("acc1", "AAPL").quantity().signum());
        assertEquals(0, risk.position("acc1", "MSFT").quantity().signum());
        assertEquals("other accounts untouched", 0,
                new BigDecimal("7").compareTo(risk.position("acc2", "AAPL").quantity()));
        // Flat now: nothing more to flatten.
        assertTrue(new Flattener(risk, gateway).flatten("acc1", null, "paper").orders().isEmpty());
    }

    @Test
    public void aFlattenTaggedOrderThatAddsRiskIsStillHalted() {
        gateway.submit(market("acc1", "AAPL", Side.BUY, "100", null));
        halts.halt(HaltScope.all(), "stop", false, "op");
        // Same side as the position: adds risk.
        assertTrue(rejected(market("acc1", "AAPL", Side.BUY, "10", HaltService.FLATTEN_STRATEGY)).getMessage()
                .startsWith("order rejected: halt=all: halted by operator: stop (a flatten order"));
        // Bigger than the position: would flip it.
        rejected(market("acc1", "AAPL", Side.SELL, "101", HaltService.FLATTEN_STRATEGY));
        // No position at all.
        rejected(market("acc9", "AAPL", Side.SELL, "1", HaltService.FLATTEN_STRATEGY));
        // Reducing passes.
        assertEquals(OrderStatus.FILLED,
                gateway.submit(market("acc1", "AAPL", Side.SELL, "60", HaltService.FLATTEN_STRATEGY)).status());
    }

    @Test
    public void theSixArgumentConstructorHasNoHalts() {
        gateway.deactivate();
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, bundle.context());
        halts.halt(HaltScope.all(), "ignored by this gateway", false, "op");
        assertEquals(OrderStatus.NEW, gateway.submit(limit("paper", "AAPL", "a", null).build()).status());
    }
}
