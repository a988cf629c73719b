package io.tradeloom.reconciliation.internal;

import io.tradeloom.broker.fix.internal.FixBroker;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;
import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.DiscrepancyKind;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import io.tradeloom.simulators.fix.FixBrokerSimulator;
import io.tradeloom.simulators.fix.FixSimulatorConfig;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Reconciliation of a FIX venue against the real FIX broker simulator of bundles/simulators (a QuickFIX/J acceptor
 * on 127.0.0.1): the real FixBroker session, its ledger asking OrderStatusRequests, the real order gateway.
 */
public class FixReconciliationTest {

    private static final String VENUE = "fix-recon";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(120);

    private final AtomicBoolean loseFills = new AtomicBoolean();
    private String previousKarafData;
    private DefaultCamelContext camel;
    private FixBrokerSimulator sim;
    private FixBroker broker;
    private OrderGateway gateway;
    private ReconciliationManager manager;
    private TestBundleContext bundle;

    @Before
    public void setUp() throws Exception {
        previousKarafData = System.getProperty("karaf.data");
        System.setProperty("karaf.data", tmp.newFolder("karaf-data").getAbsolutePath());
        sim = new FixBrokerSimulator(FixSimulatorConfig.builder(tmp.newFolder("sim").toPath())
                .fillSlices(1).fillIntervalMillis(20).fillPrice("AAPL", "150.25").build());
        sim.start();

        camel = new DefaultCamelContext();
        camel.disableJMX();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(Endpoints.ORDERS_OUT).routeId("orders-out")
                        .toD("direct:tradeloom.broker.${header." + Endpoints.VENUE_HEADER + "}");
                from(Endpoints.EXECUTIONS_IN).routeId("executions-in")
                        .filter(ex -> !(loseFills.get() && ex.getMessage().getBody(Execution.class).execType()
                                == ExecType.TRADE))
                        .to(Endpoints.CORE_EXECUTIONS);
            }
        });
        camel.start();
        bundle = new TestBundleContext(s -> {
            if (s instanceof RoutesBuilder r) {
                try {
                    camel.addRoutes(r);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        DeadLetterStore deadLetters = new DeadLetterStore();
        VenueRegistry venues = new VenueRegistry();
        venues.addVenue(new MarketData(), reference("io.tradeloom.vendor.sim"));
        gateway = new OrderGateway(venues, venues, deadLetters, camel, bundle.context());

        Map<String, Object> props = new HashMap<>();
        props.put("id", VENUE);
        props.put("SenderCompID", FixSimulatorConfig.DEFAULT_TARGET_COMP_ID);
        props.put("TargetCompID", FixSimulatorConfig.DEFAULT_SENDER_COMP_ID);
        props.put("SocketConnectHost", "127.0.0.1");
        props.put("SocketConnectPort", String.valueOf(sim.port()));
        props.put("HeartBtInt", "1");
        props.put("ReconnectInterval", "1");
        props.put("status.request.delay.ms", "0");
        broker = new FixBroker(camel, gateway, deadLetters, props, bundle.context());
        venues.addVenue(broker, reference("io.tradeloom.broker.fix"));
        Waits.until("FIX logon", () -> broker.health().state() == VenueState.UP && sim.isLoggedOn());

        manager = new ReconciliationManager(gateway, camel, Clock.systemUTC(), tmp.newFolder("recon").toPath(),
                ReconConfig.parse(Map.of("broker.timeout.ms", "10000")));
        gateway.addOrderEventListener(manager);
        manager.addLedger(bundle.service(BrokerLedger.class));
    }

    @After
    public void tearDown() throws Exception {
        try {
            if (manager != null) {
                manager.close();
            }
            if (broker != null) {
                // What Declarative Services calls on removal: logs out and stops the initiator.
                Method deactivate = FixBroker.class.getDeclaredMethod("deactivate");
                deactivate.setAccessible(true);
                deactivate.invoke(broker);
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
            camel.stop();
            if (previousKarafData == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previousKarafData);
            }
        }
    }

    private Order buy(String qty) {
        return gateway.submit(OrderRequest.builder().venue(VENUE).symbol("AAPL").side(Side.BUY)
                .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity(qty).account("acc1").build());
    }

    private void awaitStatus(String id, OrderStatus status) throws InterruptedException {
        Waits.until("order " + id + " " + status, () -> gateway.order(id).map(o -> o.status() == status)
                .orElse(false));
    }

    private ReconciliationRun run() {
        return manager.run(VENUE, Instant.now().minusSeconds(600), Instant.now().plusSeconds(5), "test");
    }

    @Test
    public void filledOrdersReconcileCleanlyThenFillsLostOnTheWayAreMissingLocally() throws Exception {
        Order a = buy("100");
        Order b = buy("30");
        awaitStatus(a.id(), OrderStatus.FILLED);
        awaitStatus(b.id(), OrderStatus.FILLED);

        ReconciliationRun clean = run();
        assertEquals(List.of(), clean.errors());
        assertEquals(List.of(), clean.discrepancies());
        assertEquals("two fills per order on each side", 8, clean.compared());

        loseFills.set(true);
        Order lost = buy("50");
        BrokerLedger ledger = bundle.service(BrokerLedger.class);
        Waits.until("both fills of " + lost.id() + " in the session's reports", () -> ledger.statement(
                Instant.now().minusSeconds(600), Instant.now().plusSeconds(5), 5000).fills().stream()
                .filter(f -> f.orderId().equals(lost.id())).count() == 2);

        ReconciliationRun found = run();
        assertEquals(List.of(), found.errors());
        assertEquals(found.discrepancies().toString(), 2, found.discrepancies().size());
        for (Discrepancy d : found.discrepancies()) {
            assertEquals(DiscrepancyKind.MISSING_LOCALLY, d.kind());
            assertEquals(lost.id(), d.orderId());
            assertTrue(d.detail(), d.detail().contains("@ 150.25"));
        }
        // The broker's status answers were only looked at, not applied: the difference stays for an operator.
        assertEquals(OrderStatus.NEW, gateway.order(lost.id()).orElseThrow().status());
        assertEquals(2, run().discrepancies().size());
    }

    @Test
    public void aLoggedOutSessionIsAnErrorOfTheRunNotACleanResult() throws Exception {
        Order a = buy("10");
        awaitStatus(a.id(), OrderStatus.FILLED);
        sim.stop();
        Waits.until("the venue to see the logout", () -> broker.health().state() != VenueState.UP);

        ReconciliationRun run = run();
        assertEquals(List.of(), run.discrepancies());
        assertEquals(1, run.errors().size());
        assertTrue(run.errors().get(0), run.errors().get(0).contains("not logged on"));
    }

    private static final class MarketData implements Venue {
        @Override
        public VenueDescriptor descriptor() {
            return new VenueDescriptor("sim", VenueKind.VENDOR, "sim", Capabilities.marketDataOnly(
                    Set.of(AssetClass.EQUITY)));
        }

        @Override
        public VenueHealth health() {
            return VenueHealth.of(VenueState.UP, "up");
        }

        @Override
        public Collection<Instrument> instruments() {
            return List.of(Instrument.equity("AAPL"));
        }
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<Venue> reference(String bundleSymbolicName) {
        Bundle b = (Bundle) Proxy.newProxyInstance(FixReconciliationTest.class.getClassLoader(),
                new Class<?>[]{Bundle.class}, (self, m, args) -> switch (m.getName()) {
                    case "getSymbolicName" -> bundleSymbolicName;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> "Bundle[" + bundleSymbolicName + "]";
                });
        return (ServiceReference<Venue>) Proxy.newProxyInstance(FixReconciliationTest.class.getClassLoader(),
                new Class<?>[]{ServiceReference.class}, (self, m, args) -> switch (m.getName()) {
                    case "getBundle" -> b;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> null;
                });
    }
}
