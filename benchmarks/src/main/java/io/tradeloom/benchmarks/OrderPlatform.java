package io.tradeloom.benchmarks;

import io.tradeloom.broker.paper.internal.PaperBroker;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.api.OrderStore;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.ExplicitCamelContextNameStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The order path of the platform, built from the real classes as the container wires them: a started
 * DefaultCamelContext with the real {@code routes/orders.yaml}, the core's VenueRegistry, DeadLetterStore,
 * MarketDataIntake and OrderGateway (with a configured RiskEngine, or the permissive 5-argument constructor), a
 * PaperBroker (id {@code paper}, fill.model quote, latency.ms 0, partial.fill.ratio 1) and a VENDOR venue that
 * lists the symbols. An order goes OrderGateway.submit -> validation, venue checks, RiskEngine.check ->
 * direct:tradeloom.orders.out (orders.yaml) -> direct:tradeloom.broker.paper -> PaperMatchingEngine, which with
 * latency 0 fills it on the caller's thread: ER NEW and ER TRADE (FILLED) -> direct:tradeloom.executions.in
 * (orders.yaml) -> direct:tradeloom.core.executions -> OrderGateway.onExecution, all before submit returns.
 */
final class OrderPlatform implements AutoCloseable {

    static final String VENUE_ID = "paper";
    /** A routing policy over the paper venue, with every ranking weight on. */
    static final String POLICY_VENUE = "policy:bench";
    static final String VENDOR_ID = "refdata";
    static final BigDecimal QUOTE_SIZE = new BigDecimal("10000000");

    /** The real gateway; counts the FILLED executions it has applied and when it applied the last one. */
    static final class CountingGateway extends OrderGateway {
        final LongAdder filled = new LongAdder();
        final AtomicLong lastFilledNanos = new AtomicLong();

        CountingGateway(VenueRegistry registry, DeadLetterStore deadLetters, DefaultCamelContext camel,
                        RiskEngine risk, FakeBundleContext bundles) {
            // risk == null: the permissive constructor (RiskEngine.unlimited()), as a tool outside OSGi builds it.
            super(registry, registry, deadLetters, camel, risk, bundles.context());
        }

        CountingGateway(VenueRegistry registry, DeadLetterStore deadLetters, DefaultCamelContext camel,
                        FakeBundleContext bundles) {
            super(registry, registry, deadLetters, camel, bundles.context());
        }

        /** The container's constructor with the given order store (e.g. the Hazelcast one) and no halts. */
        CountingGateway(VenueRegistry registry, DeadLetterStore deadLetters, DefaultCamelContext camel,
                        RiskEngine risk, OrderStore store, FakeBundleContext bundles) {
            super(registry, registry, deadLetters, camel, risk == null ? RiskEngine.unlimited() : risk,
                    HaltService.none(), store, bundles.context());
        }

        @Override
        public void onExecution(Object body) {
            super.onExecution(body);
            if (body instanceof Execution e && e.ordStatus() == OrderStatus.FILLED) {
                long now = System.nanoTime();
                filled.increment();
                lastFilledNanos.accumulateAndGet(now, Math::max);
            }
        }

        void resetCounters() {
            filled.reset();
            lastFilledNanos.set(0);
        }
    }

    /**
     * The real RiskEngine, timing each check the gateway makes when a sink is set (one submitting thread only):
     * the time spent inside RiskEngine.check at the real call rate, with the real state behind it.
     */
    static final class TimedRiskEngine extends RiskEngine {
        private long[] sink;
        private int next;

        TimedRiskEngine(MarketDataIntake quotes, Map<String, Object> props) {
            super(quotes, props);
        }

        @Override
        public void check(OrderRequest request) {
            long[] s = sink;
            if (s == null) {
                super.check(request);
                return;
            }
            long t0 = System.nanoTime();
            super.check(request);
            long t1 = System.nanoTime();
            if (next < s.length) {
                s[next++] = t1 - t0;
            }
        }

        /** Starts recording into {@code sink} (null stops); returns how many the previous sink got. */
        int record(long[] newSink) {
            int n = next;
            sink = newSink;
            next = 0;
            return n;
        }
    }

    final String name;
    final DefaultCamelContext camel;
    final VenueRegistry registry = new VenueRegistry();
    final DeadLetterStore deadLetters = new DeadLetterStore();
    final FakeBundleContext bundles = new FakeBundleContext();
    final MarketDataIntake intake;
    /** Null when risk is off (the gateway then uses RiskEngine.unlimited()). */
    final TimedRiskEngine risk;
    CountingGateway gateway;
    PaperBroker paper;
    /** The paper venue's data folder: its store file is written there, as in the container (persist = true). */
    final Path paperData;
    /**
     * Whether the paper venue writes its store file, as in the container (default). {@code --paper-persist false}
     * measures the platform alone: with a real broker the venue's own bookkeeping is on the broker's machine.
     */
    static volatile boolean paperPersist = true;

    /**
     * @param riskProps the risk configuration, or null for the permissive gateway (risk off)
     * @param mids      symbol -> mid price; one quote per symbol (spread 2 cents, size 10,000,000) is fed in
     */
    OrderPlatform(String camelName, Path ordersYaml, Map<String, Object> riskProps, Map<String, BigDecimal> mids)
            throws Exception {
        this(camelName, ordersYaml, riskProps, mids, null);
    }

    /** As above, with order state in {@code store} (null: the gateway's own in-memory store). */
    OrderPlatform(String camelName, Path ordersYaml, Map<String, Object> riskProps, Map<String, BigDecimal> mids,
                  OrderStore store) throws Exception {
        this.name = camelName;
        // As CamelRuntimeComponent creates the container's context.
        camel = new DefaultCamelContext();
        camel.setNameStrategy(new ExplicitCamelContextNameStrategy(camelName));
        camel.getShutdownStrategy().setTimeout(5);
        camel.start();
        intake = new MarketDataIntake(registry, deadLetters, bundles.context());
        paperData = Files.createTempDirectory("tradeloom-bench-paper-");
        risk = riskProps == null ? null : new TimedRiskEngine(intake, riskProps);
        try {
            if (risk != null && risk.configError().isPresent()) {
                throw new IllegalStateException("risk configuration refused: " + risk.configError().get());
            }
            String yaml = Files.readString(ordersYaml, StandardCharsets.UTF_8);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:orders.yaml", yaml));
            gateway = store != null
                    ? new CountingGateway(registry, deadLetters, camel, risk, store, bundles)
                    : risk == null
                    ? new CountingGateway(registry, deadLetters, camel, bundles)
                    : new CountingGateway(registry, deadLetters, camel, risk, bundles);
            gateway.addPolicy(io.tradeloom.core.routing.RoutingPolicy.parse(Map.of("name", "bench", "venues",
                    VENUE_ID)));
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("id", VENUE_ID);
            props.put("fill.model", "quote");
            props.put("latency.ms", "0");
            props.put("partial.fill.ratio", "1");
            props.put("persist", Boolean.toString(paperPersist));
            paper = new PaperBroker(camel, intake, props, bundles.context(), paperData);
            // The camel-runtime bundle's job in the container: every contributed RoutesBuilder joins the context.
            for (RoutesBuilder b : bundles.services(RoutesBuilder.class)) {
                camel.addRoutes(b);
            }
            registry.addVenue(new ReferenceDataVendor(VENDOR_ID, mids.keySet()), FakeBundleContext.reference("benchmark"));
            registry.addVenue(paper, FakeBundleContext.reference("benchmark"));
            Instant now = Instant.now();
            BigDecimal halfSpread = new BigDecimal("0.01");
            for (Map.Entry<String, BigDecimal> m : mids.entrySet()) {
                intake.onEvent(new Quote(m.getKey(), VENDOR_ID, m.getValue().subtract(halfSpread), QUOTE_SIZE,
                        m.getValue().add(halfSpread), QUOTE_SIZE, now, now));
            }
            if (intake.accepted() != mids.size()) {
                throw new IllegalStateException("market data intake accepted " + intake.accepted() + " of "
                        + mids.size() + " quotes; dead letters: " + deadLetters.total());
            }
            if (paper.health().state() != VenueState.UP) {
                throw new IllegalStateException("paper broker is " + paper.health());
            }
            if (paperPersist && !paper.health().detail().endsWith("persistent")) {
                throw new IllegalStateException("paper broker does not persist (the figure would flatter): "
                        + paper.health());
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    boolean riskOn() {
        return risk != null;
    }

    @Override
    public void close() {
        // The components' @Deactivate methods are package-private (SCR calls them reflectively, so do we).
        if (paper != null) {
            deactivate(PaperBroker.class, paper);
        }
        if (gateway != null) {
            deactivate(OrderGateway.class, gateway);
        }
        deactivate(MarketDataIntake.class, intake);
        deactivate(VenueRegistry.class, registry);
        camel.stop();
        deleteRecursively(paperData);
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    private static void deactivate(Class<?> type, Object component) {
        if (component == null) {
            return;
        }
        try {
            Method m = type.getDeclaredMethod("deactivate");
            m.setAccessible(true);
            m.invoke(component);
        } catch (ReflectiveOperationException e) {
            System.err.println("could not deactivate " + type.getSimpleName() + ": " + e);
        }
    }
}
