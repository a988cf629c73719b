package io.tradeloom.benchmarks;

import io.tradeloom.broker.fix.internal.FixBroker;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.ExplicitCamelContextNameStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.osgi.framework.BundleContext;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform path, built from the real classes as the OSGi container would wire them: a CamelContext named
 * {@code tradeloom} with the real {@code routes/orders.yaml}, the core's VenueRegistry, DeadLetterStore and
 * OrderGateway, and a FixBroker (SenderCompID TRADELOOM) whose route is added to the context. An order goes
 * OrderGateway.submit -> direct:tradeloom.orders.out (orders.yaml) -> direct:tradeloom.broker.fix ->
 * FixBroker -> QuickFIX/J; its ExecutionReport comes back FixBroker.fromApp -> direct:tradeloom.executions.in
 * (orders.yaml) -> direct:tradeloom.core.executions -> OrderGateway.onExecution, after which t2 is taken.
 */
final class PlatformFlow implements OrderFlow {

    static final String VENUE_ID = "fix";
    static final String SENDER = "TRADELOOM";
    private static final BigDecimal QTY = new BigDecimal("100");
    private static final BigDecimal PRICE = new BigDecimal("101.25");

    /** The real gateway; t2 is taken once the core has applied the ER NEW. */
    static final class MeasuredOrderGateway extends OrderGateway {
        private final TimeBook applied;

        MeasuredOrderGateway(VenueRegistry registry, DeadLetterQueue deadLetters, CamelContext camel,
                             BundleContext bundleContext, TimeBook applied) {
            super(registry, registry, deadLetters, camel, bundleContext);
            this.applied = applied;
        }

        @Override
        public void onExecution(Object body) {
            super.onExecution(body);
            long now = System.nanoTime();
            if (body instanceof Execution e && e.execType() == ExecType.NEW) {
                applied.put(e.orderId(), now);
            }
        }
    }

    private final SimBroker broker;
    private final long timeoutNanos;
    private final TimeBook applied = new TimeBook(true);
    private final DefaultCamelContext camel;
    private final VenueRegistry registry = new VenueRegistry();
    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private MeasuredOrderGateway gateway;
    private FixBroker fix;
    private final Venue vendor = new ReferenceDataVendor("refdata", List.of("AAPL"));

    /** Needs the system property karaf.data set: the FIX venue keeps its message store and ClOrdID book there. */
    PlatformFlow(int port, SimBroker broker, Path ordersYaml, long timeoutNanos) throws Exception {
        this.broker = broker;
        this.timeoutNanos = timeoutNanos;
        // As CamelRuntimeComponent creates the container's context.
        camel = new DefaultCamelContext();
        camel.setNameStrategy(new ExplicitCamelContextNameStrategy("tradeloom"));
        camel.getShutdownStrategy().setTimeout(5);
        camel.start();
        try {
            wire(port, ordersYaml);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void wire(int port, Path ordersYaml) throws Exception {
        String yaml = Files.readString(ordersYaml, StandardCharsets.UTF_8);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:orders.yaml", yaml));

        FakeBundleContext bundles = new FakeBundleContext();
        gateway = new MeasuredOrderGateway(registry, deadLetters, camel, bundles.context(), applied);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", VENUE_ID);
        props.put("SenderCompID", SENDER);
        props.put("TargetCompID", SimBroker.SENDER);
        props.put("SocketConnectHost", "127.0.0.1");
        props.put("SocketConnectPort", Integer.toString(port));
        props.put("HeartBtInt", "30");
        props.put("ResetOnLogon", "Y");
        fix = new FixBroker(camel, gateway, deadLetters, props, bundles.context());
        // The camel-runtime bundle's job in the container: every contributed RoutesBuilder joins the context.
        for (RoutesBuilder b : bundles.services(RoutesBuilder.class)) {
            camel.addRoutes(b);
        }
        registry.addVenue(vendor, FakeBundleContext.reference("benchmark"));
        registry.addVenue(fix, FakeBundleContext.reference("benchmark"));
    }

    @Override
    public String name() {
        return "platform";
    }

    VenueState venueState() {
        return fix.health().state();
    }

    String venueDetail() {
        return fix.health().detail();
    }

    CamelContext camel() {
        return camel;
    }

    OrderGateway gateway() {
        return gateway;
    }

    DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public void roundTrip(long[] stamps) {
        long t0 = System.nanoTime();
        OrderRequest request = new OrderRequest(null, "default", VENUE_ID, "AAPL", Side.BUY, OrderType.LIMIT,
                TimeInForce.DAY, QTY, PRICE, null, null, null);
        Order order = gateway.submit(request);
        String id = order.id();
        if (order.status() == OrderStatus.REJECTED) {
            throw new IllegalStateException("platform path: order " + id + " rejected: " + order.reason());
        }
        long t2 = applied.await(id, timeoutNanos);
        if (t2 == TimeBook.MISSING) {
            throw new IllegalStateException("platform path: the core did not apply an ExecutionReport NEW for order "
                    + id + " within " + timeoutNanos / 1_000_000 + " ms (the simulated broker "
                    + (broker.received().contains(id) ? "did" : "did not") + " receive the NewOrderSingle; order is "
                    + gateway.order(id).map(o -> o.status().name()).orElse("unknown") + "; venue " + VENUE_ID
                    + " is " + venueState() + " (" + venueDetail() + "); dead letters: " + deadLetters.total()
                    + lastDeadLetter() + ")");
        }
        long t1 = broker.received().await(id, timeoutNanos);
        if (t1 == TimeBook.MISSING) {
            throw new IllegalStateException("platform path: ER NEW for " + id + " applied but the simulated broker"
                    + " has no receipt stamp for ClOrdID " + id);
        }
        stamps[0] = t0;
        stamps[1] = t1;
        stamps[2] = t2;
    }

    private String lastDeadLetter() {
        return deadLetters.recent(1).stream().map(d -> ", last: " + d.reason()).findFirst().orElse("");
    }

    @Override
    public void close() {
        // The components' @Deactivate methods are package-private (SCR calls them reflectively, so do we).
        if (fix != null) {
            deactivate(FixBroker.class, fix);
        }
        if (gateway != null) {
            deactivate(OrderGateway.class, gateway);
        }
        deactivate(VenueRegistry.class, registry);
        camel.stop();
    }

    private static void deactivate(Class<?> type, Object component) {
        try {
            Method m = type.getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(component);
        } catch (ReflectiveOperationException e) {
            System.err.println("could not deactivate " + type.getSimpleName() + ": " + e);
        }
    }
}
