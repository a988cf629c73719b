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
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Accepts orders, sends them to their broker over Camel and applies the executions that come back.
 * Order state lives in the {@link OrderStore}: one truth for shell, JMX and every entry point.
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
    private final String idPrefix = "O" + Long.toString(Instant.now().getEpochSecond(), 36).toUpperCase() + "-";
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder rejects = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder ackCount = new LongAdder();
    private final LongAdder ackTotalNanos = new LongAdder();
    private final AtomicLong ackMaxNanos = new AtomicLong();

    @Activate
    public OrderGateway(@Reference VenueDirectory venues, @Reference VenueActivity activity,
                        @Reference DeadLetterQueue deadLetters, @Reference CamelContext camel,
                        @Reference RiskEngine risk, @Reference HaltService halts, @Reference OrderStore store,
                        BundleContext bundleContext) {
        this.venues = venues;
        this.orders = store;
        this.activity = activity;
        this.deadLetters = deadLetters;
        this.risk = risk;
        this.halts = halts;
        this.producer = camel.createProducerTemplate();
        venues.addListener(this);
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

    /** A gateway keeping orders in this JVM's memory, for code that builds it outside OSGi. */
    public OrderGateway(VenueDirectory venues, VenueActivity activity, DeadLetterQueue deadLetters,
                        CamelContext camel, RiskEngine risk, HaltService halts, BundleContext bundleContext) {
        this(venues, activity, deadLetters, camel, risk, halts, new InMemoryOrderStore(), bundleContext);
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
        checkHalts(request);
        Venue venue = broker(request.venue());
        checkVenueCanTake(venue, request);
        try {
            // Pre-trade risk is the last gate: a reject creates nothing.
            risk.check(request);
        } catch (ValidationException e) {
            rejects.increment();
            throw e;
        }
        String id = idPrefix + String.format("%06d", sequence.incrementAndGet());
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
        awaitingAck.put(id, System.nanoTime());
        send(venue.id(), new OrderCommand.Submit(order));
        return orders.get(id).orElseThrow();
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
        boolean brokerListsSymbols = !venue.instruments().isEmpty();
        boolean known = brokerListsSymbols
                ? venue.instruments().stream().anyMatch(i -> i.symbol().equals(r.symbol()))
                : venues.instrument(r.symbol()).isPresent();
        if (!known) {
            throw rejectRequest("symbol", r.symbol(), "unknown symbol" + (brokerListsSymbols
                    ? " at venue " + venue.id() : ""));
        }
    }

    private ValidationException rejectRequest(String field, Object value, String reason) {
        rejects.increment();
        return new ValidationException("order rejected", Violation.of(field, value, reason));
    }

    @Override
    public Order cancel(String orderId) {
        Order order = openOrder(orderId, "cancel");
        send(order.venue(), new OrderCommand.Cancel(order, order.id() + "-C" + sequence.incrementAndGet()));
        return orders.get(orderId).orElseThrow();
    }

    @Override
    public Order replace(String orderId, BigDecimal quantity, BigDecimal limitPrice) {
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

    /** Sends a command to the venue; a failure to deliver a new order rejects it with the reason. */
    private void send(String venueId, OrderCommand command) {
        Exchange ex = producer.send(Endpoints.ORDERS_OUT, e -> {
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
        if (command instanceof OrderCommand.Submit) {
            Order[] before = new Order[1];
            Order rejected = orders.update(command.order().id(), o -> {
                before[0] = o;
                return o.status().terminal() ? o : o.transition(OrderStatus.REJECTED, reason, Instant.now());
            });
            tellRisk(before[0], rejected, null);
            publish(before[0], rejected, null);
            awaitingAck.remove(command.order().id());
            rejects.increment();
            LOG.warn("order {} rejected: {}", command.order().id(), reason);
            if (rejected == null) {
                throw new IllegalStateException(reason);
            }
        } else {
            throw new ValidationException(command.getClass().getSimpleName().toLowerCase() + " rejected",
                    Violation.of("id", command.order().id(), reason));
        }
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
        }
        if (e.ordStatus() == OrderStatus.REJECTED) {
            rejects.increment();
        }
    }

    /** A venue left: whatever it still had working is marked, never silently dropped. */
    @Override
    public void venueRemoved(String venueId) {
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

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
