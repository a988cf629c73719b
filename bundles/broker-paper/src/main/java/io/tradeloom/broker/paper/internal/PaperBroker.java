package io.tradeloom.broker.paper.internal;

import io.tradeloom.broker.paper.engine.PaperConfig;
import io.tradeloom.broker.paper.engine.PaperMatchingEngine;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.marketdata.QuoteBook;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One paper broker per factory configuration {@code io.tradeloom.broker.paper-<name>}. Its route
 * {@code broker-paper-<id>} consumes order commands from {@link Endpoints#brokerOrders(String)}; executions go
 * to {@link Endpoints#EXECUTIONS_IN}. When the bundle leaves, working orders are canceled, as a real venue with
 * cancel-on-disconnect would do.
 */
@Component(service = Venue.class, configurationPid = "io.tradeloom.broker.paper",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class PaperBroker implements Venue {

    private static final Logger LOG = LoggerFactory.getLogger(PaperBroker.class);

    private static final Capabilities CAPABILITIES = new Capabilities(EnumSet.allOf(OrderType.class),
            EnumSet.allOf(TimeInForce.class), Set.of(AssetClass.EQUITY, AssetClass.ETF), 0);

    private final AtomicReference<PaperMatchingEngine> engine = new AtomicReference<>();
    private final VenueDescriptor descriptor;
    private final QuoteBook quotes;
    private final ProducerTemplate producer;
    private final ScheduledExecutorService scheduler;
    private final AutoCloseable subscription;
    private final ServiceRegistration<RoutesBuilder> routes;
    private final AtomicLong deliveryFailures = new AtomicLong();
    private final PeakRate newOrderRate = new PeakRate(1000);
    private volatile PaperFaults faults;
    private volatile String lastError;

    @Activate
    public PaperBroker(@Reference CamelContext camel, @Reference QuoteBook quotes, Map<String, Object> props,
                       BundleContext bundleContext) {
        PaperConfig config = parse(props, null);
        this.faults = parseFaults(props, null);
        this.quotes = quotes;
        this.descriptor = new VenueDescriptor(config.venueId(), VenueKind.BROKER, "paper", CAPABILITIES);
        this.producer = camel.createProducerTemplate();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paper-" + config.venueId());
            t.setDaemon(true);
            return t;
        });
        engine.set(newEngine(config));
        this.subscription = quotes.subscribe(q -> engine.get().onQuote(q));
        String routeId = "broker-paper-" + config.venueId();
        this.routes = bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                // A refused command is the caller's answer, not an error to log and retry here.
                errorHandler(noErrorHandler());
                from(Endpoints.brokerOrders(config.venueId())).routeId(routeId)
                        .process(ex -> handle(ex.getMessage().getMandatoryBody(OrderCommand.class)));
                // Status queries: the order's status here, or "unknown" when it never arrived.
                from(Endpoints.brokerStatus(config.venueId())).routeId(routeId + "-status")
                        .process(ex -> {
                            Object body = ex.getMessage().getBody();
                            String id = body instanceof io.tradeloom.domain.order.Order o ? o.id()
                                    : body instanceof OrderCommand c ? c.order().id() : String.valueOf(body);
                            ex.getMessage().setBody(engine.get().statusOf(id)
                                    .map(Object.class::cast).orElse(Endpoints.STATUS_UNKNOWN));
                        });
            }
        }, null);
        LOG.info("paper broker {} started: {}", config.venueId(), config);
    }

    private void handle(OrderCommand cmd) throws Exception {
        PaperFaults f = faults;
        f.before(cmd);
        if (cmd instanceof OrderCommand.Submit) {
            newOrderRate.arrived(System.nanoTime());
        }
        engine.get().handle(cmd);
        f.after(cmd);
    }

    private static PaperFaults parseFaults(Map<String, Object> props, String currentId) {
        try {
            return PaperFaults.parse(props);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() + (currentId == null ? "; paper broker not started"
                    : "; the previous configuration of venue " + currentId + " stays in force");
            LOG.error(msg);
            throw new IllegalArgumentException(msg, e);
        }
    }

    private PaperMatchingEngine newEngine(PaperConfig config) {
        return new PaperMatchingEngine(config, quotes::latest, this::deliver, Clock.systemUTC(), scheduler);
    }

    /** Parses settings; the message names file, key and value. {@code current} is null on first start. */
    private static PaperConfig parse(Map<String, Object> props, String currentId) {
        Settings settings = new Settings(props);
        try {
            return PaperConfig.parse(props);
        } catch (IllegalArgumentException e) {
            String msg = settings.source() + ": " + e.getMessage() + (currentId == null
                    ? "; paper broker not started" : "; the previous configuration of venue " + currentId
                    + " stays in force");
            LOG.error(msg);
            throw new IllegalArgumentException(msg, e);
        }
    }

    private void deliver(Execution execution) {
        try {
            producer.sendBody(Endpoints.EXECUTIONS_IN, execution);
        } catch (RuntimeException e) {
            long n = deliveryFailures.incrementAndGet();
            lastError = e.getMessage();
            LOG.error("paper broker {}: execution {} for order {} could not be delivered ({} so far): {}",
                    descriptor.id(), execution.execId(), execution.orderId(), n, e.getMessage());
        }
    }

    @Modified
    void modified(Map<String, Object> props) {
        PaperConfig next;
        PaperFaults nextFaults;
        try {
            next = parse(props, descriptor.id());
            nextFaults = parseFaults(props, descriptor.id());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!next.venueId().equals(descriptor.id())) {
            LOG.error("{}: id={} rejected: a venue's id cannot change while it runs (remove the file and add a new"
                            + " one); the previous configuration of venue {} stays in force",
                    new Settings(props).source(), next.venueId(), descriptor.id());
            return;
        }
        // Working orders move to the new engine by being canceled there and resubmitted would lose fills; the
        // engine keeps its book and only takes the new fill settings.
        PaperMatchingEngine current = engine.get();
        current.reconfigure(next);
        faults = nextFaults;
        LOG.info("paper broker {} reconfigured: {}", descriptor.id(), next);
    }

    @Deactivate
    void deactivate() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("quote subscription close: {}", e.toString());
        }
        engine.get().cancelAll("venue " + descriptor.id() + " undeployed: canceled on disconnect");
        routes.unregister();
        scheduler.shutdown();
        try {
            producer.stop();
        } catch (Exception e) {
            LOG.debug("producer stop: {}", e.toString());
        }
        LOG.info("paper broker {} stopped", descriptor.id());
    }

    @Override
    public VenueDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public VenueHealth health() {
        String err = lastError;
        if (err != null && deliveryFailures.get() > 0) {
            return VenueHealth.of(VenueState.DEGRADED, deliveryFailures.get() + " executions undelivered: " + err);
        }
        PaperConfig c = engine.get().config();
        PaperMatchingEngine e = engine.get();
        // The counterparty's own counts: new orders received, duplicates among them, peak new orders per second.
        return VenueHealth.of(VenueState.UP, "fill " + c.fillModel().name().toLowerCase() + ", latency "
                + c.latencyMillis() + "ms, partial " + c.partialFillRatio().toPlainString() + ", "
                + e.workingOrders().size() + " working, received " + e.submitsReceived() + " new, "
                + e.duplicateSubmits() + " duplicate, peak " + newOrderRate.peak() + "/s"
                + (faults.any() ? ", faults on" : ""));
    }

    /** Any symbol the platform has market data for. */
    @Override
    public Collection<Instrument> instruments() {
        return List.of();
    }
}
