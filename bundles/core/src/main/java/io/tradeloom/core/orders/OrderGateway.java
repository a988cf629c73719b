package io.tradeloom.core.orders;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.OrderEventListener;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.OrderStore;
import io.tradeloom.core.api.OrderStats;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueListener;
import io.tradeloom.core.resilience.SlidingWindowLimiter;
import io.tradeloom.core.resilience.VenueResilience;
import io.tradeloom.core.resilience.VenueSettings;
import io.tradeloom.core.routing.OrderSplitter;
import io.tradeloom.core.routing.RoutingPolicy;
import io.tradeloom.core.routing.RoutingPolicyConfig;
import io.tradeloom.core.routing.VenueMetrics;
import io.tradeloom.core.routing.VenueRanker;
import io.tradeloom.core.routing.VenueScore;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.venues.VenueActivity;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStateMachine;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.validation.OrderValidator;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Accepts orders, sends them to their broker over Camel and applies the executions that come back.
 * Order state lives in the {@link OrderStore}: one truth for shell, JMX and every entry point.
 *
 * <h2>Routing</h2>
 * The venue field names a broker venue, or a routing policy as {@code policy:<name>} (see {@link RoutingPolicy}).
 * A policy ranks its eligible venues ({@link VenueRanker}); the order goes to the best one, and its venue field then
 * shows that venue. An order of at least the policy's split threshold becomes a <em>parent</em> (venue
 * {@code policy:<name>}, never sent) and child orders {@code <parent>.1}, {@code <parent>.2}, ... on the best
 * venues ({@link OrderSplitter}); the parent shows the aggregate: filled quantity and average price over the
 * children, NEW once a child is acknowledged, PARTIALLY_FILLED/FILLED by the fills, and when every child is done
 * FILLED, else CANCELED/EXPIRED/REJECTED after them. Cancelling the parent cancels its open children.
 *
 * <h2>Resilience</h2>
 * Every command goes through its venue's guard ({@link VenueResilience}): circuit breaker, retries of cancels and
 * status queries, rate limit. A NEW order that fails is re-sent, or moved to the next venue of its policy, only
 * when it cannot have arrived: the breaker refused it, or a status query answered that the venue never got it.
 * A venue that cannot answer the status query gets no second copy: the order is rejected with the reason.
 */
@Component(service = OrderService.class, immediate = true)
public class OrderGateway implements OrderService, VenueListener, OrdersMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(OrderGateway.class);
    private static final ObjectName MBEAN_NAME = objectName("io.tradeloom:type=orders");

    private final VenueDirectory venues;
    private final VenueActivity activity;
    private final DeadLetterQueue deadLetters;
    private final RiskEngine risk;
    private final HaltService halts;
    private final ProducerTemplate producer;
    private final ServiceRegistration<RoutesBuilder> routes;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    private final OrderStore orders;
    private final List<OrderEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Long> awaitingAck = new ConcurrentHashMap<>();
    /**
     * Order state outlives this gateway (the shared store), so ids must never repeat across its restarts or across
     * members: start time in milliseconds plus a random part.
     */
    private final String idPrefix = "O" + Long.toString(System.currentTimeMillis(), 36).toUpperCase()
            + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36)
            .toUpperCase() + "-";
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder rejects = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder ackCount = new LongAdder();
    private final LongAdder ackTotalNanos = new LongAdder();
    private final AtomicLong ackMaxNanos = new AtomicLong();
    private final LongAdder failovers = new LongAdder();
    private final LongAdder resends = new LongAdder();
    private final LongAdder inDoubt = new LongAdder();
    private final LongAdder startChecks = new LongAdder();
    private static final long IN_DOUBT_FIRST_DELAY_MS = 1_000;
    private static final String STARTED_PENDING = "PENDING_NEW when the order gateway started";
    private static final long IN_DOUBT_MAX_DELAY_MS = 10_000;
    /** How long (in checks of IN_DOUBT_MAX_DELAY_MS) an order found at start waits for its venue to deploy here. */
    private static final int START_RECHECKS = 30;
    /** Status re-checks of orders in doubt; apart from the rate queue, whose thread they could hold for seconds. */
    private final ScheduledExecutorService doubts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tradeloom-in-doubt");
        t.setDaemon(true);
        return t;
    });

    private final VenueResilience resilience;
    private final boolean ownResilience;
    private final Map<String, Supplier<RoutingPolicy>> policies = new ConcurrentHashMap<>();
    private final Map<String, VenueMetrics> metrics = new ConcurrentHashMap<>();
    /** Orders routed by a policy that allows failover, until they are acknowledged or done. */
    private final Map<String, RoutingPolicy> routedBy = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> triedVenues = new ConcurrentHashMap<>();
    private final Map<String, String> parentOf = new ConcurrentHashMap<>();
    private final Map<String, List<String>> childrenOf = new ConcurrentHashMap<>();
    /** Per venue, ids of orders waiting for the rate limit, oldest first. Guarded by the deque. */
    private final Map<String, ArrayDeque<String>> queues = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Set while this thread holds a venue's queue lock: a failover then dispatches later, never nested. */
    private static final ThreadLocal<Boolean> IN_QUEUE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private final ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tradeloom-rate-queue");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public OrderGateway(@Reference VenueDirectory venues, @Reference VenueActivity activity,
                        @Reference DeadLetterQueue deadLetters, @Reference CamelContext camel,
                        @Reference RiskEngine risk, @Reference HaltService halts, @Reference OrderStore store,
                        @Reference VenueResilience resilience, BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, risk, halts, store, resilience, false, bundleContext);
    }

    private OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                         CamelContext camel, RiskEngine risk, HaltService halts, OrderStore store,
                         VenueResilience resilience, boolean ownResilience, BundleContext bundleContext) {
        this.resilience = resilience;
        this.ownResilience = ownResilience;
        this.venues = venues;
        this.orders = store;
        this.activity = activity;
        this.deadLetters = deadLetters;
        this.risk = risk;
        this.halts = halts;
        this.producer = camel.createProducerTemplate();
        recoverFromStore();
        venues.addListener(this);
        for (var v : venues.venues()) {
            if (v.kind() == VenueKind.BROKER) {
                try {
                    resilience.guard(v.id());
                } catch (RuntimeException e) {
                    LOG.warn("guard of venue {}: {}", v.id(), e.toString());
                }
                scheduleResume(v.id()); // orders stored SUSPENDED before a restart
            }
        }
        this.routes = bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.CORE_EXECUTIONS).routeId("core-executions")
                        .process(exchange -> onExecution(exchange.getMessage().getBody()));
            }
        }, null);
        try {
            mbeans.registerMBean(new StandardMBean(this, OrdersMXBean.class, true), MBEAN_NAME);
        } catch (Exception e) {
            LOG.warn("orders MBean not registered: {}", e.toString());
        }
    }

    /**
     * A gateway keeping orders in this JVM's memory with these resilience settings, for code that builds it
     * outside OSGi (tests).
     */
    public OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                        CamelContext camel, RiskEngine risk, HaltService halts, VenueResilience resilience,
                        BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, risk, halts, new InMemoryOrderStore(), resilience, false,
                bundleContext);
    }

    /** A gateway on this store with the built-in resilience defaults, for code that builds it outside OSGi. */
    public OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                        CamelContext camel, RiskEngine risk, HaltService halts, OrderStore store,
                        BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, risk, halts, store, VenueResilience.defaults(camel), true,
                bundleContext);
    }

    /** A gateway keeping orders in this JVM's memory, for code that builds it outside OSGi. */
    public OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                        CamelContext camel, RiskEngine risk, HaltService halts, BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, risk, halts, new InMemoryOrderStore(),
                VenueResilience.defaults(camel), true, bundleContext);
    }

    /** A gateway with these limits and no emergency halts, for code that builds it outside OSGi. */
    public OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                        CamelContext camel, RiskEngine risk, BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, risk, HaltService.none(), bundleContext);
    }

    /**
     * A gateway without pre-trade limits, for code that builds it outside OSGi (benchmarks, tools); the container
     * uses the constructor above with the configured {@link RiskEngine}.
     */
    public OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                        CamelContext camel, BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, RiskEngine.unlimited(), bundleContext);
    }

    @Deactivate
    void deactivate() {
        venues.removeListener(this);
        drainer.shutdownNow();
        doubts.shutdownNow();
        if (ownResilience) {
            for (var b : resilience.breakers()) {
                resilience.remove(b.venue());
            }
        }
        routes.unregister();
        try {
            mbeans.unregisterMBean(MBEAN_NAME);
        } catch (Exception e) {
            LOG.debug("orders MBean: {}", e.toString());
        }
        try {
            producer.stop();
        } catch (Exception e) {
            LOG.debug("producer stop: {}", e.toString());
        }
    }

    @Override
    public Order submit(OrderRequest request) {
        try {
            OrderValidator.requireValid(request);
        } catch (ValidationException e) {
            rejects.increment();
            throw e;
        }
        if (request.clientOrderId() != null) {
            Optional<String> existing = orders.idOfClientId(request.clientOrderId());
            if (existing.isPresent()) {
                return orders.get(existing.get()).orElseThrow();
            }
        }
        if (request.venue().startsWith(RoutingPolicy.PREFIX)) {
            return submitRouted(request);
        }
        checkHalts(request);
        Venue venue = broker(request.venue());
        checkVenueCanTake(venue, request);
        checkRisk(request);
        String id = nextId();
        String clientId = request.clientOrderId() != null ? request.clientOrderId() : id;
        Optional<String> raced = orders.bindClientId(clientId, id);
        if (raced.isPresent()) {
            // Lost a race with the same client order id: the first one wins, as if it had been seen before.
            return orders.get(raced.get()).orElseThrow();
        }
        Order order = Order.accept(id, clientId, request, Instant.now());
        orders.put(order);
        tellRisk(null, order, null);
        publish(null, order, null);
        dispatch(order);
        return orders.get(id).orElseThrow();
    }

    private String nextId() {
        return idPrefix + String.format("%06d", sequence.incrementAndGet());
    }

    private void checkRisk(OrderRequest request) {
        try {
            // Pre-trade risk is the last gate: a reject creates nothing.
            risk.check(request);
        } catch (ValidationException e) {
            rejects.increment();
            throw e;
        }
    }

    /** An order naming {@code policy:<name>}: ranked, risk-checked as a whole, then sent whole or split. */
    private Order submitRouted(OrderRequest request) {
        String name = request.venue().substring(RoutingPolicy.PREFIX.length());
        Supplier<RoutingPolicy> ps = policies.get(name);
        if (ps == null) {
            throw rejectRequest("venue", request.venue(), "no routing policy " + name + " (known: "
                    + new TreeMap<>(policies).keySet() + ")");
        }
        RoutingPolicy policy = ps.get();
        List<String> why = new ArrayList<>();
        List<VenueScore> ranked = rank(policy, request, Set.of(), why);
        if (ranked.isEmpty()) {
            throw rejectRequest("venue", request.venue(), "no eligible venue for policy " + name + ": "
                    + String.join("; ", why));
        }
        // Risk sees the whole order once (its size, its notional), at the venue it would go to first.
        checkRisk(withVenue(request, ranked.get(0).venue()));
        String id = nextId();
        String clientId = request.clientOrderId() != null ? request.clientOrderId() : id;
        Optional<String> raced = orders.bindClientId(clientId, id);
        if (raced.isPresent()) {
            return orders.get(raced.get()).orElseThrow();
        }
        Instant now = Instant.now();
        if (!policy.splits(request.quantity()) || ranked.size() < 2) {
            Order order = Order.accept(id, clientId, withVenue(request, ranked.get(0).venue()), now);
            orders.put(order);
            tellRisk(null, order, null);
            publish(null, order, null);
            route(order.id(), policy, order.venue());
            LOG.debug("order {} routed by policy {} to {} (ranking {})", id, name, order.venue(), ranked);
            dispatch(order);
            return orders.get(id).orElseThrow();
        }
        Order parent = Order.accept(id, clientId, request, now);
        orders.put(parent);
        publish(null, parent, null);
        List<BigDecimal> slices = OrderSplitter.split(request.quantity(), policy.maxSlices(), ranked.size());
        List<Order> children = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            String childId = id + "." + (i + 1);
            String childClientId = clientId + "." + (i + 1);
            orders.bindClientId(childClientId, childId);
            OrderRequest childRequest = new OrderRequest(childClientId, request.account(), ranked.get(i).venue(),
                    request.symbol(), request.side(), request.type(), request.timeInForce(), slices.get(i),
                    request.limitPrice(), request.stopPrice(), request.trailingOffset(), request.strategy());
            Order child = Order.accept(childId, childClientId, childRequest, now);
            orders.put(child);
            parentOf.put(childId, id);
            children.add(child);
            tellRisk(null, child, null);
            publish(null, child, null);
            route(childId, policy, child.venue());
        }
        childrenOf.put(id, new ArrayList<>(children.stream().map(Order::id).toList()));
        LOG.info("order {} split by policy {} into {}", id, name, children.stream()
                .map(c -> c.id() + " " + c.quantity().toPlainString() + "@" + c.venue()).toList());
        for (Order c : children) {
            dispatch(c);
        }
        refreshParent(id);
        return orders.get(id).orElseThrow();
    }

    private void route(String orderId, RoutingPolicy policy, String venue) {
        if (policy.failover()) {
            routedBy.put(orderId, policy);
            Set<String> tried = ConcurrentHashMap.newKeySet();
            tried.add(venue);
            triedVenues.put(orderId, tried);
        }
    }

    private static OrderRequest withVenue(OrderRequest r, String venue) {
        return new OrderRequest(r.clientOrderId(), r.account(), venue, r.symbol(), r.side(), r.type(),
                r.timeInForce(), r.quantity(), r.limitPrice(), r.stopPrice(), r.trailingOffset(), r.strategy());
    }

    private static OrderRequest requestOf(Order o) {
        return new OrderRequest(o.clientOrderId(), o.account(), o.venue(), o.symbol(), o.side(), o.type(),
                o.timeInForce(), o.leavesQty(), o.limitPrice(), o.stopPrice(), o.trailingOffset(), o.strategy());
    }

    /**
     * The policy's venues that can take the order now, best first: deployed brokers, UP or DEGRADED, not halted,
     * supporting type, time in force and symbol, breaker not open, not in {@code exclude}. {@code why} collects
     * the reason of each venue left out.
     */
    private List<VenueScore> rank(RoutingPolicy policy, OrderRequest r, Set<String> exclude, List<String> why) {
        List<VenueScore> candidates = new ArrayList<>();
        for (String v : policy.venues()) {
            if (exclude.contains(v)) {
                why.add(v + " tried already");
                continue;
            }
            Venue venue = venues.adapter(v).orElse(null);
            if (venue == null || venue.descriptor().kind() != VenueKind.BROKER) {
                why.add(v + " is not a deployed broker");
                continue;
            }
            OrderRequest at = withVenue(r, v);
            Optional<Halt> halt = halts.haltOf(at);
            if (halt.isPresent()) {
                why.add(v + " halted: " + halt.get().rejectReason());
                continue;
            }
            String cannot = cannotTake(venue, at);
            if (cannot != null) {
                why.add(cannot);
                continue;
            }
            VenueResilience.Guard g = resilience.guard(v);
            if (!g.permitsCalls()) {
                why.add(v + " circuit breaker " + g.breaker().getState());
                continue;
            }
            double health = venue.health().state() == VenueState.UP ? 1 : 0.5;
            if (g.breaker().getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.HALF_OPEN) {
                health *= 0.5;
            }
            VenueMetrics m = metrics(v);
            candidates.add(VenueScore.of(v, policy.cost(v).doubleValue(), m.fillRate(), m.latencyMicros(), health));
        }
        return VenueRanker.rank(policy, candidates);
    }

    private VenueMetrics metrics(String venue) {
        return metrics.computeIfAbsent(venue, k -> new VenueMetrics());
    }

    /** Adds a routing policy (tests and code outside OSGi; the container adds configured ones). */
    public void addPolicy(RoutingPolicy policy) {
        policies.put(policy.name(), () -> policy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addRoutingPolicy(RoutingPolicyConfig config) {
        policies.put(config.policy().name(), config::policy);
    }

    public void removeRoutingPolicy(RoutingPolicyConfig config) {
        policies.remove(config.policy().name());
    }

    // ------------------------------------------------------------------------------------- sending NEW orders

    /** Sends a NEW order now, or queues it behind its venue's rate limit, or rejects it there (per venue). */
    private void dispatch(Order order) {
        String venue = order.venue();
        VenueResilience.Guard g = resilience.guard(venue);
        SlidingWindowLimiter limiter = g.limiter();
        if (limiter == null) {
            sendNew(order);
            return;
        }
        ArrayDeque<String> q = queues.computeIfAbsent(venue, k -> new ArrayDeque<>());
        synchronized (q) {
            if (q.isEmpty() && limiter.tryAcquire()) {
                // Sent under the queue's lock, so that no later order overtakes queued ones.
                boolean outer = IN_QUEUE.get();
                IN_QUEUE.set(Boolean.TRUE);
                try {
                    sendNew(order);
                } finally {
                    IN_QUEUE.set(outer);
                }
                return;
            }
            VenueSettings s = g.settings();
            String limit = "rate limit of venue " + venue + " reached (" + limiter.limit() + " orders per "
                    + limiter.windowMillis() + " ms)";
            if (s.whenLimited() == VenueSettings.WhenLimited.REJECT) {
                rejectNew(order.id(), limit);
                return;
            }
            if (q.size() >= s.queueMax()) {
                rejectNew(order.id(), limit + " and its queue is full (" + s.queueMax() + " orders)");
                return;
            }
            q.addLast(order.id());
            queued.add(order.id());
            if (q.size() == 1) {
                drainer.schedule(() -> drain(venue), limiter.nanosUntilFree(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Sends queued orders of a venue, oldest first, as fast as its limit allows. */
    private void drain(String venue) {
        ArrayDeque<String> q = queues.get(venue);
        if (q == null) {
            return;
        }
        IN_QUEUE.set(Boolean.TRUE);
        try {
            synchronized (q) {
                while (!q.isEmpty()) {
                    if (venues.adapter(venue).isEmpty()) {
                        // The venue left: its queued orders never went out.
                        for (String id : q) {
                            queued.remove(id);
                            rejectNew(id, "venue " + venue + " left while the order waited for its rate limit");
                        }
                        q.clear();
                        return;
                    }
                    SlidingWindowLimiter limiter = resilience.guard(venue).limiter();
                    if (limiter != null && !limiter.tryAcquire()) {
                        drainer.schedule(() -> drain(venue), Math.max(limiter.nanosUntilFree(), 100_000L),
                                TimeUnit.NANOSECONDS);
                        return;
                    }
                    String id = q.pollFirst();
                    queued.remove(id);
                    Order o = orders.get(id).orElse(null);
                    if (o != null && o.status() == OrderStatus.PENDING_NEW) {
                        sendNew(o);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("rate queue of venue {}: {}", venue, e.toString());
            drainer.schedule(() -> drain(venue), 10, TimeUnit.MILLISECONDS);
        } finally {
            IN_QUEUE.set(Boolean.FALSE);
        }
    }

    /**
     * The answer of a status query: the venue has the order ({@code status}), proved it never arrived, or gave no
     * answer ({@code noAnswer}); {@code unanswerable} when the venue has no status query at all.
     */
    private record StatusAnswer(OrderStatus status, boolean neverArrived, String noAnswer, boolean unanswerable) {
    }

    /**
     * Sends a NEW order to its venue. On failure it is re-sent or moved to the next venue only when it cannot have
     * arrived; otherwise it waits for the venue's executions. When the venue cannot say for now (timeout, session
     * down), the order stays PENDING_NEW "in doubt" and the venue is asked again later ({@link #recheck}); it is
     * rejected only when the venue has no status query at all.
     */
    private void sendNew(Order first) {
        sendNew(first, 0, null);
    }

    /** {@code provenLost}: the failure of the previous attempt, which a status query proved never arrived. */
    private void sendNew(Order first, int resentBefore, String provenLost) {
        Order order = first;
        int resent = resentBefore;
        String lost = provenLost;
        while (true) {
            String venueId = order.venue();
            VenueResilience.Guard g = resilience.guard(venueId);
            String reason;
            boolean breaker = false;
            if (lost != null) {
                reason = lost;
                lost = null;
            } else {
                awaitingAck.put(order.id(), System.nanoTime());
                Order sending = order;
                Exchange ex = producer.send(g.endpoint(), e -> {
                    e.getMessage().setBody(new OrderCommand.Submit(sending));
                    e.getMessage().setHeader(Endpoints.VENUE_HEADER, venueId);
                });
                activity.sent(venueId);
                Exception failure = ex.getException();
                if (failure == null) {
                    return;
                }
                activity.error(venueId);
                breaker = VenueResilience.refusedByBreaker(failure);
                if (breaker) {
                    reason = "circuit breaker of venue " + venueId + " is " + g.breaker().getState();
                } else {
                    reason = "venue " + venueId + " did not take the submit: " + rootMessage(failure);
                    StatusAnswer answer = queryStatus(order);
                    if (answer.noAnswer() != null) {
                        if (answer.unanswerable()) {
                            rejectNew(order.id(), reason + " (not re-sent: the venue cannot answer a status query: "
                                    + answer.noAnswer() + ")");
                        } else {
                            inDoubt(order.id(), reason, answer.noAnswer(), resent, 0);
                        }
                        return;
                    }
                    if (!answer.neverArrived()) {
                        LOG.warn("order {}: {}, but the venue has it ({}): not re-sent, its executions decide",
                                order.id(), reason, answer.status());
                        return;
                    }
                    reason += " (a status query proved it never arrived)";
                }
            }
            RoutingPolicy policy = routedBy.get(order.id());
            if (policy != null) {
                Set<String> tried = triedVenues.computeIfAbsent(order.id(), k -> ConcurrentHashMap.newKeySet());
                tried.add(venueId);
                List<String> why = new ArrayList<>();
                List<VenueScore> next = rank(policy, requestOf(order), tried, why);
                if (!next.isEmpty()) {
                    String to = next.get(0).venue();
                    Order moved = moveTo(order.id(), to, reason);
                    if (moved != null) {
                        failovers.increment();
                        LOG.warn("order {} fails over from {} to {}: {}", order.id(), venueId, to, reason);
                        tried.add(to);
                        if (IN_QUEUE.get()) {
                            // Holding one venue's queue lock: taking another one here could deadlock.
                            drainer.execute(() -> dispatch(moved));
                        } else {
                            dispatch(moved);
                        }
                        return;
                    }
                }
            }
            if (!breaker && resent < g.settings().newResends()) {
                resent++;
                resends.increment();
                LOG.warn("order {}: {}; re-sending to {} ({} of {})", order.id(), reason, venueId, resent,
                        g.settings().newResends());
                order = orders.get(order.id()).orElse(order);
                if (order.status() != OrderStatus.PENDING_NEW) {
                    return;
                }
                continue;
            }
            rejectNew(order.id(), reason);
            return;
        }
    }

    /**
     * A NEW whose fate the venue cannot tell now may still be live there: rejecting it would leave an order at the
     * venue that we call dead, re-sending it could double it. So it stays PENDING_NEW (counted as open by risk),
     * with the doubt as its reason, until the venue answers a status query asked again with backoff.
     */
    private void inDoubt(String orderId, String failure, String noAnswer, int resent, int checks) {
        long delay = Math.min(IN_DOUBT_MAX_DELAY_MS, IN_DOUBT_FIRST_DELAY_MS << Math.min(checks, 20));
        String why = "in doubt: " + failure + "; the venue could not answer a status query (" + noAnswer
                + "); asking again in " + delay + " ms";
        Order[] before = new Order[1];
        Order after = orders.update(orderId, o -> {
            before[0] = o;
            return o.status() != OrderStatus.PENDING_NEW ? o : pending(o, o.venue(), why);
        });
        if (after == null || after.status() != OrderStatus.PENDING_NEW) {
            return;
        }
        if (after != before[0]) {
            publish(before[0], after, null);
        }
        if (checks == 0) {
            inDoubt.increment();
            LOG.warn("order {} {}", orderId, why);
        }
        try {
            doubts.schedule(() -> recheck(orderId, failure, resent, checks + 1), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("order {} stays in doubt: the gateway is stopping", orderId);
        }
    }

    private void recheck(String orderId, String failure, int resent, int checks) {
        boolean atStart = STARTED_PENDING.equals(failure);
        try {
            Order o = orders.get(orderId).orElse(null);
            if (o == null || o.status() != OrderStatus.PENDING_NEW) {
                return; // the venue's executions (or a cancel) decided meanwhile
            }
            if (atStart && venues.venue(o.venue()).isEmpty()) {
                // The store is shared by the cluster: a venue that is not (or not yet) deployed here may be another
                // member's, whose order this member must neither reject nor send.
                if (checks < START_RECHECKS) {
                    doubts.schedule(() -> recheck(orderId, failure, resent, checks + 1), IN_DOUBT_MAX_DELAY_MS,
                            TimeUnit.MILLISECONDS);
                } else {
                    LOG.warn("order {} was PENDING_NEW at start and its venue {} is not deployed on this member: left "
                            + "to its venue's reports or a cancel", orderId, o.venue());
                }
                return;
            }
            StatusAnswer answer = queryStatus(o);
            if (answer.noAnswer() != null) {
                if (answer.unanswerable() && atStart) {
                    LOG.warn("order {} was PENDING_NEW at start; its venue {} cannot answer a status query: left to "
                            + "its reports or a cancel", orderId, o.venue());
                } else if (answer.unanswerable()) {
                    rejectNew(orderId, failure + " (not re-sent: the venue cannot answer a status query: "
                            + answer.noAnswer() + ")");
                } else {
                    inDoubt(orderId, failure, answer.noAnswer(), resent, checks);
                }
                return;
            }
            if (!answer.neverArrived()) {
                LOG.warn("order {} no longer in doubt: the venue has it ({}); its executions decide", orderId,
                        answer.status());
                return;
            }
            LOG.warn("order {} no longer in doubt: a status query proved it never arrived", orderId);
            if (atStart) {
                // Never sent before the restart, or lost on the way: a first send, through the rate queue.
                dispatch(o);
            } else {
                sendNew(o, resent, failure + " (a status query proved it never arrived)");
            }
        } catch (RuntimeException e) {
            LOG.error("order {}: status re-check failed: {}", orderId, e.toString(), e);
            inDoubt(orderId, failure, e.toString(), resent, checks);
        } finally {
            if (atStart) {
                startChecks.increment();
            }
        }
    }

    /** A PENDING_NEW order (no venue order id yet) on {@code venue} with {@code reason}. */
    private static Order pending(Order o, String venue, String reason) {
        return new Order(o.id(), o.clientOrderId(), o.account(), venue, o.symbol(), o.side(), o.type(),
                o.timeInForce(), o.quantity(), o.limitPrice(), o.stopPrice(), o.trailingOffset(), o.strategy(),
                o.status(), o.filledQty(), o.leavesQty(), o.avgPrice(), null, reason, o.createdAt(), Instant.now());
    }

    /** Asks the venue, through its guard (with retries), whether it has the order. */
    private StatusAnswer queryStatus(Order order) {
        VenueResilience.Guard g = resilience.guard(order.venue());
        Exchange ex = producer.send(g.endpoint(), ExchangePattern.InOut, e -> {
            e.getMessage().setBody(order);
            e.getMessage().setHeader(Endpoints.VENUE_HEADER, order.venue());
            e.getMessage().setHeader(VenueResilience.COMMAND_HEADER, VenueResilience.STATUS);
        });
        if (ex.getException() != null) {
            return new StatusAnswer(null, false, rootMessage(ex.getException()),
                    noStatusQuery(ex.getException()));
        }
        Object reply = ex.getMessage().getBody();
        if (reply instanceof OrderStatus st) {
            return new StatusAnswer(st, false, null, false);
        }
        if (Endpoints.STATUS_UNKNOWN.equals(reply)) {
            return new StatusAnswer(null, true, null, false);
        }
        return new StatusAnswer(null, false, "no status in the reply (" + (reply == null ? "null"
                : reply.getClass().getSimpleName()) + ")", true);
    }

    /** The venue has no status route at all: asking again will not help. */
    private static boolean noStatusQuery(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.apache.camel.component.direct.DirectConsumerNotAvailableException) {
                return true;
            }
        }
        return false;
    }

    /** A PENDING_NEW order that never reached its venue moves to another one. */
    private Order moveTo(String orderId, String venue, String why) {
        Order[] before = new Order[1];
        Order after = orders.update(orderId, o -> {
            before[0] = o;
            if (o.status() != OrderStatus.PENDING_NEW) {
                return o;
            }
            return pending(o, venue, "failover: " + why);
        });
        if (after == null || after == before[0]) {
            return null;
        }
        tellRisk(before[0], after, null);
        publish(before[0], after, null);
        return after;
    }

    /** A NEW order that did not go out (or cannot have): REJECTED with the reason. */
    private void rejectNew(String orderId, String reason) {
        Order[] before = new Order[1];
        Order rejected = orders.update(orderId, o -> {
            before[0] = o;
            return o.status().terminal() ? o : o.transition(OrderStatus.REJECTED, reason, Instant.now());
        });
        awaitingAck.remove(orderId);
        forgetRouting(orderId);
        if (rejected == null || rejected == before[0]) {
            return;
        }
        tellRisk(before[0], rejected, null);
        publish(before[0], rejected, null);
        rejects.increment();
        LOG.warn("order {} rejected: {}", orderId, reason);
        deadLetters.add(rejected.venue(), "order", rejected, reason);
        afterChange(rejected);
    }

    private void forgetRouting(String orderId) {
        routedBy.remove(orderId);
        triedVenues.remove(orderId);
    }

    /** Bookkeeping after any stored change of an order: venue metrics and the parent's aggregate. */
    private void afterChange(Order o) {
        if (o.status().terminal()) {
            forgetRouting(o.id());
            if (!o.venue().startsWith(RoutingPolicy.PREFIX)) {
                metrics(o.venue()).finished(o.filledQty().signum() > 0);
            }
        } else if (o.status() != OrderStatus.PENDING_NEW) {
            // Acknowledged: the venue has it, so it can no longer fail over.
            forgetRouting(o.id());
        }
        String parent = parentOf.get(o.id());
        if (parent != null) {
            refreshParent(parent);
        }
    }

    /**
     * Split orders still working when this gateway starts (after a core bundle or container restart: the store
     * outlives the gateway) get their parent/child links back, so that the children's fills still add up on the
     * parent and cancelling the parent still cancels them. The links need no storage of their own: a parent is
     * an order on a {@code policy:} venue and its children are {@code <parent>.1}, {@code <parent>.2}, ...
     * Orders still PENDING_NEW may or may not have reached their venue (or waited in a rate queue): each venue is
     * asked, and one that proves an order never arrived gets it through the normal dispatch (rate limits apply).
     */
    private void recoverFromStore() {
        int relinked = 0;
        List<String> unsure = new ArrayList<>();
        for (Order o : orders.values()) {
            if (o.status() == OrderStatus.PENDING_NEW && !o.venue().startsWith(RoutingPolicy.PREFIX)) {
                unsure.add(o.id());
            }
            if (!o.venue().startsWith(RoutingPolicy.PREFIX) || o.status().terminal()) {
                continue;
            }
            List<String> kids = new ArrayList<>();
            for (int i = 1; orders.get(o.id() + "." + i).isPresent(); i++) {
                kids.add(o.id() + "." + i);
            }
            if (kids.isEmpty()) {
                continue;
            }
            childrenOf.put(o.id(), kids);
            kids.forEach(k -> parentOf.put(k, o.id()));
            relinked++;
            // Children may have changed after the parent was last brought up to date.
            refreshParent(o.id());
        }
        if (relinked > 0) {
            LOG.info("{} working split order(s) relinked to their children from the order store", relinked);
        }
        // Sent or not, acknowledged or not: a PENDING_NEW order found at start is in doubt until its venue says.
        if (!unsure.isEmpty()) {
            LOG.warn("{} order(s) PENDING_NEW at start: asking their venues whether they have them", unsure.size());
            for (String id : unsure) {
                doubts.schedule(() -> recheck(id, STARTED_PENDING, 0, 0),
                        IN_DOUBT_FIRST_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Recomputes a split order's parent from its children. */
    private void refreshParent(String parentId) {
        List<String> kids = childrenOf.get(parentId);
        if (kids == null) {
            return;
        }
        Order[] before = new Order[1];
        Order after;
        // One refresh at a time per parent, so that an older view of the children never overwrites a newer one.
        synchronized (kids) {
            List<Order> children = kids.stream().map(orders::get).flatMap(Optional::stream).toList();
            after = orders.update(parentId, p -> {
                before[0] = p;
                Order next = aggregate(p, children);
                return next.status() == p.status() && next.filledQty().compareTo(p.filledQty()) == 0
                        && next.leavesQty().compareTo(p.leavesQty()) == 0 ? p : next;
            });
        }
        if (after != null && after != before[0]) {
            publish(before[0], after, null);
            if (after.status().terminal()) {
                childrenOf.remove(parentId);
                kids.forEach(parentOf::remove);
            }
        }
    }

    /** The parent's view of its children: summed fills, weighted average price, status as documented above. */
    static Order aggregate(Order parent, List<Order> children) {
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        boolean allDone = true;
        boolean acked = false;
        boolean allRejected = true;
        boolean anyCanceled = false;
        boolean anyExpired = false;
        List<String> reasons = new ArrayList<>();
        for (Order c : children) {
            filled = filled.add(c.filledQty());
            if (c.avgPrice() != null) {
                notional = notional.add(c.avgPrice().multiply(c.filledQty()));
            }
            allDone &= c.status().terminal();
            acked |= c.status() != OrderStatus.PENDING_NEW && c.status() != OrderStatus.REJECTED;
            allRejected &= c.status() == OrderStatus.REJECTED;
            anyCanceled |= c.status() == OrderStatus.CANCELED;
            anyExpired |= c.status() == OrderStatus.EXPIRED;
            if (c.reason() != null && c.status().terminal() && c.status() != OrderStatus.FILLED) {
                reasons.add(c.id() + ": " + c.reason());
            }
        }
        OrderStatus status;
        if (allDone) {
            status = filled.compareTo(parent.quantity()) >= 0 ? OrderStatus.FILLED
                    : allRejected ? OrderStatus.REJECTED
                    : anyCanceled ? OrderStatus.CANCELED
                    : anyExpired ? OrderStatus.EXPIRED : OrderStatus.REJECTED;
        } else if (filled.signum() > 0) {
            status = OrderStatus.PARTIALLY_FILLED;
        } else {
            status = acked ? OrderStatus.NEW : OrderStatus.PENDING_NEW;
        }
        BigDecimal avg = filled.signum() > 0
                ? notional.divide(filled, 8, RoundingMode.HALF_EVEN).stripTrailingZeros() : null;
        BigDecimal leaves = status.terminal() ? BigDecimal.ZERO : parent.quantity().subtract(filled);
        String reason = reasons.isEmpty() ? parent.reason() : String.join("; ", reasons);
        return new Order(parent.id(), parent.clientOrderId(), parent.account(), parent.venue(), parent.symbol(),
                parent.side(), parent.type(), parent.timeInForce(), parent.quantity(), parent.limitPrice(),
                parent.stopPrice(), parent.trailingOffset(), parent.strategy(), status, filled, leaves, avg, null,
                reason, parent.createdAt(), Instant.now());
    }

    /**
     * Emergency halts come first: a halted scope takes no new order, whatever else is wrong with it. Orders of
     * {@code tradeloom:flatten} (strategy {@value HaltService#FLATTEN_STRATEGY}) pass when they reduce the net
     * position without flipping it, so that risk can be closed during a halt.
     */
    private void checkHalts(OrderRequest request) {
        Optional<Halt> halt = halts.haltOf(request);
        if (halt.isEmpty()) {
            return;
        }
        if (HaltService.FLATTEN_STRATEGY.equals(request.strategy())) {
            if (reducesPosition(request)) {
                LOG.info("order for {} {} passes halt {}: flatten reducing the position", request.account(),
                        request.symbol(), halt.get().scope());
                return;
            }
            rejects.increment();
            throw new ValidationException("order rejected", Violation.of("halt", halt.get().scope().toString(),
                    halt.get().rejectReason() + " (a flatten order passes a halt only when it reduces the position)"));
        }
        rejects.increment();
        throw HaltService.rejection(halt.get());
    }

    private boolean reducesPosition(OrderRequest r) {
        Position p = risk.position(r.account(), r.symbol());
        BigDecimal current = p.quantity();
        if (current.signum() == 0) {
            return false;
        }
        BigDecimal after = current.add(r.side().sign() > 0 ? r.quantity() : r.quantity().negate());
        return after.abs().compareTo(current.abs()) < 0 && (after.signum() == 0 || after.signum() == current.signum());
    }

    private Venue broker(String venueId) {
        Venue venue = venues.adapter(venueId).orElseThrow(() -> rejectRequest("venue", venueId,
                "venue " + venueId + " is not deployed"));
        if (venue.descriptor().kind() != VenueKind.BROKER) {
            throw rejectRequest("venue", venueId, "venue " + venueId + " is a market-data vendor, not a broker");
        }
        return venue;
    }

    private void checkVenueCanTake(Venue venue, OrderRequest r) {
        VenueState state = venue.health().state();
        if (state == VenueState.DOWN || state == VenueState.HALTED) {
            throw rejectRequest("venue", venue.id(), "venue " + venue.id() + " is " + state);
        }
        Capabilities caps = venue.descriptor().capabilities();
        if (!caps.orderTypes().contains(r.type())) {
            throw rejectRequest("type", r.type(), "not supported by venue " + venue.id() + " (supports "
                    + caps.orderTypes() + ")");
        }
        if (!caps.timeInForces().contains(r.timeInForce())) {
            throw rejectRequest("tif", r.timeInForce(), "not supported by venue " + venue.id() + " (supports "
                    + caps.timeInForces() + ")");
        }
        if (!knowsSymbol(venue, r)) {
            throw rejectRequest("symbol", r.symbol(), "unknown symbol" + (!venue.instruments().isEmpty()
                    ? " at venue " + venue.id() : ""));
        }
    }

    private boolean knowsSymbol(Venue venue, OrderRequest r) {
        return !venue.instruments().isEmpty()
                ? venue.instruments().stream().anyMatch(i -> i.symbol().equals(r.symbol()))
                : venues.instrument(r.symbol()).isPresent();
    }

    /** Why the venue cannot take the order, or null when it can (same rules as above, for ranking). */
    private String cannotTake(Venue venue, OrderRequest r) {
        VenueState state = venue.health().state();
        Capabilities caps = venue.descriptor().capabilities();
        if (state == VenueState.DOWN || state == VenueState.HALTED) {
            return venue.id() + " is " + state;
        }
        if (!caps.orderTypes().contains(r.type())) {
            return venue.id() + " does not support type " + r.type();
        }
        if (!caps.timeInForces().contains(r.timeInForce())) {
            return venue.id() + " does not support tif " + r.timeInForce();
        }
        if (!knowsSymbol(venue, r)) {
            return venue.id() + " does not know symbol " + r.symbol();
        }
        return null;
    }

    private ValidationException rejectRequest(String field, Object value, String reason) {
        rejects.increment();
        return new ValidationException("order rejected", Violation.of(field, value, reason));
    }

    @Override
    public Order cancel(String orderId) {
        List<String> kids = orderId == null ? null : childrenOf.get(orderId);
        if (kids != null) {
            List<String> failed = new ArrayList<>();
            for (String kid : kids) {
                Order c = orders.get(kid).orElse(null);
                if (c != null && c.status().open()) {
                    try {
                        cancel(kid);
                    } catch (RuntimeException e) {
                        failed.add(kid + ": " + e.getMessage());
                    }
                }
            }
            if (!failed.isEmpty()) {
                LOG.warn("cancel of split order {}: some children could not be canceled: {}", orderId, failed);
            }
            refreshParent(orderId);
            return orders.get(orderId).orElseThrow();
        }
        if (orderId != null && queued.remove(orderId)) {
            // Still waiting for its venue's rate limit: it never left, so it is canceled here.
            Order[] before = new Order[1];
            Order after = orders.update(orderId, o -> {
                before[0] = o;
                return o.status() == OrderStatus.PENDING_NEW ? o.transition(OrderStatus.CANCELED,
                        "canceled while queued for the rate limit of venue " + o.venue(), Instant.now()) : o;
            });
            if (after != null && after != before[0]) {
                tellRisk(before[0], after, null);
                publish(before[0], after, null);
                afterChange(after);
                return after;
            }
        }
        Order order = openOrder(orderId, "cancel");
        send(order.venue(), new OrderCommand.Cancel(order, order.id() + "-C" + sequence.incrementAndGet()));
        return orders.get(orderId).orElseThrow();
    }

    @Override
    public Order replace(String orderId, BigDecimal quantity, BigDecimal limitPrice) {
        if (orderId != null && childrenOf.containsKey(orderId)) {
            throw new ValidationException("replace rejected", Violation.of("id", orderId,
                    "a split order; replace its child orders " + childrenOf.get(orderId)));
        }
        Order order = openOrder(orderId, "replace");
        if (quantity == null && limitPrice == null) {
            throw new ValidationException("replace rejected", Violation.of("qty", null,
                    "give a new quantity and/or price"));
        }
        if (quantity != null && quantity.signum() <= 0) {
            throw new ValidationException("replace rejected", Violation.of("qty", quantity, "must be greater than 0"));
        }
        if (limitPrice != null && limitPrice.signum() <= 0) {
            throw new ValidationException("replace rejected", Violation.of("price", limitPrice,
                    "must be greater than 0"));
        }
        if (limitPrice != null && !order.type().needsLimitPrice()) {
            throw new ValidationException("replace rejected", Violation.of("price", limitPrice,
                    "not allowed for " + order.type() + " orders"));
        }
        if (quantity != null && quantity.compareTo(order.filledQty()) <= 0) {
            throw new ValidationException("replace rejected", Violation.of("qty", quantity,
                    "must be above the filled quantity " + order.filledQty().toPlainString()));
        }
        send(order.venue(), new OrderCommand.Replace(order, order.id() + "-R" + sequence.incrementAndGet(),
                quantity, limitPrice));
        return orders.get(orderId).orElseThrow();
    }

    private Order openOrder(String orderId, String what) {
        Order order = orderId == null ? null : orders.get(orderId).orElse(null);
        if (order == null) {
            throw new ValidationException(what + " rejected", Violation.of("id", orderId, "unknown order"));
        }
        if (order.status().terminal()) {
            throw new ValidationException(what + " rejected", Violation.of("id", orderId, "order is "
                    + order.status()));
        }
        if (venues.adapter(order.venue()).isEmpty()) {
            throw new ValidationException(what + " rejected", Violation.of("venue", order.venue(),
                    "venue " + order.venue() + " is not deployed"));
        }
        return order;
    }

    /**
     * Sends a cancel or replace through the venue's guard (a cancel is retried there with backoff); a failure is
     * the caller's answer.
     */
    private void send(String venueId, OrderCommand command) {
        Exchange ex = producer.send(resilience.guard(venueId).endpoint(), e -> {
            e.getMessage().setBody(command);
            e.getMessage().setHeader(Endpoints.VENUE_HEADER, venueId);
        });
        activity.sent(venueId);
        Exception failure = ex.getException();
        if (failure == null) {
            return;
        }
        activity.error(venueId);
        String reason = "venue " + venueId + " did not take the " + command.getClass().getSimpleName().toLowerCase()
                + ": " + rootMessage(failure);
        deadLetters.add(venueId, command.getClass().getSimpleName().toLowerCase(), command, reason);
        throw new ValidationException(command.getClass().getSimpleName().toLowerCase() + " rejected",
                Violation.of("id", command.order().id(), reason));
    }

    /** Keeps risk's open orders and positions in step with order state; risk never fails order flow. */
    private void tellRisk(Order before, Order after, BigDecimal fillPrice) {
        if (after == null || before == after) {
            return;
        }
        try {
            risk.orderUpdated(before, after, fillPrice);
        } catch (RuntimeException ex) {
            LOG.error("risk could not take the update of order {}: {}", after.id(), ex.toString());
        }
    }

    /** Tells every {@link OrderEventListener} about a stored change; a failing listener never fails order flow. */
    private void publish(Order before, Order after, Execution execution) {
        if (after == null || (before == after && execution == null) || listeners.isEmpty()) {
            return;
        }
        OrderEvent event = new OrderEvent(after, before, execution, Instant.now());
        for (OrderEventListener l : listeners) {
            try {
                l.onOrderEvent(event);
            } catch (RuntimeException ex) {
                LOG.error("order event listener {} failed on order {}: {}", l.getClass().getName(), after.id(),
                        ex.toString());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addOrderEventListener(OrderEventListener listener) {
        listeners.add(listener);
    }

    public void removeOrderEventListener(OrderEventListener listener) {
        listeners.remove(listener);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }

    /** Applies one execution from a broker; bad or duplicate ones never change state and are recorded. */
    public void onExecution(Object body) {
        if (!(body instanceof Execution e)) {
            deadLetters.add("unknown", "execution", body, "not an execution: "
                    + (body == null ? "null" : body.getClass().getName()));
            return;
        }
        activity.received(e.venue());
        if (!orders.markExecution(e.venue() + '|' + e.execId())) {
            duplicates.increment();
            LOG.debug("duplicate execution {} from {} ignored", e.execId(), e.venue());
            return;
        }
        String[] failure = new String[1];
        Order[] before = new Order[1];
        Order updated = orders.update(e.orderId(), o -> {
            before[0] = o;
            if (!o.venue().equals(e.venue())) {
                failure[0] = "execution from venue " + e.venue() + " for order " + o.id() + " of venue " + o.venue();
                return o;
            }
            try {
                return o.apply(e);
            } catch (RuntimeException ex) {
                failure[0] = ex.getMessage();
                return o;
            }
        });
        if (updated == null) {
            failure[0] = "unknown order " + e.orderId();
        }
        if (failure[0] != null) {
            // Not applied: forget its id, so that a replay from the dead letters can still apply it.
            orders.forgetExecution(e.venue() + '|' + e.execId());
            activity.error(e.venue());
            deadLetters.add(e.venue(), "execution", e, failure[0]);
            return;
        }
        tellRisk(before[0], updated, e.lastPrice());
        publish(before[0], updated, e);
        Long sentAt = awaitingAck.remove(e.orderId());
        if (sentAt != null) {
            long nanos = System.nanoTime() - sentAt;
            ackCount.increment();
            ackTotalNanos.add(nanos);
            ackMaxNanos.accumulateAndGet(nanos, Math::max);
            metrics(e.venue()).ack(nanos / 1000);
        }
        afterChange(updated);
        if (e.ordStatus() == OrderStatus.REJECTED) {
            rejects.increment();
        }
    }

    @Override
    public void venueAdded(Venue venue) {
        if (venue.descriptor().kind() == VenueKind.BROKER) {
            resilience.guard(venue.id());
            scheduleResume(venue.id());
        }
    }

    /** How often a venue that is back but cannot answer yet is asked again about its suspended orders. */
    private static final int RESUME_ATTEMPTS = 6;

    /**
     * The orders SUSPENDED when a venue left (or found so at start) are asked about once it is back: the venue may
     * have them working, have ended them, or not know them at all. Without this they stayed SUSPENDED until their
     * next execution, which a resting order far from the market never gets.
     */
    private void scheduleResume(String venueId) {
        doubts.schedule(() -> resumeSuspended(venueId, 1), IN_DOUBT_FIRST_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void resumeSuspended(String venueId, int attempt) {
        try {
            String here = orders.localMember();
            List<Order> suspended = orders.values().stream()
                    .filter(o -> o.venue().equals(venueId) && o.status() == OrderStatus.SUSPENDED)
                    // In a cluster: this member's own orders (a member-local venue has the same id elsewhere).
                    .filter(o -> orders.owner(o.id()).map(here::equals).orElse(true))
                    .toList();
            boolean askAgain = false;
            for (Order o : suspended) {
                if (venues.venue(venueId).isEmpty()) {
                    return; // gone again: its orders stay SUSPENDED until it returns
                }
                StatusAnswer a = queryStatus(o);
                if (a.noAnswer() != null) {
                    if (a.unanswerable()) {
                        LOG.warn("order {} SUSPENDED: venue {} is back but cannot answer a status query ({}); it"
                                + " stays SUSPENDED until its next execution", o.id(), venueId, a.noAnswer());
                    } else {
                        askAgain = true;
                    }
                    continue;
                }
                resume(o.id(), venueId, a);
            }
            if (askAgain) {
                if (attempt < RESUME_ATTEMPTS) {
                    doubts.schedule(() -> resumeSuspended(venueId, attempt + 1), IN_DOUBT_MAX_DELAY_MS,
                            TimeUnit.MILLISECONDS);
                } else {
                    LOG.warn("venue {} did not answer status queries for its SUSPENDED orders after {} tries; they"
                            + " stay SUSPENDED until their next executions", venueId, attempt);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("venue {}: asking about its SUSPENDED orders failed: {}", venueId, e.toString(), e);
        }
    }

    /**
     * A SUSPENDED order after its venue answered: working there -> NEW or PARTIALLY_FILLED again (by our own fills);
     * ended there (canceled, expired, rejected) -> that status, the executions of the time away unknown (the
     * reconciliation shows any difference); unknown there -> CANCELED, as it works nowhere; FILLED there -> stays
     * SUSPENDED with an error: its fills never arrived, and a status carries no quantities to book.
     */
    private void resume(String orderId, String venueId, StatusAnswer a) {
        OrderStatus there = a.neverArrived() ? null : a.status();
        if (there == OrderStatus.FILLED) {
            LOG.error("order {}: venue {} is back and says FILLED, but the fills never arrived here; it stays SUSPENDED"
                    + " (tradeloom:recon-run --venue {} shows the difference)", orderId, venueId, venueId);
            return;
        }
        Instant now = Instant.now();
        Order[] before = new Order[1];
        Order after = orders.update(orderId, cur -> {
            before[0] = cur;
            if (cur.status() != OrderStatus.SUSPENDED) {
                return cur; // an execution decided meanwhile
            }
            if (there == null) {
                return cur.transition(OrderStatus.CANCELED, "venue " + venueId + " is back but does not know the"
                        + " order (lost while it was away): it works nowhere", now);
            }
            return switch (there) {
                case CANCELED, EXPIRED, REJECTED -> cur.transition(there, "venue " + venueId + " ended it while it"
                        + " was away (" + there + "); executions of that time, if any, never arrived", now);
                case DONE_FOR_DAY -> cur;
                default -> cur.transition(cur.filledQty().signum() > 0 ? OrderStatus.PARTIALLY_FILLED
                        : OrderStatus.NEW, "venue " + venueId + " is back and has it working (" + there + ")", now);
            };
        });
        if (after == null || after == before[0]) {
            return;
        }
        LOG.warn("order {}: SUSPENDED -> {} ({})", orderId, after.status(), after.reason());
        tellRisk(before[0], after, null);
        publish(before[0], after, null);
        afterChange(after);
    }

    /** A venue left: whatever it still had working is marked, never silently dropped. */
    @Override
    public void venueRemoved(String venueId) {
        resilience.remove(venueId);
        ArrayDeque<String> q = queues.get(venueId);
        if (q != null) {
            drainer.execute(() -> drain(venueId));
        }
        Instant now = Instant.now();
        int marked = 0;
        for (Order o : orders.values()) {
            if (o.venue().equals(venueId) && suspendable(o.status())) {
                Order[] before = new Order[1];
                Order after = orders.update(o.id(), cur -> {
                    before[0] = cur;
                    return suspendable(cur.status()) ? cur.transition(OrderStatus.SUSPENDED, "venue " + venueId
                            + " was undeployed; state at the venue unknown until it returns", now) : cur;
                });
                tellRisk(before[0], after, null);
                publish(before[0], after, null);
                awaitingAck.remove(o.id());
                if (after != null) {
                    afterChange(after);
                }
                marked++;
            }
        }
        if (marked > 0) {
            LOG.warn("venue {} left with {} working orders; they are SUSPENDED", venueId, marked);
        }
    }

    private static boolean suspendable(OrderStatus s) {
        return s != OrderStatus.SUSPENDED && OrderStateMachine.isLegal(s, OrderStatus.SUSPENDED);
    }

    @Override
    public Optional<Order> order(String orderId) {
        return orderId == null ? Optional.empty() : orders.get(orderId);
    }

    @Override
    public List<Order> orders(boolean openOnly) {
        return orders.values().stream().filter(o -> !openOnly || o.status().open())
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id))
                .collect(Collectors.toList());
    }

    @Override
    public OrderStats stats() {
        long n = ackCount.sum();
        return new OrderStats(getCountsByState(), rejects.sum(), n == 0 ? -1 : ackTotalNanos.sum() / n / 1000,
                n == 0 ? -1 : ackMaxNanos.get() / 1000);
    }

    @Override
    public Map<String, Long> getCountsByState() {
        Map<String, Long> counts = new TreeMap<>();
        for (OrderStatus s : OrderStatus.values()) {
            counts.put(s.name(), 0L);
        }
        orders.values().forEach(o -> counts.merge(o.status().name(), 1L, Long::sum));
        return counts;
    }

    @Override
    public long getOpenOrders() {
        return orders.values().stream().filter(o -> o.status().open()).count();
    }

    @Override
    public long getTotalOrders() {
        return orders.values().size();
    }

    @Override
    public long getRejects() {
        return rejects.sum();
    }

    @Override
    public long getMeanAckLatencyMicros() {
        return stats().meanAckLatencyMicros();
    }

    @Override
    public long getMaxAckLatencyMicros() {
        return stats().maxAckLatencyMicros();
    }

    @Override
    public long getDuplicateExecutions() {
        return duplicates.sum();
    }

    @Override
    public long getFailovers() {
        return failovers.sum();
    }

    @Override
    public long getResends() {
        return resends.sum();
    }

    /** Finished checks of orders found PENDING_NEW at start (tests wait for them). */
    long startChecks() {
        return startChecks.sum();
    }

    @Override
    public long getInDoubt() {
        return inDoubt.sum();
    }

    @Override
    public long getQueuedOrders() {
        return queued.size();
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
