package io.tradeloom.broker.paper.internal;

import io.tradeloom.broker.paper.store.PaperStore;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.QuoteBook;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The paper broker as the container runs it (its routes in a real CamelContext, its ledger service, quotes from
 * the QuoteBook), stopped and started again on the same data folder as a bundle or container restart does.
 */
public class PaperBrokerRestartTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Quotes quotes = new Quotes();
    private final List<Execution> executions = new CopyOnWriteArrayList<>();
    private final List<Object> services = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;
    private PaperBroker broker;
    private Path data;

    @After
    public void tearDown() {
        stop();
    }

    private void start(Map<String, Object> extra) throws Exception {
        if (data == null) {
            data = tmp.getRoot().toPath();
        }
        camel = new DefaultCamelContext();
        camel.disableJMX();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.EXECUTIONS_IN).routeId("executions-in")
                        .process(ex -> executions.add(ex.getMessage().getMandatoryBody(Execution.class)));
            }
        });
        camel.start();
        Map<String, Object> props = new HashMap<>(Map.of("id", "paper",
                "felix.fileinstall.filename", "file:/opt/etc/io.tradeloom.broker.paper-default.cfg"));
        props.putAll(extra);
        // Cleared first: the venue may report at once (DAY orders of an earlier session expire when it starts).
        executions.clear();
        broker = new PaperBroker(camel, quotes, props, bundleContext(), data);
    }

    private void stop() {
        if (broker != null) {
            broker.deactivate();
            broker = null;
        }
        if (camel != null) {
            camel.stop();
            camel = null;
        }
        services.clear();
    }

    private void restart(Map<String, Object> extra) throws Exception {
        stop();
        start(extra);
    }

    @Test
    public void aRestingOrderIsKnownAfterARestartAndFillsOnTheNextQuote() throws Exception {
        start(Map.of());
        quotes.publish(quote("99.98", "100.02"));
        Order resting = limit("O1", Side.BUY, "99.00");
        Order filled = market("O2");
        send(new OrderCommand.Submit(resting));
        send(new OrderCommand.Submit(filled));
        Instant beforeRestart = Instant.now();
        assertTrue("a file per venue", Files.size(PaperStore.fileFor(data, "paper")) > 0);

        restart(Map.of());
        assertEquals(OrderStatus.NEW, status("O1"));
        assertEquals(OrderStatus.FILLED, status("O2"));
        assertEquals(Endpoints.STATUS_UNKNOWN, status("O3"));
        assertTrue(broker.health().detail(), broker.health().detail().contains("1 working"));

        quotes.publish(quote("98.90", "98.95"));
        Execution fill = executions.stream().filter(Execution::isFill).findFirst()
                .orElseThrow(() -> new AssertionError("no fill after the restart: " + executions));
        assertEquals("O1", fill.orderId());
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertEquals(OrderStatus.FILLED, status("O1"));

        // The ledger service of the new instance answers for the time before the restart.
        BrokerStatement s = ledger().statement(beforeRestart.minusSeconds(60), beforeRestart.plusMillis(1), 1000);
        assertEquals(List.of("O1", "O2"), s.orders().stream().map(BrokerOrder::orderId).sorted().toList());
        assertEquals(List.of("O2"), s.fills().stream().map(Execution::orderId).toList());
    }

    @Test
    public void aCancelAfterARestartReachesTheOrder() throws Exception {
        start(Map.of());
        quotes.publish(quote("99.98", "100.02"));
        Order resting = limit("O1", Side.SELL, "150.00");
        send(new OrderCommand.Submit(resting));
        restart(Map.of());
        send(new OrderCommand.Cancel(resting, "X1"));
        assertEquals(List.of(ExecType.CANCELED), executions.stream().map(Execution::execType).toList());
        assertEquals(OrderStatus.CANCELED, status("O1"));
    }

    @Test
    public void withPersistOffTheVenueLivesInMemoryAndCancelsOnDisconnect() throws Exception {
        start(Map.of("persist", "false"));
        quotes.publish(quote("99.98", "100.02"));
        send(new OrderCommand.Submit(limit("O1", Side.BUY, "99.00")));
        assertTrue(broker.health().detail(), broker.health().detail().endsWith("in memory"));
        broker.deactivate();
        broker = null;
        assertEquals("canceled on disconnect", ExecType.CANCELED, executions.get(executions.size() - 1).execType());
        assertFalse("no store file", Files.exists(PaperStore.fileFor(data, "paper")));

        restart(Map.of("persist", "false"));
        assertEquals(Endpoints.STATUS_UNKNOWN, status("O1"));
        try {
            send(new OrderCommand.Cancel(limit("O1", Side.BUY, "99.00"), "X1"));
            fail("a cancel of a forgotten order was taken");
        } catch (CamelExecutionException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("unknown"));
        }
    }

    @Test
    public void aBadPersistValueNamesFileKeyAndValue() {
        for (Map.Entry<String, String> bad : Map.of("persist", "maybe", "persist.flush.ms", "0").entrySet()) {
            try {
                start(Map.of(bad.getKey(), bad.getValue()));
                fail(bad + " was taken");
            } catch (Exception e) {
                String msg = e.getMessage();
                assertTrue(msg, msg.contains("io.tradeloom.broker.paper-default.cfg")
                        && msg.contains(bad.getKey() + "=" + bad.getValue()) && msg.contains("not started"));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void send(OrderCommand cmd) {
        try (ProducerTemplate p = camel.createProducerTemplate()) {
            p.sendBody(Endpoints.brokerOrders("paper"), cmd);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object status(String orderId) {
        try (ProducerTemplate p = camel.createProducerTemplate()) {
            return p.requestBody(Endpoints.brokerStatus("paper"), orderId);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private BrokerLedger ledger() {
        return services.stream().filter(BrokerLedger.class::isInstance).map(BrokerLedger.class::cast).findFirst()
                .orElseThrow();
    }

    private static Quote quote(String bid, String ask) {
        Instant now = Instant.now();
        return new Quote("AAPL", "test", new BigDecimal(bid), new BigDecimal("500"), new BigDecimal(ask),
                new BigDecimal("500"), now, now);
    }

    private static Order limit(String id, Side side, String price) {
        return Order.accept(id, "C-" + id, OrderRequest.builder().venue("paper").symbol("AAPL").side(side)
                .type(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity("10").limitPrice(price).build(),
                Instant.now());
    }

    /**
     * A DAY order accepted before the last session close (here the built-in 24x7 calendar's midnight UTC) expires
     * when the venue comes back, with an EXPIRED report; one accepted after that close and a GTC order keep working.
     */
    @Test
    public void dayOrdersOfAnEarlierSessionExpireWhenTheVenueComesBack() throws Exception {
        Instant midnight = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(java.time.Duration.ofDays(1));
        if (Instant.now().isAfter(midnight.minusSeconds(30))) {
            Thread.sleep(java.time.Duration.between(Instant.now(), midnight).toMillis() + 1000); // not across a close
        }
        start(Map.of());
        quotes.publish(quote("99.98", "100.02"));
        Instant lastClose = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Order yesterday = Order.accept("D1", "C-D1", OrderRequest.builder().venue("paper").symbol("AAPL")
                .side(Side.BUY).type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity("10").limitPrice("99.00")
                .build(), lastClose.minusSeconds(3600));
        Order today = Order.accept("D2", "C-D2", OrderRequest.builder().venue("paper").symbol("AAPL")
                .side(Side.BUY).type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity("10").limitPrice("99.00")
                .build(), lastClose.plusNanos(1));
        send(new OrderCommand.Submit(yesterday));
        send(new OrderCommand.Submit(today));
        send(new OrderCommand.Submit(limit("G1", Side.BUY, "99.00")));
        assertEquals(OrderStatus.NEW, status("D1"));

        restart(Map.of());
        long deadline = System.currentTimeMillis() + 10_000;
        while (executions.stream().noneMatch(e -> e.orderId().equals("D1")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        List<Execution> d1 = executions.stream().filter(e -> e.orderId().equals("D1")).toList();
        assertEquals(d1.toString(), 1, d1.size());
        assertEquals(ExecType.EXPIRED, d1.get(0).execType());
        assertEquals(OrderStatus.EXPIRED, status("D1"));
        assertEquals(OrderStatus.NEW, status("D2"));
        assertEquals(OrderStatus.NEW, status("G1"));
        assertTrue(executions.toString(), executions.stream().allMatch(e -> e.orderId().equals("D1")));
    }

    /** A calendar setting that is no id is refused with file, key and value. */
    @Test
    public void aBadCalendarSettingIsRefusedByName() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> start(Map.of("calendar", "New York!")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("io.tradeloom.broker.paper-default.cfg: calendar=New York!"));
    }

    private static Order market(String id) {
        return Order.accept(id, "C-" + id, OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity("10").build(), Instant.now());
    }

    /** The latest quote per symbol, and the listeners the broker subscribed (one per running instance). */
    private static final class Quotes implements QuoteBook {
        private final Map<String, Quote> latest = new ConcurrentHashMap<>();
        private final List<Consumer<Quote>> listeners = new CopyOnWriteArrayList<>();

        void publish(Quote q) {
            latest.put(q.symbol(), q);
            listeners.forEach(l -> l.accept(q));
        }

        @Override
        public Optional<Quote> latest(String symbol) {
            return Optional.ofNullable(latest.get(symbol));
        }

        @Override
        public Collection<Quote> all() {
            return new ArrayList<>(latest.values());
        }

        @Override
        public AutoCloseable subscribe(Consumer<Quote> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }
    }

    /** registerService adds Camel routes to the test's context (as camel-runtime does) and keeps the service. */
    private BundleContext bundleContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (self, m, args) -> switch (m.getName()) {
                    case "registerService" -> {
                        Object service = args[1];
                        services.add(service);
                        if (service instanceof RoutesBuilder r) {
                            camel.addRoutes(r);
                        }
                        yield Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[]{ServiceRegistration.class}, (s2, m2, a2) -> {
                                    if (m2.getName().equals("unregister")) {
                                        services.remove(service);
                                    }
                                    return null;
                                });
                    }
                    case "toString" -> "test bundle context";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("BundleContext." + m.getName());
                });
    }
}
