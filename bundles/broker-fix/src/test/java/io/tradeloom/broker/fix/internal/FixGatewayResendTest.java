package io.tradeloom.broker.fix.internal;

import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
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
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import quickfix.field.MsgType;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The lost-NEW path end to end outside the container, wired as the container wires it: the core's real
 * OrderGateway (with its resilience guard routes), the real {@code routes/orders.yaml}, and the FIX venue against a
 * real QuickFIX/J acceptor on 127.0.0.1. A NEW fails on our side; the gateway asks the venue; the broker's own
 * count of NewOrderSingles per ClOrdID shows whether anything was duplicated.
 */
public class FixGatewayResendTest {

    private static final String VENUE = "fix-gw";
    private static final String US = "TRADELOOM";
    private static final String THEM = "SIMBROKER";
    private static final long WAIT_MS = SimBroker.WAIT_MS;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public Timeout timeout = Timeout.seconds(90);

    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final FakeBundleContext gatewayBundle = new FakeBundleContext();
    private final FakeBundleContext fixBundle = new FakeBundleContext();
    private final VenueRegistry registry = new VenueRegistry();
    private String previousKarafData;
    private SimBroker sim;
    private DefaultCamelContext camel;
    private OrderGateway gateway;
    private FixBroker broker;
    private SimBroker sim2;
    private FixBroker broker2;

    @Before
    public void setUp() throws Exception {
        previousKarafData = System.getProperty("karaf.data");
        System.setProperty("karaf.data", tmp.getRoot().getAbsolutePath());
        int port = freePort();
        sim = new SimBroker(port, THEM, US);
        sim.answerStatus = true;
        sim.start();
        camel = new DefaultCamelContext();
        camel.disableJMX();
        camel.start();
        // The container's order routes, as deployed from routes/.
        Path yaml = Paths.get("..", "..", "routes", "orders.yaml");
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:orders.yaml",
                Files.readString(yaml, StandardCharsets.UTF_8)));
        gateway = new OrderGateway(registry, registry, deadLetters, camel, gatewayBundle.context());
        camel.addRoutes((RoutesBuilder) gatewayBundle.only(RoutesBuilder.class).service);
        registry.addVenue(new SymbolsVendor(), reference("test-vendor"));
        broker = fixVenue(VENUE, THEM, port, fixBundle);
        await("logon", () -> broker.health().state() == VenueState.UP && sim.loggedOn());
    }

    private FixBroker fixVenue(String id, String them, int port, FakeBundleContext bundle) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("id", id);
        props.put("SenderCompID", US);
        props.put("TargetCompID", them);
        props.put("SocketConnectHost", "127.0.0.1");
        props.put("SocketConnectPort", String.valueOf(port));
        props.put("HeartBtInt", "1");
        props.put("ReconnectInterval", "1");
        props.put("status.request.delay.ms", "600000");
        FixBroker b = new FixBroker(camel, gateway, deadLetters, props, bundle.context());
        camel.addRoutes((RoutesBuilder) bundle.only(RoutesBuilder.class).service);
        registry.addVenue(b, reference("io.tradeloom.broker.fix"));
        return b;
    }

    @After
    public void tearDown() throws Exception {
        try {
            if (broker2 != null) {
                broker2.deactivate();
            }
            broker.deactivate();
            deactivate(OrderGateway.class, gateway);
            deactivate(VenueRegistry.class, registry);
        } finally {
            sim.close();
            if (sim2 != null) {
                sim2.close();
            }
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

    /** SCR calls @Deactivate methods reflectively; so do we (they are package-private). */
    private static void deactivate(Class<?> type, Object component) throws Exception {
        Method m = type.getDeclaredMethod("deactivate");
        m.setAccessible(true);
        m.invoke(component);
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

    private Order submit() {
        return submit(VENUE);
    }

    private Order submit(String venue) {
        return gateway.submit(OrderRequest.builder().account("ACC-1").venue(venue).symbol("BRK.B").side(Side.BUY)
                .type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity("100").limitPrice("101.25").build());
    }

    private OrderStatus status(String orderId) {
        return gateway.order(orderId).orElseThrow().status();
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Venue> reference(String symbolicName) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(FixGatewayResendTest.class.getClassLoader(),
                new Class<?>[]{Bundle.class}, (self, m, args) -> switch (m.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "Bundle[" + symbolicName + "]";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ServiceReference<Venue>) Proxy.newProxyInstance(FixGatewayResendTest.class.getClassLoader(),
                new Class<?>[]{ServiceReference.class}, (self, m, args) -> switch (m.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "ServiceReference[" + symbolicName + "]";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** Makes BRK.B known to the platform (a FIX broker trades what the platform's vendors list). */
    private static final class SymbolsVendor implements Venue {
        @Override
        public VenueDescriptor descriptor() {
            return new VenueDescriptor("refdata", VenueKind.VENDOR, "test",
                    Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY)));
        }

        @Override
        public VenueHealth health() {
            return VenueHealth.of(VenueState.UP, "static");
        }

        @Override
        public Collection<Instrument> instruments() {
            return List.of(Instrument.equity("BRK.B"));
        }
    }

    // ----------------------------------------------------------------------------------------------- the tests

    @Test
    public void aNewTheBrokerNeverBookedIsReSentOnceAndBookedOnce() throws Exception {
        // The broker loses the first NewOrderSingle inside (receives, never books), and our send reports a failure.
        sim.orderAnswer = SimBroker.OrderAnswer.FILL;
        sim.ignoreNext.set(1);
        broker.injectNewOrderFault(FixBroker.NewOrderFault.FAIL_AFTER_WIRE);
        Order o = submit();

        await("FILLED", () -> status(o.id()) == OrderStatus.FILLED);
        assertEquals("asked once", 1, sim.received(MsgType.ORDER_STATUS_REQUEST).size());
        assertEquals("re-sent once after the broker said unknown", 1, gateway.getResends());
        assertEquals("booked once at the broker", 1, sim.bookings(o.id()));
        assertEquals(2, sim.newOrderSingles(o.id()));
        sim.sync();
        assertEquals("no resent (PossDup) copy", 0, sim.possDupNewOrderSingles());
    }

    @Test
    public void aNewTheBrokerHasIsNotReSentAndItsExecutionsDecide() throws Exception {
        sim.orderAnswer = SimBroker.OrderAnswer.FILL;
        broker.injectNewOrderFault(FixBroker.NewOrderFault.FAIL_AFTER_WIRE);
        Order o = submit();

        await("FILLED", () -> status(o.id()) == OrderStatus.FILLED);
        sim.sync();
        assertEquals(1, sim.received(MsgType.ORDER_STATUS_REQUEST).size());
        assertEquals(0, gateway.getResends());
        assertEquals(1, sim.newOrderSingles(o.id()));
        assertEquals(1, sim.bookings(o.id()));
        assertTrue(deadLetters.recent(10).toString(), deadLetters.recent(10).stream()
                .noneMatch(d -> d.reason().contains(o.id())));
    }

    @Test
    public void aNewLostBeforeTheWireFailsOverAndItsStoredCopyNeverReachesTheFirstBroker() throws Exception {
        int port2 = freePort();
        sim2 = new SimBroker(port2, "SIMBROKER2", US);
        sim2.start();
        broker2 = fixVenue("fix-gw2", "SIMBROKER2", port2, new FakeBundleContext());
        await("second venue logged on", () -> broker2.health().state() == VenueState.UP && sim2.loggedOn());
        // Cost alone ranks: the first venue is cheaper, so it is tried first.
        gateway.addPolicy(io.tradeloom.core.routing.RoutingPolicy.parse(Map.of("name", "fx",
                "venues", VENUE + ",fix-gw2", "cost.fix-gw2", "1", "weight.cost", "1", "weight.fill.rate", "0",
                "weight.latency", "0", "weight.health", "0")));

        // The connection to the first broker drops as the NEW is handed over: stored, never written. The first
        // broker takes no logon until the order has moved on.
        sim.refuseLogons = true;
        broker.injectNewOrderFault(FixBroker.NewOrderFault.LOSE_BEFORE_WIRE);
        Order o = submit(io.tradeloom.core.routing.RoutingPolicy.PREFIX + "fx");

        await("FILLED at the second venue", () -> status(o.id()) == OrderStatus.FILLED);
        assertEquals("fix-gw2", gateway.order(o.id()).orElseThrow().venue());
        assertEquals(1, gateway.getFailovers());
        assertEquals(1, sim2.newOrderSingles(o.id()));

        // The first broker comes back and asks for what it missed: the stored NEW is gap-filled, never resent.
        sim.refuseLogons = false;
        await("first venue logged on again", () -> broker.info().loggedOn() && sim.loggedOn());
        sim.sync();
        await("the stored NEW was refused", () -> broker.suppressedNewOrderResends() == 1);
        sim.sync();
        assertEquals("the order never reached the first broker", 0, sim.newOrderSingles(o.id()));
        assertEquals(0, sim.possDupNewOrderSingles());
        assertEquals(OrderStatus.FILLED, status(o.id()));
    }
}
