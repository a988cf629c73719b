package io.tradeloom.reconciliation.internal;

import io.tradeloom.broker.paper.internal.PaperBroker;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.QuoteBook;
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
import io.tradeloom.reconciliation.api.ReconciliationEndpoints;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import io.tradeloom.reconciliation.api.Severity;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * End to end with the real parts: the real paper broker (matching engine and its ledger), the real order gateway
 * and a real CamelContext wiring them as routes/orders.yaml does, reconciled by the real manager. The executions
 * route can be told to lose fills, as a faulty link or a bad user filter would.
 */
public class PaperReconciliationTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicBoolean loseFills = new AtomicBoolean();
    private final List<Quote> quotes = new CopyOnWriteArrayList<>();
    private final List<Object> adoptedHeaders = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;
    private DeadLetterStore deadLetters;
    private VenueRegistry venues;
    private PaperBroker paper;
    private OrderGateway gateway;
    private ReconciliationManager manager;
    private TestBundleContext bundle;

    @Before
    public void setUp() throws Exception {
        camel = new DefaultCamelContext();
        camel.disableJMX();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(Endpoints.ORDERS_OUT).routeId("orders-out")
                        .toD("direct:tradeloom.broker.${header." + Endpoints.VENUE_HEADER + "}");
                from(Endpoints.EXECUTIONS_IN).routeId("executions-in")
                        .process(ex -> {
                            if (ex.getMessage().getHeader(ReconciliationEndpoints.ADOPTED_HEADER) != null) {
                                adoptedHeaders.add(ex.getMessage().getHeader(ReconciliationEndpoints.RUN_HEADER));
                            }
                        })
                        .filter(ex -> !(loseFills.get() && ex.getMessage().getBody(Execution.class).execType()
                                == ExecType.TRADE && ex.getMessage().getHeader(
                                ReconciliationEndpoints.ADOPTED_HEADER) == null))
                        .to(Endpoints.CORE_EXECUTIONS);
            }
        });
        camel.start();
        bundle = new TestBundleContext(s -> wire(camel, s));
        deadLetters = new DeadLetterStore();
        venues = new VenueRegistry();
        venues.addVenue(new MarketData(), reference("io.tradeloom.vendor.sim"));
        quotes.add(new Quote("AAPL", "sim", new BigDecimal("100.00"), new BigDecimal("500"), new BigDecimal("100.02"),
                new BigDecimal("500"), Instant.now(), Instant.now()));
        paper = new PaperBroker(camel, new Quotes(quotes), Map.of("id", "paper"), bundle.context());
        venues.addVenue(paper, reference("io.tradeloom.broker.paper"));
        gateway = new OrderGateway(venues, venues, deadLetters, camel, bundle.context());
        manager = newManager(Map.of());
    }

    private ReconciliationManager newManager(Map<String, String> settings) {
        ReconciliationManager m = new ReconciliationManager(gateway, camel, Clock.systemUTC(),
                tmp.getRoot().toPath(), ReconConfig.parse(settings));
        gateway.addOrderEventListener(m);
        m.addLedger(bundle.service(BrokerLedger.class));
        return m;
    }

    /** Adds what a component registers as RoutesBuilder to {@code camel}, as camel-runtime does in Karaf. */
    static void wire(CamelContext camel, Object service) {
        if (service instanceof RoutesBuilder r) {
            try {
                camel.addRoutes(r);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @After
    public void tearDown() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (gateway != null) {
            gateway.removeOrderEventListener(manager);
        }
        camel.stop();
    }

    private Order buy(String qty) {
        return gateway.submit(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity(qty).account("acc1").build());
    }

    private Order awaitStatus(String id, OrderStatus status) throws InterruptedException {
        Waits.until("order " + id + " " + status, () -> gateway.order(id).map(o -> o.status() == status)
                .orElse(false));
        return gateway.order(id).orElseThrow();
    }

    private ReconciliationRun runPaper() {
        return manager.run("paper", Instant.now().minusSeconds(600), Instant.now().plusSeconds(1), "test");
    }

    @Test
    public void paperFillsReconcileCleanlyThenALostFillIsMissingLocally() throws Exception {
        for (String qty : List.of("100", "25", "7")) {
            awaitStatus(buy(qty).id(), OrderStatus.FILLED);
        }
        ReconciliationRun clean = runPaper();
        assertEquals(List.of(), clean.discrepancies());
        assertEquals(List.of(), clean.errors());
        assertEquals("three fills on each side", 6, clean.compared());

        loseFills.set(true);
        Order lost = awaitStatus(buy("40").id(), OrderStatus.NEW);
        BrokerLedger ledger = bundle.service(BrokerLedger.class);
        Waits.until("the paper ledger to have the fill of " + lost.id(), () -> ledger.statement(
                Instant.now().minusSeconds(600), Instant.now().plusSeconds(1), 1000).fills().stream()
                .anyMatch(f -> f.orderId().equals(lost.id())));

        ReconciliationRun found = runPaper();
        assertEquals(found.discrepancies().toString(), 1, found.discrepancies().size());
        Discrepancy d = found.discrepancies().get(0);
        assertEquals(DiscrepancyKind.MISSING_LOCALLY, d.kind());
        assertEquals(Severity.CRITICAL, d.severity());
        assertEquals(lost.id(), d.orderId());
        assertFalse("adoption is off by default", d.adopted());
        assertEquals(OrderStatus.NEW, gateway.order(lost.id()).orElseThrow().status());

        // Kept on disk, and read back by a new instance (a restart of the bundle).
        Path file = tmp.getRoot().toPath().resolve("runs").resolve(found.id() + ".json");
        assertTrue(file + " written", Files.exists(file));
        manager.close();
        gateway.removeOrderEventListener(manager);
        manager = newManager(Map.of());
        ReconciliationRun reread = manager.result(found.id()).orElseThrow();
        assertEquals(found.discrepancies(), reread.discrepancies());
        assertEquals(found.from(), reread.from());
        // The local fill ledger was read back too: the three fills we applied, not the lost one.
        List<LocalFill> kept = manager.localFills().fills("paper", Instant.now().minusSeconds(600),
                Instant.now().plusSeconds(1));
        assertEquals(3, kept.size());
        assertFalse(kept.stream().anyMatch(f -> f.orderId().equals(lost.id())));
        assertEquals(1, runPaper().discrepancies().size());
    }

    @Test
    public void aMissedFillIsAdoptedThroughTheExecutionsEndpointAndTagged() throws Exception {
        manager.close();
        gateway.removeOrderEventListener(manager);
        manager = newManager(Map.of("adopt.missing.fills", "true"));

        loseFills.set(true);
        Order lost = awaitStatus(buy("40").id(), OrderStatus.NEW);
        BrokerLedger ledger = bundle.service(BrokerLedger.class);
        Waits.until("the paper ledger to have the fill", () -> ledger.statement(Instant.now().minusSeconds(600),
                Instant.now().plusSeconds(1), 1000).fills().stream().anyMatch(f -> f.orderId().equals(lost.id())));

        ReconciliationRun run = runPaper();
        assertEquals(run.discrepancies().toString(), 1, run.discrepancies().size());
        Discrepancy d = run.discrepancies().get(0);
        assertEquals(DiscrepancyKind.MISSING_LOCALLY, d.kind());
        assertTrue(d.detail(), d.adopted());
        assertEquals(1, run.adopted());
        assertEquals("sent with the adoption headers", List.of(run.id()), adoptedHeaders);

        Order after = gateway.order(lost.id()).orElseThrow();
        assertEquals(OrderStatus.FILLED, after.status());
        assertEquals(0, new BigDecimal("40").compareTo(after.filledQty()));
        List<LocalFill> fills = manager.localFills().fills("paper", Instant.now().minusSeconds(600),
                Instant.now().plusSeconds(1));
        assertEquals(1, fills.size());
        assertTrue("the local ledger marks it adopted", fills.get(0).adopted());
        assertEquals(d.execId(), fills.get(0).execId());
        List<DeadLetter> letters = deadLetters.recent(10);
        assertEquals(letters.toString(), 0, letters.size());

        // Now both sides agree; and a second run does not adopt twice.
        ReconciliationRun again = runPaper();
        assertEquals(List.of(), again.discrepancies());
        assertEquals(0, new BigDecimal("40").compareTo(gateway.order(lost.id()).orElseThrow().filledQty()));
    }

    @Test
    public void anUnknownVenueIsRefusedWithItsName() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> manager.run("nowhere", null, null, "test"));
        assertTrue(e.getMessage(), e.getMessage().contains("venue=nowhere"));
        assertEquals(Set.of("paper"), manager.venues());
    }

    // ------------------------------------------------------------------------------------------- fixtures

    /** The latest of the quotes in a list (the test adds to it), per symbol. */
    static final class Quotes implements QuoteBook {
        private final List<Quote> quotes;

        Quotes(List<Quote> quotes) {
            this.quotes = quotes;
        }

        @Override
        public java.util.Optional<Quote> latest(String symbol) {
            return quotes.stream().filter(q -> q.symbol().equals(symbol)).reduce((a, b) -> b);
        }

        @Override
        public Collection<Quote> all() {
            return List.copyOf(quotes);
        }

        @Override
        public AutoCloseable subscribe(Consumer<Quote> listener) {
            return () -> { };
        }
    }

    /** A market-data venue so the platform knows the symbol. */
    static final class MarketData implements Venue {
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
        Bundle b = (Bundle) Proxy.newProxyInstance(PaperReconciliationTest.class.getClassLoader(),
                new Class<?>[]{Bundle.class}, (self, m, args) -> switch (m.getName()) {
                    case "getSymbolicName" -> bundleSymbolicName;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> "Bundle[" + bundleSymbolicName + "]";
                });
        return (ServiceReference<Venue>) Proxy.newProxyInstance(PaperReconciliationTest.class.getClassLoader(),
                new Class<?>[]{ServiceReference.class}, (self, m, args) -> switch (m.getName()) {
                    case "getBundle" -> b;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> null;
                });
    }
}
