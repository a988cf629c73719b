package io.tradeloom.reconciliation.internal;

import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.cluster.api.ScheduledJobs;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.OrderEventListener;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.OrderStore;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.DiscrepancyKind;
import io.tradeloom.reconciliation.api.ReconciliationEndpoints;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import io.tradeloom.reconciliation.api.ReconciliationService;
import io.tradeloom.reconciliation.api.Severity;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.hazelcast.policy.HazelcastRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reconciliation in the container: keeps the local fill ledger (an {@link OrderEventListener}), finds every
 * {@link BrokerLedger}, runs on demand (shell, JMX) and when {@code routes/reconciliation.yaml} fires (its Quartz
 * cron comes from {@code etc/io.tradeloom.reconciliation.cfg} through Camel property placeholders this component
 * provides), keeps the results under {@code data/tradeloom/reconciliation/} and, when configured, adopts the fills
 * the broker has and we missed through the executions endpoint.
 *
 * <p>In a cluster the schedule fires on every member, and Camel's HazelcastRoutePolicy on
 * {@code reconciliation-run} elects one leader ({@link ScheduledJobs}, job {@value #JOB}): the leader reconciles
 * every venue, the other members only their {@link BrokerLedger#memberLocal() member-local} venues (each member's
 * paper venue knows only the orders that member routed, so it is compared with those: {@link OrderStore#owner}).
 * The leader's scheduled period starts where the last leader's ended (kept in the cluster), so a hand-over leaves
 * no gap. Runs from the shell, JMX or REST run where they are asked.
 */
@Component(service = {ReconciliationService.class, OrderEventListener.class},
        configurationPid = "io.tradeloom.reconciliation", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public class ReconciliationManager implements ReconciliationService, OrderEventListener, ReconciliationMXBean {

    public static final String MBEAN_NAME = "io.tradeloom:type=reconciliation";
    /** The scheduled job's name in the cluster (its leader lock and the end of the last leader's period). */
    public static final String JOB = "reconciliation";
    static final String SCHEDULE_TRIGGER = "schedule";
    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationManager.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final OrderService orders;
    private final CamelContext camel;
    private final Clock clock;
    private final LocalFillLedger localFills;
    private final ResultStore results;
    private final Map<String, BrokerLedger> ledgers = new ConcurrentHashMap<>();
    private final AtomicReference<ReconConfig> config = new AtomicReference<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong totalRuns = new AtomicLong();
    private final Object runLock = new Object();
    private final ProducerTemplate producer;
    private final ScheduleProperties scheduleProperties = new ScheduleProperties();
    private final ScheduleWatcher scheduleWatcher = new ScheduleWatcher();
    /** Who created each order, for member-local venues; null = no such record (every order is ours). */
    private final OrderStore ownership;
    /** The cluster's member when this container joins a cluster, else null (standalone: always the leader). */
    private final HazelcastInstance cluster;
    private volatile HazelcastRoutePolicy leader;
    private ServiceRegistration<RoutesBuilder> routes;
    private ObjectName mbean;

    @Activate
    public ReconciliationManager(@Reference OrderService orders, @Reference CamelContext camel,
                                 @Reference OrderStore store,
                                 @Reference(name = "hazelcast", cardinality = ReferenceCardinality.OPTIONAL,
                                         policyOption = ReferencePolicyOption.GREEDY) HazelcastInstance hazelcast,
                                 BundleContext bundleContext, Map<String, Object> props) {
        this(orders, camel, Clock.systemUTC(), dataDir(), parse(props, null), store,
                ScheduledJobs.clustered(hazelcast) ? hazelcast : null);
        this.routes = bundleContext.registerService(RoutesBuilder.class, routeBuilder(), null);
        registerMBean();
    }

    /** Outside OSGi (tests): the caller adds ledgers and routes. */
    public ReconciliationManager(OrderService orders, CamelContext camel, Clock clock, Path dataDir,
                                 ReconConfig config) {
        this(orders, camel, clock, dataDir, config, null, null);
    }

    /**
     * Outside OSGi, as a cluster member: {@code ownership} says which member created each order, {@code cluster}
     * (null = standalone) elects the member that runs the scheduled reconciliation of shared venues.
     */
    public ReconciliationManager(OrderService orders, CamelContext camel, Clock clock, Path dataDir,
                                 ReconConfig config, OrderStore ownership, HazelcastInstance cluster) {
        this.orders = orders;
        this.ownership = ownership;
        this.cluster = cluster;
        this.camel = camel;
        this.clock = clock;
        this.config.set(config);
        this.localFills = new LocalFillLedger(dataDir.resolve("local-fills.jsonl"));
        this.results = new ResultStore(dataDir.resolve("runs"), config.keepRuns());
        this.producer = camel.createProducerTemplate();
        // A source left by an earlier activation would answer first with its stale values.
        List<PropertiesSource> sources = camel.getPropertiesComponent().getPropertiesSources();
        try {
            sources.removeIf(s -> scheduleProperties.getName().equals(s.getName()));
        } catch (UnsupportedOperationException e) {
            LOG.debug("properties sources not removable: {}", e.toString());
        }
        camel.getPropertiesComponent().addPropertiesSource(scheduleProperties);
        // The route file may be loaded before this bundle, with its placeholder defaults, or while it starts:
        // apply the settings now and whenever the schedule route (re)starts.
        camel.getManagementStrategy().addEventNotifier(scheduleWatcher);
        ServiceHelper.startService(scheduleWatcher);
        reschedule(config);
    }

    static Path dataDir() {
        return Paths.get(System.getProperty("karaf.data", "data"), "tradeloom", "reconciliation");
    }

    private static ReconConfig parse(Map<String, ?> props, ReconConfig current) {
        try {
            return ReconConfig.parse(props);
        } catch (IllegalArgumentException e) {
            if (current == null) {
                LOG.error("{}; reconciliation starts with the defaults", e.getMessage());
                return ReconConfig.defaults();
            }
            LOG.error("{}; the previous reconciliation settings stay in force", e.getMessage());
            return current;
        }
    }

    @Modified
    void modified(Map<String, Object> props) {
        ReconConfig before = config.get();
        ReconConfig next = parse(props, before);
        config.set(next);
        results.keep(next.keepRuns());
        if (!next.cron().equals(before.cron()) || !next.timeZone().equals(before.timeZone())) {
            reschedule(next);
        }
        LOG.info("{}: reconciliation settings applied: schedule '{}' {}, adopt missing fills {}",
                new Settings(props).source(), next.cron(), next.timeZone(), next.adoptMissingFills());
    }

    @Deactivate
    void deactivate() {
        if (routes != null) {
            routes.unregister();
        }
        if (mbean != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            } catch (Exception e) {
                LOG.debug("reconciliation MBean: {}", e.toString());
            }
        }
        close();
    }

    /** Releases the ledger file, the producer and the placeholders. */
    public void close() {
        localFills.close();
        camel.getManagementStrategy().removeEventNotifier(scheduleWatcher);
        ServiceHelper.stopService(scheduleWatcher);
        try {
            camel.getPropertiesComponent().getPropertiesSources().remove(scheduleProperties);
        } catch (UnsupportedOperationException e) {
            LOG.debug("properties source not removable: {}", e.toString());
        }
        try {
            producer.stop();
        } catch (Exception e) {
            LOG.debug("producer stop: {}", e.toString());
        }
    }

    private void registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(MBEAN_NAME);
            server.registerMBean(new StandardMBean(this, ReconciliationMXBean.class, true), name);
            mbean = name;
        } catch (Exception e) {
            LOG.warn("reconciliation MBean not registered: {}", e.toString());
        }
    }

    /** The consumer of {@link ReconciliationEndpoints#RUN}, which the scheduled route (and anyone) sends to. */
    public RouteBuilder routeBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                RouteDefinition run = from(ReconciliationEndpoints.RUN).routeId("reconciliation-run");
                if (cluster != null) {
                    // Elects only: the consumer runs on every member (member-local venues), the leader does more.
                    HazelcastRoutePolicy policy = ScheduledJobs.leaderPolicy(cluster, getContext(), JOB, false);
                    leader = policy;
                    run.routePolicy(policy);
                }
                run.process(ex -> {
                    String venue = ex.getMessage().getHeader(ReconciliationEndpoints.VENUE_HEADER, String.class);
                    String trigger = ex.getMessage().getHeader(ReconciliationEndpoints.TRIGGER_HEADER,
                            SCHEDULE_TRIGGER, String.class);
                    ex.getMessage().setBody(runScheduled(venue, trigger));
                });
            }
        };
    }

    // --------------------------------------------------------------------------------------------- ledgers

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addLedger(BrokerLedger ledger) {
        ledgers.put(ledger.venueId(), ledger);
        LOG.info("broker ledger of venue {} available for reconciliation", ledger.venueId());
    }

    public void removeLedger(BrokerLedger ledger) {
        ledgers.remove(ledger.venueId(), ledger);
    }

    @Override
    public Set<String> venues() {
        return new TreeSet<>(ledgers.keySet());
    }

    @Override
    public void onOrderEvent(OrderEvent event) {
        localFills.onOrderEvent(event);
    }

    // ------------------------------------------------------------------------------------------------- runs

    /**
     * A run from the schedule: from where the last scheduled run ended (or the look-back) until now. In a cluster,
     * a scheduled run of a member that does not lead reconciles only its member-local venues (null when it has
     * none), and the leader starts where the last leader's run ended.
     */
    ReconciliationRun runScheduled(String venue, String trigger) {
        Instant now = clock.instant();
        String only = venue == null || venue.isBlank() ? null : venue;
        boolean scheduled = SCHEDULE_TRIGGER.equals(trigger);
        boolean leads = !scheduled || isScheduleLeader();
        Optional<Instant> last = leads && scheduled && cluster != null
                ? ScheduledJobs.lastFire(cluster, JOB).or(() -> results.lastBy(trigger).map(ReconciliationRun::to))
                : results.lastBy(trigger).map(ReconciliationRun::to);
        Instant from = last.filter(t -> t.isBefore(now)).orElse(now.minus(config.get().lookback()));
        List<String> targets = targets(only);
        if (!leads) {
            targets = targets.stream().filter(v -> ledgers.get(v) != null && ledgers.get(v).memberLocal()).toList();
            if (targets.isEmpty()) {
                LOG.debug("scheduled reconciliation: member {} does not lead job {} and has no member-local venue",
                        ScheduledJobs.memberName(cluster), JOB);
                return null;
            }
        }
        ReconciliationRun run = run(targets, from, now, trigger);
        if (leads && scheduled && cluster != null && run.errors().isEmpty()) {
            ScheduledJobs.recordFire(cluster, JOB, run.to());
        }
        return run;
    }

    /** True when this member runs the scheduled reconciliation of every venue: standalone, or the leader. */
    public boolean isScheduleLeader() {
        HazelcastRoutePolicy p = leader;
        return cluster == null || (p != null && p.isLeader());
    }

    @Override
    public ReconciliationRun run(String venue, Instant from, Instant to, String trigger) {
        ReconConfig cfg = config.get();
        Instant now = clock.instant();
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(cfg.lookback()) : from;
        return run(targets(venue), start, end, trigger);
    }

    private List<String> targets(String venue) {
        if (venue != null) {
            if (!ledgers.containsKey(venue)) {
                throw new IllegalArgumentException("venue=" + venue + ": no broker ledger (deployed ledgers: "
                        + venues() + ")");
            }
            return List.of(venue);
        }
        return List.copyOf(venues());
    }

    private ReconciliationRun run(List<String> targets, Instant start, Instant end, String trigger) {
        ReconConfig cfg = config.get();
        Instant now = clock.instant();
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("from=" + start + " must be before to=" + end);
        }
        synchronized (runLock) {
            String id = "R" + RUN_ID.format(now) + "-" + sequence.incrementAndGet();
            List<Discrepancy> found = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            int compared = 0;
            Reconciler reconciler = new Reconciler(cfg);
            for (String v : targets) {
                BrokerLedger ledger = ledgers.get(v);
                if (ledger == null) {
                    errors.add(v + ": ledger left during the run");
                    continue;
                }
                try {
                    BrokerStatement statement = ledger.statement(start, end, cfg.brokerTimeout());
                    if (!statement.complete()) {
                        errors.add(v + ": incomplete broker statement: " + String.join("; ", statement.notes()));
                    }
                    Reconciler.Outcome outcome = reconciler.reconcile(v, localOrders(ledger, start, end),
                            id2 -> orders.order(id2).orElse(null), localFills.fills(v, start, end), statement);
                    compared += outcome.compared();
                    List<Discrepancy> ds = outcome.discrepancies();
                    if (cfg.adoptMissingFills()) {
                        ds = adopt(id, ds, statement);
                    }
                    found.addAll(ds);
                } catch (RuntimeException e) {
                    LOG.error("reconciliation {}: venue {} not reconciled: {}", id, v, e.getMessage());
                    errors.add(v + ": " + e.getMessage());
                }
            }
            ReconciliationRun run = new ReconciliationRun(id, trigger == null ? "api" : trigger, start, end, now,
                    clock.instant(), targets, compared, found, errors);
            results.add(run);
            totalRuns.incrementAndGet();
            log(run);
            return run;
        }
    }

    private static void log(ReconciliationRun run) {
        if (run.discrepancies().isEmpty() && run.errors().isEmpty()) {
            LOG.info("reconciliation {} ({}) of {} over [{}, {}): no discrepancy, {} fills compared", run.id(),
                    run.trigger(), run.venues(), run.from(), run.to(), run.compared());
            return;
        }
        LOG.warn("reconciliation {} ({}) of {} over [{}, {}): {} discrepancies {} {}, {} adopted, errors {}",
                run.id(), run.trigger(), run.venues(), run.from(), run.to(), run.discrepancies().size(),
                run.countsByKind(), run.countsBySeverity(), run.adopted(), run.errors());
        for (Discrepancy d : run.discrepancies()) {
            LOG.warn("reconciliation {}: {} {} {}: {}", run.id(), d.severity(), d.kind(), d.venue(), d.detail());
        }
    }

    /**
     * Our orders of the venue that the period concerns: created, changed or (per the fill ledger) filled in it. For
     * a member-local venue in a cluster, only the orders this member created: another member's orders went to that
     * member's own venue, which this one never saw.
     */
    private List<Order> localOrders(BrokerLedger ledger, Instant from, Instant to) {
        String venue = ledger.venueId();
        String me = ledger.memberLocal() && ownership != null ? ownership.localMember() : "";
        Set<String> filled = new java.util.HashSet<>();
        for (LocalFill f : localFills.fills(venue, from, to)) {
            filled.add(f.orderId());
        }
        List<Order> out = new ArrayList<>();
        for (Order o : orders.orders(false)) {
            if (o.venue().equals(venue) && (Reconciler.inPeriod(o.createdAt(), from, to)
                    || Reconciler.inPeriod(o.updatedAt(), from, to) || filled.contains(o.id()))
                    && (me.isEmpty() || ownership.owner(o.id()).map(me::equals).orElse(true))) {
                out.add(o);
            }
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------- adoption

    /**
     * Applies each fill only the broker has to our order through the executions endpoint, as the broker would have
     * sent it: same ExecID (so a late original is a duplicate), cumulative figures recomputed from our order, text
     * and header saying it was adopted. What the gateway refuses (e.g. the order is canceled here) stays a plain
     * discrepancy with the reason, and the gateway keeps the refused execution as a dead letter.
     */
    private List<Discrepancy> adopt(String runId, List<Discrepancy> found, BrokerStatement statement) {
        Map<String, Execution> brokerFills = new LinkedHashMap<>();
        for (Execution e : statement.fills()) {
            brokerFills.put(e.execId(), e);
        }
        List<Discrepancy> out = new ArrayList<>(found.size());
        for (Discrepancy d : found) {
            Execution b = d.kind() == DiscrepancyKind.MISSING_LOCALLY && d.execId() != null
                    ? brokerFills.get(d.execId()) : null;
            if (b == null) {
                out.add(d);
                continue;
            }
            out.add(adoptOne(runId, d, b));
        }
        return out;
    }

    private Discrepancy adoptOne(String runId, Discrepancy d, Execution b) {
        Order o = orders.order(b.orderId()).orElse(null);
        if (o == null) {
            return note(d, "not adopted: order " + b.orderId() + " is unknown here");
        }
        BigDecimal filled = o.filledQty().add(b.lastQty());
        if (filled.compareTo(o.quantity()) > 0) {
            return note(d, "not adopted: it would overfill order " + o.id() + " (" + o.filledQty().toPlainString()
                    + " + " + b.lastQty().toPlainString() + " > " + o.quantity().toPlainString() + ")");
        }
        BigDecimal avg = o.avgPrice() == null || o.filledQty().signum() == 0 ? b.lastPrice()
                : o.avgPrice().multiply(o.filledQty()).add(b.lastPrice().multiply(b.lastQty()))
                .divide(filled, MathContext.DECIMAL64);
        OrderStatus status = filled.compareTo(o.quantity()) == 0 ? OrderStatus.FILLED
                : OrderStatus.PARTIALLY_FILLED;
        Execution adopted = new Execution(b.execId(), o.id(), o.clientOrderId(), o.venue(),
                b.venueOrderId() != null ? b.venueOrderId() : o.venueOrderId(), ExecType.TRADE, status,
                b.lastQty(), b.lastPrice(), filled, o.quantity().subtract(filled), avg, o.quantity(),
                o.limitPrice(), b.transactTime(), LocalFillLedger.ADOPTED_TAG + " run " + runId
                + (b.text() == null ? "" : ": " + b.text()), b.liquidity());
        try {
            producer.sendBodyAndHeaders(Endpoints.EXECUTIONS_IN, adopted, Map.of(
                    ReconciliationEndpoints.ADOPTED_HEADER, Boolean.TRUE,
                    ReconciliationEndpoints.RUN_HEADER, runId));
        } catch (RuntimeException e) {
            return note(d, "not adopted: " + e.getMessage());
        }
        Order after = orders.order(o.id()).orElse(o);
        if (after.filledQty().compareTo(filled) == 0) {
            LOG.warn("reconciliation {}: adopted fill {} of order {} from venue {}: {} @ {}", runId, b.execId(),
                    o.id(), o.venue(), b.lastQty().toPlainString(), b.lastPrice().toPlainString());
            return d.adopted("adopted by run " + runId + ": order " + o.id() + " now filled "
                    + filled.stripTrailingZeros().toPlainString());
        }
        return note(d, "not adopted: the order gateway did not apply it (see tradeloom:dlq)");
    }

    private static Discrepancy note(Discrepancy d, String note) {
        return new Discrepancy(d.kind(), d.severity(), d.venue(), d.orderId(), d.execId(), d.local(), d.broker(),
                d.detail() + "; " + note, false);
    }

    // ------------------------------------------------------------------------------------------- schedule

    /** Gives the route file its cron and time zone: {@code {{tradeloom.reconciliation.cron}}}. */
    private final class ScheduleProperties implements PropertiesSource {
        @Override
        public String getName() {
            return "tradeloom-reconciliation";
        }

        @Override
        public String getProperty(String name) {
            return switch (name) {
                case ReconciliationEndpoints.CRON_PROPERTY -> config.get().cronForUri();
                case ReconciliationEndpoints.TIMEZONE_PROPERTY -> config.get().timeZone().getId();
                default -> null;
            };
        }
    }

    /** Re-applies the configured schedule when the schedule route starts (a route file loaded or reloaded). */
    private final class ScheduleWatcher extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.RouteStartedEvent e
                    && ReconciliationEndpoints.SCHEDULE_ROUTE_ID.equals(e.getRoute().getRouteId())) {
                reschedule(config.get());
            }
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.RouteStartedEvent;
        }
    }

    /**
     * A changed cron takes effect at once: the running trigger is replaced (same misfire rule), and the endpoint
     * keeps the new values for its next start. Placeholders are resolved when the route file is loaded, so a
     * reload of the file picks them up as well.
     */
    void reschedule(ReconConfig next) {
        Route route = camel.getRoute(ReconciliationEndpoints.SCHEDULE_ROUTE_ID);
        if (route == null) {
            return;
        }
        Endpoint ep = route.getEndpoint();
        if (!(ep instanceof QuartzEndpoint quartz)) {
            LOG.warn("route {} does not start from quartz ({}); schedule change not applied",
                    ReconciliationEndpoints.SCHEDULE_ROUTE_ID, ep.getEndpointUri());
            return;
        }
        try {
            quartz.setCron(next.cron());
            Map<String, Object> params = quartz.getTriggerParameters() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(quartz.getTriggerParameters());
            params.put("timeZone", next.timeZone().getId());
            quartz.setTriggerParameters(params);
            Scheduler scheduler = quartz.getComponent().getScheduler();
            Trigger old = scheduler.getTrigger(quartz.getTriggerKey());
            if (old == null || old instanceof CronTrigger c && c.getCronExpression().equals(next.cron())
                    && c.getTimeZone().getID().equals(next.timeZone().getId())) {
                return;
            }
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(old.getKey()).forJob(old.getJobKey())
                    .usingJobData(old.getJobDataMap())
                    .withSchedule(CronScheduleBuilder.cronSchedule(next.cron())
                            .inTimeZone(TimeZone.getTimeZone(next.timeZone()))
                            .withMisfireHandlingInstructionDoNothing())
                    .build();
            scheduler.rescheduleJob(old.getKey(), trigger);
            LOG.info("reconciliation schedule is now '{}' {}; next run {}", next.cron(), next.timeZone(),
                    trigger.getNextFireTime() == null ? "never" : trigger.getNextFireTime().toInstant());
        } catch (Exception e) {
            LOG.error("reconciliation schedule '{}' {} not applied: {}", next.cron(), next.timeZone(), e.toString());
        }
    }

    /** The next time the scheduled route fires, if it runs. */
    public Optional<Instant> nextScheduledRun() {
        Route route = camel.getRoute(ReconciliationEndpoints.SCHEDULE_ROUTE_ID);
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint quartz)) {
            return Optional.empty();
        }
        try {
            Trigger t = quartz.getComponent().getScheduler().getTrigger(quartz.getTriggerKey());
            return t == null || t.getNextFireTime() == null ? Optional.empty()
                    : Optional.of(t.getNextFireTime().toInstant());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    // ----------------------------------------------------------------------------------------------- views

    @Override
    public List<ReconciliationRun> runs(int max) {
        return results.newest(max);
    }

    @Override
    public Optional<ReconciliationRun> result(String id) {
        return results.get(id);
    }

    public ReconConfig config() {
        return config.get();
    }

    private Optional<ReconciliationRun> last() {
        return results.newest(1).stream().findFirst();
    }

    @Override
    public String getLastRunId() {
        return last().map(ReconciliationRun::id).orElse("");
    }

    @Override
    public String getLastRunStartedAt() {
        return last().map(r -> r.startedAt().toString()).orElse("");
    }

    @Override
    public String getLastRunFinishedAt() {
        return last().map(r -> r.finishedAt().toString()).orElse("");
    }

    @Override
    public String getLastRunPeriod() {
        return last().map(r -> r.from() + " .. " + r.to()).orElse("");
    }

    @Override
    public long getLastRunDiscrepancies() {
        return last().map(r -> (long) r.discrepancies().size()).orElse(0L);
    }

    @Override
    public Map<String, Long> getLastRunCountsByKind() {
        Map<String, Long> m = new LinkedHashMap<>();
        Map<DiscrepancyKind, Long> counts = last().map(ReconciliationRun::countsByKind).orElse(Map.of());
        for (DiscrepancyKind k : DiscrepancyKind.values()) {
            m.put(k.name(), counts.getOrDefault(k, 0L));
        }
        return m;
    }

    @Override
    public Map<String, Long> getLastRunCountsBySeverity() {
        Map<String, Long> m = new LinkedHashMap<>();
        Map<Severity, Long> counts = last().map(ReconciliationRun::countsBySeverity).orElse(Map.of());
        for (Severity s : Severity.values()) {
            m.put(s.name(), counts.getOrDefault(s, 0L));
        }
        return m;
    }

    @Override
    public long getLastRunAdopted() {
        return last().map(ReconciliationRun::adopted).orElse(0L);
    }

    @Override
    public String[] getLastRunErrors() {
        return last().map(r -> r.errors().toArray(new String[0])).orElse(new String[0]);
    }

    @Override
    public long getTotalRuns() {
        return totalRuns.get();
    }

    @Override
    public String getSchedule() {
        ReconConfig c = config.get();
        return c.cron() + " " + c.timeZone().getId();
    }

    @Override
    public String getNextRunAt() {
        return nextScheduledRun().map(Instant::toString).orElse("");
    }

    @Override
    public String getScheduleLeader() {
        if (cluster == null) {
            return "this member (standalone)";
        }
        return ScheduledJobs.leaders(cluster).getOrDefault(JOB, "");
    }

    @Override
    public boolean isAdoptMissingFills() {
        return config.get().adoptMissingFills();
    }

    @Override
    public String runNow(String venue) {
        return run(venue == null || venue.isBlank() ? null : venue.trim(), null, null, "jmx").id();
    }

    /** For tests: the local fill ledger. */
    LocalFillLedger localFills() {
        return localFills;
    }

}
