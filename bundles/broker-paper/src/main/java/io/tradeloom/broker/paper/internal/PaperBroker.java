package io.tradeloom.broker.paper.internal;

import io.tradeloom.broker.paper.engine.PaperConfig;
import io.tradeloom.broker.paper.engine.PaperMatchingEngine;
import io.tradeloom.broker.paper.ledger.PaperLedger;
import io.tradeloom.broker.paper.store.PaperJournal;
import io.tradeloom.broker.paper.store.PaperState;
import io.tradeloom.broker.paper.store.PaperStore;
import io.tradeloom.broker.paper.store.PaperStoreSettings;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.CalendarService;
import io.tradeloom.domain.calendar.TradingCalendar;
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

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One paper broker per factory configuration {@code io.tradeloom.broker.paper-<name>}. Its route
 * {@code broker-paper-<id>} consumes order commands from {@link Endpoints#brokerOrders(String)}; executions go
 * to {@link Endpoints#EXECUTIONS_IN}.
 *
 * <p>With {@code persist = true} (the default) the venue's book and ledger live in
 * {@code ${karaf.data}/tradeloom/paper/<id>.mv} ({@link PaperStore}): when the bundle or the container stops,
 * resting orders stay at the venue, as GTC/DAY orders do at a real broker while the client is away, and work again
 * against the quotes after the start; statements and status queries still know every earlier order. With
 * {@code persist = false} the venue lives in memory, and when the bundle leaves its working orders are canceled,
 * as a real venue with cancel-on-disconnect would do (they could not come back anyway).
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
    private final PaperLedger ledger;
    /** Null when the venue lives in memory. */
    private final PaperStore store;
    private final PaperStoreSettings storeSettings;
    private final ServiceRegistration<BrokerLedger> ledgerRegistration;
    private final AtomicLong deliveryFailures = new AtomicLong();
    private final PeakRate newOrderRate = new PeakRate(1000);
    private volatile PaperFaults faults;
    private volatile String lastError;
    /** {@code calendar}: whose session closes end DAY orders. */
    private volatile String calendarId;
    private final DayOrderExpiry dayEnd;

    /** The paper venue's calendar setting: the trading calendar whose session closes end its DAY orders. */
    static final String KEY_CALENDAR = "calendar";

    @Activate
    public PaperBroker(@Reference CamelContext camel, @Reference QuoteBook quotes, @Reference CalendarService calendars,
                       Map<String, Object> props, BundleContext bundleContext) {
        this(camel, quotes, props, bundleContext, karafData(), calendars::calendar);
    }

    /** Outside the container (tools, tests): the built-in calendar only, the data folder from {@code karaf.data}. */
    public PaperBroker(CamelContext camel, QuoteBook quotes, Map<String, Object> props, BundleContext bundleContext) {
        this(camel, quotes, props, bundleContext, karafData());
    }

    /** Outside the container: the built-in calendar only ({@value TradingCalendar#ALWAYS_OPEN_ID}). */
    public PaperBroker(CamelContext camel, QuoteBook quotes, Map<String, Object> props, BundleContext bundleContext,
                       Path dataDir) {
        this(camel, quotes, props, bundleContext, dataDir, id -> TradingCalendar.ALWAYS_OPEN_ID.equals(id)
                ? Optional.of(TradingCalendar.alwaysOpen()) : Optional.empty());
    }

    /**
     * As the container starts it, with the data folder given: the store file is
     * {@code <dataDir>/tradeloom/paper/<id>.mv}. {@code dataDir} null keeps the venue in memory whatever
     * {@code persist} says (outside Karaf without a folder), with a warning.
     */
    public PaperBroker(CamelContext camel, QuoteBook quotes, Map<String, Object> props, BundleContext bundleContext,
                       Path dataDir, Function<String, Optional<TradingCalendar>> calendars) {
        PaperConfig config = parse(props, null);
        this.calendarId = parseCalendar(props, null);
        this.faults = parseFaults(props, null);
        this.storeSettings = parseStore(props, null);
        this.store = openStore(config.venueId(), storeSettings, dataDir);
        PaperJournal journal = store == null ? PaperJournal.NONE : store;
        PaperState restored = store == null ? PaperState.EMPTY : store.loaded();
        this.quotes = quotes;
        this.descriptor = new VenueDescriptor(config.venueId(), VenueKind.BROKER, "paper", CAPABILITIES);
        this.producer = camel.createProducerTemplate();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paper-" + config.venueId());
            t.setDaemon(true);
            return t;
        });
        this.ledger = new PaperLedger(config.venueId(), journal, restored);
        engine.set(new PaperMatchingEngine(config, quotes::latest, this::deliver, Clock.systemUTC(), scheduler,
                journal, restored));
        this.subscription = quotes.subscribe(q -> engine.get().onQuote(q));
        this.dayEnd = new DayOrderExpiry(config.venueId(), () -> calendarId, calendars, Clock.systemUTC(), scheduler,
                close -> engine.get().expireDayOrders(close));
        dayEnd.start();
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
        this.ledgerRegistration = bundleContext.registerService(BrokerLedger.class, ledger,
                new java.util.Hashtable<>(Map.of("tradeloom.venue", config.venueId())));
        LOG.info("paper broker {} started: {}; DAY orders expire at the session closes of calendar {}; {}",
                config.venueId(), config, calendarId, store == null ? "in memory"
                : "state in " + store.file() + " (" + restored.working().size() + " resting orders, "
                + restored.ledgerOrders().size() + " ledger orders, " + restored.executions().size()
                + " executions loaded)");
    }

    private static Path karafData() {
        String dir = System.getProperty("karaf.data");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** The venue's store, or null for memory: persistence off, no data folder, or a file that cannot be used. */
    private static PaperStore openStore(String venueId, PaperStoreSettings settings, Path dataDir) {
        if (!settings.persist()) {
            return null;
        }
        if (dataDir == null) {
            LOG.warn("paper broker {}: persist=true but no data folder (karaf.data is not set); the venue lives in"
                    + " memory", venueId);
            return null;
        }
        Path file = PaperStore.fileFor(dataDir, venueId);
        try {
            return PaperStore.open(file, venueId, settings.flushMillis());
        } catch (RuntimeException e) {
            // Not even an empty file could be made: trade in memory rather than not at all.
            LOG.error("paper broker {}: store file {} cannot be used ({}); the venue lives in memory until it is"
                    + " restarted", venueId, file, e.getMessage());
            return null;
        }
    }

    private static PaperStoreSettings parseStore(Map<String, Object> props, String currentId) {
        try {
            return PaperStoreSettings.parse(props);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() + (currentId == null ? "; paper broker not started"
                    : "; the previous configuration of venue " + currentId + " stays in force");
            LOG.error(msg);
            throw new IllegalArgumentException(msg, e);
        }
    }

    private void handle(OrderCommand cmd) throws Exception {
        PaperFaults f = faults;
        f.before(cmd);
        // Past an injected refusal only: the ledger holds what this venue really took.
        ledger.command(cmd);
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

    /** {@code calendar}: an id as calendar files name them; the message names file, key and value. */
    private static String parseCalendar(Map<String, Object> props, String currentId) {
        Settings s = new Settings(props);
        String id = s.string(KEY_CALENDAR, TradingCalendar.ALWAYS_OPEN_ID).trim();
        if (id.isEmpty() || !id.matches("[A-Za-z0-9_.-]+")) {
            IllegalArgumentException e = s.invalid(KEY_CALENDAR, "must be a calendar id (letters, digits, '_', '.',"
                    + " '-'), e.g. XNYS or " + TradingCalendar.ALWAYS_OPEN_ID);
            String msg = e.getMessage() + (currentId == null ? "; paper broker not started"
                    : "; the previous configuration of venue " + currentId + " stays in force");
            LOG.error(msg);
            throw new IllegalArgumentException(msg, e);
        }
        return id;
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
        ledger.execution(execution);
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
        PaperStoreSettings nextStore;
        String nextCalendar;
        try {
            next = parse(props, descriptor.id());
            nextFaults = parseFaults(props, descriptor.id());
            nextStore = parseStore(props, descriptor.id());
            nextCalendar = parseCalendar(props, descriptor.id());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!nextStore.equals(storeSettings)) {
            LOG.warn("{}: {}={}, {}={} take effect when venue {} next starts (bundle or container restart); it"
                            + " keeps {} until then", new Settings(props).source(), PaperStoreSettings.KEY_PERSIST,
                    nextStore.persist(), PaperStoreSettings.KEY_FLUSH_MS, nextStore.flushMillis(), descriptor.id(),
                    store == null ? "living in memory" : "its state in " + store.file());
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
        if (!nextCalendar.equals(calendarId)) {
            LOG.info("paper broker {}: DAY orders now expire at the session closes of calendar {} (was {})",
                    descriptor.id(), nextCalendar, calendarId);
            calendarId = nextCalendar;
            dayEnd.calendarChanged();
        }
        LOG.info("paper broker {} reconfigured: {}", descriptor.id(), next);
    }

    @Deactivate
    void deactivate() {
        dayEnd.close();
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("quote subscription close: {}", e.toString());
        }
        if (store == null) {
            engine.get().cancelAll("venue " + descriptor.id() + " undeployed: canceled on disconnect");
        }
        routes.unregister();
        ledgerRegistration.unregister();
        scheduler.shutdown();
        if (store != null) {
            // Reports still waiting out their latency reach the ledger before the file is closed.
            try {
                scheduler.awaitTermination(engine.get().config().latencyMillis() + 2000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.close();
        }
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
        PaperStore s = store;
        if (s != null && s.writeFailures() > 0) {
            return VenueHealth.of(VenueState.DEGRADED, s.writeFailures() + " failed writes to " + s.file() + ": "
                    + s.lastError());
        }
        PaperConfig c = engine.get().config();
        PaperMatchingEngine e = engine.get();
        // The counterparty's own counts: new orders received, duplicates among them, peak new orders per second.
        return VenueHealth.of(VenueState.UP, "fill " + c.fillModel().name().toLowerCase() + ", latency "
                + c.latencyMillis() + "ms, partial " + c.partialFillRatio().toPlainString() + ", "
                + e.workingOrders().size() + " working, received " + e.submitsReceived() + " new, "
                + e.duplicateSubmits() + " duplicate, peak " + newOrderRate.peak() + "/s"
                + (faults.any() ? ", faults on" : "") + (s == null ? ", in memory" : ", persistent")
                + (s != null && s.backPressureWaits() > 0 ? " (orders waited " + s.backPressureWaits()
                + " times for the store's writer)" : ""));
    }

    /** Any symbol the platform has market data for. */
    @Override
    public Collection<Instrument> instruments() {
        return List.of();
    }
}
