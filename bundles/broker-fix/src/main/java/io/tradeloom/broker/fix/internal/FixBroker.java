package io.tradeloom.broker.fix.internal;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderStatus;
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
import org.osgi.service.component.annotations.Reference;
import org.quickfixj.jmx.JmxExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.ThreadedSocketInitiator;
import quickfix.field.BusinessRejectRefID;
import quickfix.field.ClOrdID;
import quickfix.field.CxlRejReason;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrigClOrdID;
import quickfix.field.Password;
import quickfix.field.RefMsgType;
import quickfix.field.RefSeqNum;
import quickfix.field.Text;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One FIX 4.4 broker venue per factory configuration {@code io.tradeloom.broker.fix-<name>}: a QuickFIX/J
 * initiator session, the route {@code broker-fix-<id>} that turns order commands into FIX, and the
 * translation of everything the counterparty sends back.
 */
@Component(service = {Venue.class, FixSessionControl.class}, configurationPid = "io.tradeloom.broker.fix",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class FixBroker implements Venue, FixSessionControl, Application {

    private static final Logger LOG = LoggerFactory.getLogger(FixBroker.class);

    private final FixConfig config;
    private final VenueDescriptor descriptor;
    private final FixTranslator translator;
    private final ClOrdIdBook clOrdIds;
    private final NewOrderCopies newOrderCopies;
    /** Status queries of the core waiting for their ExecutionReport, by OrdStatusReqID and by ClOrdID. */
    private final Map<String, StatusQuery> statusByReqId = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, StatusQuery> statusByClOrdId = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong statusReqIds = new AtomicLong();
    /** Test hook: the next NEW fails on our side (see {@link NewOrderFault}); null in production. */
    private final java.util.concurrent.atomic.AtomicReference<NewOrderFault> newOrderFault =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final OrderService orders;
    private final DeadLetterQueue deadLetters;
    private final ProducerTemplate producer;
    private final TokenBucket rateLimit;
    private final ThreadedSocketInitiator initiator;
    private final ServiceRegistration<RoutesBuilder> routes;
    private final FixLedger ledger;
    private final ServiceRegistration<BrokerLedger> ledgerRegistration;
    private final Set<ObjectName> mbeans = new HashSet<>();
    private final Queue<OrderCommand> held = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ScheduledExecutorService statusRequests =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fix-status-requests");
                t.setDaemon(true);
                return t;
            });
    /** Sequence number of each order message we sent, for session Rejects that name only RefSeqNum. */
    private final Map<Integer, String> sentSeqToClOrdId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
            return size() > 100_000;
        }
    };

    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong rejectsReceived = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong syntheticIds = new AtomicLong();
    private volatile VenueState state = VenueState.CONNECTING;
    private volatile String stateDetail = "connecting";
    private volatile Instant lastHeartbeat;
    private volatile Instant logonTime;
    private volatile boolean operatorLogout;

    @Activate
    public FixBroker(@Reference CamelContext camel, @Reference OrderService orders,
                     @Reference DeadLetterQueue deadLetters, Map<String, Object> props, BundleContext bundleContext)
            throws Exception {
        try {
            this.config = FixConfig.parse(props, FixConfig.defaultDataDir());
        } catch (SettingsException e) {
            LOG.error("FIX broker not started: {}", e.getMessage());
            throw e;
        }
        this.orders = orders;
        this.deadLetters = deadLetters;
        this.descriptor = new VenueDescriptor(config.id(), VenueKind.BROKER, "fix",
                new Capabilities(config.orderTypes(), config.timeInForces(), Set.of(AssetClass.EQUITY,
                        AssetClass.ETF, AssetClass.FUTURE, AssetClass.OPTION), config.orderRateLimit()));
        this.translator = new FixTranslator(config.symbols(), config.account(), Clock.systemUTC());
        this.clOrdIds = new ClOrdIdBook(FixConfig.defaultDataDir().resolve("fix").resolve(config.id())
                .resolve("clordids.log"));
        this.newOrderCopies = new NewOrderCopies(clOrdIds::abandoned, clOrdIds::abandon);
        this.rateLimit = new TokenBucket(config.orderRateLimit());
        this.producer = camel.createProducerTemplate();
        this.ledger = new FixLedger(config.id(), orders, this::requestStatus, this::loggedOn);
        MaskingLogFactory logs = new MaskingLogFactory(messagesIn::incrementAndGet, messagesOut::incrementAndGet,
                this::malformedInput, this::outgoing);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try {
            this.initiator = new ThreadedSocketInitiator(this, new FileStoreFactory(config.quickfix()),
                    config.quickfix(), logs, new quickfix.fix44.MessageFactory());
            exportJmx();
            initiator.start();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        String routeId = "broker-fix-" + config.id();
        this.routes = bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                // A refused command is the caller's answer, not an error to log and retry here.
                errorHandler(noErrorHandler());
                from(Endpoints.brokerOrders(config.id())).routeId(routeId)
                        .process(ex -> handle(ex.getMessage().getMandatoryBody(OrderCommand.class)));
                // The core's question after a failed NEW: did it arrive? An exception means "cannot say".
                from(Endpoints.brokerStatus(config.id())).routeId(routeId + "-status")
                        .process(ex -> ex.getMessage().setBody(status(orderOf(ex.getMessage().getBody()))));
            }
        }, null);
        this.ledgerRegistration = bundleContext.registerService(BrokerLedger.class, ledger,
                new java.util.Hashtable<>(Map.of("tradeloom.venue", config.id())));
        LOG.info("FIX venue {} started: session {} to {}:{}", config.id(), config.sessionId(),
                config.quickfix().getString(config.sessionId(), "SocketConnectHost"),
                config.quickfix().getString(config.sessionId(), "SocketConnectPort"));
    }

    private void exportJmx() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> before = server.queryNames(new ObjectName("org.quickfixj:*"), null);
            new JmxExporter(server, JmxExporter.REGISTRATION_REPLACE_EXISTING).register(initiator);
            for (ObjectName n : server.queryNames(new ObjectName("org.quickfixj:*"), null)) {
                if (!before.contains(n)) {
                    mbeans.add(n);
                }
            }
        } catch (Exception e) {
            LOG.warn("FIX venue {}: QuickFIX/J MBeans not registered: {}", config.id(), e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        routes.unregister();
        ledgerRegistration.unregister();
        statusRequests.shutdownNow();
        // Graceful: send Logout and wait for the answer (LogoutTimeout), so the counterparty sees a clean end.
        initiator.stop(false);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName n : mbeans) {
            try {
                server.unregisterMBean(n);
            } catch (Exception e) {
                LOG.debug("unregister {}: {}", n, e.toString());
            }
        }
        try {
            clOrdIds.close();
            producer.stop();
        } catch (Exception e) {
            LOG.debug("close: {}", e.toString());
        }
        int stillHeld = held.size();
        if (stillHeld > 0) {
            LOG.warn("FIX venue {} stopped with {} held order commands; those orders stay SUSPENDED until the venue"
                    + " returns and their status is requested", config.id(), stillHeld);
        }
        LOG.info("FIX venue {} stopped", config.id());
    }

    // ------------------------------------------------------------------------------------------- order commands

    /** Called by the route for each command; throwing tells the core the venue did not take it. */
    void handle(OrderCommand command) throws Exception {
        Session session = Session.lookupSession(config.sessionId());
        if (session == null || !session.isLoggedOn()) {
            if (config.whenDown() == FixConfig.WhenDown.HOLD) {
                synchronized (held) {
                    // Re-checked under the lock onLogon drains with, so no command is left behind.
                    if (session != null && session.isLoggedOn()) {
                        send(session, command);
                        return;
                    }
                    held.add(command);
                }
                LOG.warn("FIX venue {} is not logged on: {} for order {} held until logon", config.id(),
                        command.getClass().getSimpleName(), command.order().id());
                return;
            }
            throw new IllegalStateException("FIX session " + config.sessionId() + " is not logged on");
        }
        if (command instanceof OrderCommand.Submit && !rateLimit.tryAcquire()) {
            throw new IllegalStateException("order rate limit of " + config.orderRateLimit() + "/s at venue "
                    + config.id() + " exceeded");
        }
        send(session, command);
    }

    private void send(Session session, OrderCommand command) throws Exception {
        Order o = command.order();
        Message message;
        String clOrdId;
        if (command instanceof OrderCommand.Submit) {
            clOrdId = o.id();
            newOrderCopies.attempt(clOrdId);
            clOrdIds.map(clOrdId, o.id());
            message = translator.newOrder(o, clOrdId);
            NewOrderFault fault = newOrderFault.getAndSet(null);
            if (fault != null) {
                sendWithFault(session, message, clOrdId, fault);
                return;
            }
            boolean sent;
            try {
                sent = session.send(message);
            } finally {
                newOrderCopies.sendReturned(clOrdId);
            }
            if (!sent) {
                throw new IllegalStateException("FIX session " + config.sessionId() + " could not send the"
                        + " NewOrderSingle of order " + o.id());
            }
            return;
        } else if (command instanceof OrderCommand.Cancel c) {
            clOrdId = c.requestId();
            String orig = currentClOrdId(o);
            clOrdIds.map(clOrdId, o.id());
            message = translator.cancel(o, orig, clOrdId);
        } else {
            OrderCommand.Replace r = (OrderCommand.Replace) command;
            clOrdId = r.requestId();
            String orig = currentClOrdId(o);
            clOrdIds.map(clOrdId, o.id());
            message = translator.replace(o, orig, clOrdId, r.newQuantity(), r.newLimitPrice());
        }
        if (!session.send(message)) {
            throw new IllegalStateException("FIX session " + config.sessionId() + " could not send "
                    + command.getClass().getSimpleName() + " for order " + o.id());
        }
    }

    /** Ways a test makes the next NEW fail on our side. */
    enum NewOrderFault {
        /** The connection drops just before the send: QuickFIX/J stores the NEW but never writes it. */
        LOSE_BEFORE_WIRE,
        /** The NEW is written, then the send reports a failure (as when the socket dies right after the write). */
        FAIL_AFTER_WIRE
    }

    /** Test hook: the next NEW fails as {@code fault} says. */
    void injectNewOrderFault(NewOrderFault fault) {
        newOrderFault.set(fault);
    }

    private void sendWithFault(Session session, Message message, String clOrdId, NewOrderFault fault)
            throws java.io.IOException {
        if (fault == NewOrderFault.LOSE_BEFORE_WIRE) {
            session.disconnect("fault injection: connection lost before the NewOrderSingle " + clOrdId, false);
        }
        try {
            session.send(message);
        } finally {
            newOrderCopies.sendReturned(clOrdId);
        }
        throw new IllegalStateException("fault injection: the NewOrderSingle " + clOrdId + " failed "
                + (fault == NewOrderFault.LOSE_BEFORE_WIRE ? "before" : "after") + " the wire");
    }

    /** Resends of NewOrderSingles refused because their order was proven lost (tests and diagnostics). */
    long suppressedNewOrderResends() {
        return newOrderCopies.suppressedResends();
    }

    // ------------------------------------------------------------------------------------------- status queries

    /** A status query of the core waiting for its answer. */
    private record StatusQuery(String reqId, String clOrdId, java.util.concurrent.CompletableFuture<Message> answer) {
    }

    private static Order orderOf(Object body) {
        if (body instanceof Order o) {
            return o;
        }
        if (body instanceof OrderCommand c) {
            return c.order();
        }
        throw new IllegalArgumentException("a status query needs an Order, not "
                + (body == null ? "null" : body.getClass().getName()));
    }

    /**
     * Whether the venue has the order: its {@link OrderStatus}, or {@link Endpoints#STATUS_UNKNOWN} only when no
     * copy of its NewOrderSingle can arrive any more; an exception when that cannot be told (not logged on, no
     * answer in time), and then the core does not re-send.
     *
     * <p>Why "unknown" is safe: QuickFIX/J stores every NewOrderSingle before writing it and resends stored copies
     * (PossDupFlag=Y) when the venue asks after a reconnect. (1) A copy that was never written is abandoned here,
     * under the same lock in which toApp approves a resend, so it can only be replaced by a SequenceReset-GapFill:
     * no need to ask. (2) A copy that may have been written makes us ask with an OrderStatusRequest, which gets a
     * higher MsgSeqNum than every copy: a FIX engine processes messages in sequence order and asks for a gap before
     * going on, so the venue has received (or gap-filled) every copy before it answers. "Unknown order" then means
     * none got through, and the copies are abandoned so a later ResendRequest cannot bring them back either.
     */
    Object status(Order o) throws Exception {
        String clOrdId = currentClOrdId(o);
        NewOrderCopies.Verdict verdict = newOrderCopies.beforeStatus(clOrdId, clOrdIds.orderId(clOrdId) != null);
        if (verdict != NewOrderCopies.Verdict.MAY_HAVE_ARRIVED) {
            LOG.info("FIX venue {}: order {} (ClOrdID {}) cannot have arrived ({}); answering unknown", config.id(),
                    o.id(), clOrdId, verdict);
            return Endpoints.STATUS_UNKNOWN;
        }
        Session session = Session.lookupSession(config.sessionId());
        if (session == null || !session.isLoggedOn()) {
            throw new IllegalStateException("FIX session " + config.sessionId() + " is not logged on: the status of"
                    + " order " + o.id() + " cannot be asked");
        }
        String reqId = statusQueryPrefix() + System.currentTimeMillis() + "-" + statusReqIds.incrementAndGet();
        StatusQuery query = new StatusQuery(reqId, clOrdId, new java.util.concurrent.CompletableFuture<>());
        statusByReqId.put(reqId, query);
        statusByClOrdId.put(clOrdId, query);
        try {
            quickfix.fix44.OrderStatusRequest request = translator.status(clOrdId, o);
            request.setString(quickfix.field.OrdStatusReqID.FIELD, reqId);
            if (!session.send(request)) {
                throw new IllegalStateException("FIX session " + config.sessionId() + " could not send the status"
                        + " request of order " + o.id());
            }
            Message answer;
            try {
                answer = query.answer().get(config.statusTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new java.util.concurrent.TimeoutException("FIX venue " + config.id() + " did not answer the"
                        + " status request of order " + o.id() + " within " + config.statusTimeoutMillis() + " ms");
            }
            if (unknownOrder(answer)) {
                newOrderCopies.abandon(clOrdId);
                LOG.info("FIX venue {} does not know order {} (ClOrdID {}); its copies are abandoned", config.id(),
                        o.id(), clOrdId);
                return Endpoints.STATUS_UNKNOWN;
            }
            return OrderStatus.fromFixCode(answer.getChar(OrdStatus.FIELD));
        } finally {
            statusByReqId.remove(reqId, query);
            statusByClOrdId.remove(clOrdId, query);
        }
    }

    /**
     * The venue's "I do not know this order": OrdStatus REJECTED with OrdRejReason 5 (UNKNOWN_ORDER), or with
     * OrderID NONE (FIX's placeholder, what the FIX simulator and {@link FixLedger} use).
     */
    static boolean unknownOrder(Message er) throws FieldNotFound {
        if (er.getChar(OrdStatus.FIELD) != OrdStatus.REJECTED) {
            return false;
        }
        if (er.isSetField(quickfix.field.OrdRejReason.FIELD)
                && er.getInt(quickfix.field.OrdRejReason.FIELD) == quickfix.field.OrdRejReason.UNKNOWN_ORDER) {
            return true;
        }
        return !er.isSetField(quickfix.field.OrderID.FIELD)
                || "NONE".equals(er.getString(quickfix.field.OrderID.FIELD));
    }

    /** OrdStatusReqID prefix of the core's status queries at this venue. */
    private String statusQueryPrefix() {
        return "Q-" + config.id() + "-";
    }

    private boolean ownStatusQuery(Message m) {
        try {
            return m.isSetField(quickfix.field.OrdStatusReqID.FIELD)
                    && m.getString(quickfix.field.OrdStatusReqID.FIELD).startsWith(statusQueryPrefix());
        } catch (FieldNotFound e) {
            return false;
        }
    }

    /** The ExecutionReport answers one of our status queries: hands it over; true when the query consumes it. */
    private boolean answersStatusQuery(Message er) throws FieldNotFound {
        if (er.getChar(quickfix.field.ExecType.FIELD) != quickfix.field.ExecType.ORDER_STATUS) {
            return false;
        }
        StatusQuery q = null;
        if (er.isSetField(quickfix.field.OrdStatusReqID.FIELD)) {
            q = statusByReqId.get(er.getString(quickfix.field.OrdStatusReqID.FIELD));
        }
        if (q == null && er.isSetField(ClOrdID.FIELD)) {
            q = statusByClOrdId.get(er.getString(ClOrdID.FIELD));
        }
        if (q == null) {
            // A late answer to a query that timed out: an "unknown" in it is no rejection of the order either.
            return ownStatusQuery(er) && unknownOrder(er);
        }
        q.answer().complete(er);
        // "Unknown" is the answer to the question, not a rejection of the order: the core decides what follows.
        return unknownOrder(er);
    }

    /** For the broker ledger: one OrderStatusRequest for the order's current ClOrdID. */
    private boolean requestStatus(Order o) {
        Session session = Session.lookupSession(config.sessionId());
        return session != null && session.isLoggedOn() && session.send(translator.status(currentClOrdId(o), o));
    }

    private boolean loggedOn() {
        Session session = Session.lookupSession(config.sessionId());
        return session != null && session.isLoggedOn();
    }

    private String currentClOrdId(Order o) {
        String current = clOrdIds.current(o.id());
        return current != null ? current : o.id();
    }

    /** Called before the message is written, so a session Reject of it always finds its ClOrdID. */
    private void recordSent(Message message) {
        try {
            if (message.isSetField(ClOrdID.FIELD)) {
                int seq = message.getHeader().getInt(MsgSeqNum.FIELD);
                synchronized (sentSeqToClOrdId) {
                    sentSeqToClOrdId.put(seq, message.getString(ClOrdID.FIELD));
                }
            }
        } catch (FieldNotFound e) {
            LOG.debug("outgoing message without MsgSeqNum: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------------------------- QuickFIX/J application

    @Override
    public void onCreate(SessionID sessionId) {
        LOG.info("FIX venue {}: session {} created", config == null ? "?" : config.id(), sessionId);
    }

    @Override
    public void onLogon(SessionID sessionId) {
        logonTime = Instant.now();
        state = VenueState.UP;
        stateDetail = "logged on " + sessionId;
        operatorLogout = false;
        LOG.info("FIX venue {} logged on", config.id());
        Session session = Session.lookupSession(sessionId);
        synchronized (held) {
            for (OrderCommand c; (c = held.poll()) != null; ) {
                try {
                    send(session, c);
                } catch (Exception e) {
                    LOG.error("FIX venue {}: held {} for order {} could not be sent: {}", config.id(),
                            c.getClass().getSimpleName(), c.order().id(), e.getMessage());
                }
            }
        }
        // Ask only once the counterparty's ResendRequest for our gap (if any) has been served: asked earlier, it
        // would call an order "unknown" whose NewOrderSingle is still on its way as a resend.
        statusRequests.schedule(() -> {
            Session current = Session.lookupSession(sessionId);
            if (current != null && current.isLoggedOn()) {
                requestStatusOfUnsettledOrders(current);
            }
        }, config.statusRequestDelayMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Orders whose outcome we cannot know from here are asked about, so none stays pending forever. */
    private void requestStatusOfUnsettledOrders(Session session) {
        int asked = 0;
        for (Order o : orders.orders(true)) {
            if (!session.isLoggedOn()) {
                return;
            }
            if (!o.venue().equals(config.id())) {
                continue;
            }
            OrderStatus s = o.status();
            Instant loggedOnAt = logonTime;
            if (loggedOnAt != null && !o.updatedAt().isBefore(loggedOnAt)) {
                // Changed during this session: in normal flow, not of unknown outcome.
                continue;
            }
            if (s == OrderStatus.PENDING_NEW || s == OrderStatus.PENDING_CANCEL || s == OrderStatus.PENDING_REPLACE
                    || s == OrderStatus.SUSPENDED) {
                session.send(translator.status(currentClOrdId(o), o));
                asked++;
            }
        }
        if (asked > 0) {
            LOG.info("FIX venue {}: asked the status of {} orders whose outcome is unknown", config.id(), asked);
        }
    }

    @Override
    public void onLogout(SessionID sessionId) {
        logonTime = null;
        state = VenueState.DOWN;
        stateDetail = operatorLogout ? "logged out by operator" : "disconnected; reconnecting";
        LOG.warn("FIX venue {} logged out ({})", config.id(), stateDetail);
    }

    @Override
    public void toAdmin(Message message, SessionID sessionId) {
        if (config.logonPassword() != null && isType(message, MsgType.LOGON)) {
            message.setString(Password.FIELD, config.logonPassword());
        }
    }

    @Override
    public void fromAdmin(Message message, SessionID sessionId) {
        if (isType(message, MsgType.HEARTBEAT)) {
            lastHeartbeat = Instant.now();
        } else if (isType(message, MsgType.REJECT)) {
            rejectsReceived.incrementAndGet();
            onSessionReject(message);
        }
    }

    @Override
    public void toApp(Message message, SessionID sessionId) throws quickfix.DoNotSend {
        if (isType(message, MsgType.ORDER_STATUS_REQUEST) && possDup(message) && ownStatusQuery(message)) {
            // A stale question of the core's: it has given up on it, and an old "unknown order" answer arriving
            // after the order was re-sent would mislead. Gap-filled instead. (The logon and reconciliation status
            // requests are resent as before: their answers are wanted whenever they come.)
            throw new quickfix.DoNotSend();
        }
        if (isType(message, MsgType.ORDER_SINGLE)) {
            try {
                Message.Header h = message.getHeader();
                boolean resend = possDup(message);
                int timeTag = resend && h.isSetField(quickfix.field.OrigSendingTime.FIELD)
                        ? quickfix.field.OrigSendingTime.FIELD : quickfix.field.SendingTime.FIELD;
                String sendingTime = h.getString(timeTag);
                String clOrdId = message.getString(ClOrdID.FIELD);
                String key = NewOrderCopies.key(h.getInt(MsgSeqNum.FIELD), sendingTime);
                if (!newOrderCopies.toApp(clOrdId, key, resend)) {
                    // QuickFIX/J sends a SequenceReset-GapFill in its place.
                    LOG.warn("FIX venue {}: resend of NewOrderSingle {} ({}) refused: the order was proven lost and"
                            + " re-sent or failed over", config.id(), clOrdId, key);
                    throw new quickfix.DoNotSend();
                }
            } catch (FieldNotFound e) {
                LOG.debug("outgoing NewOrderSingle without {}", e.field);
            }
        }
        recordSent(message);
    }

    /** Every message QuickFIX/J is about to write: NewOrderSingles among them may reach the counterparty. */
    private void outgoing(String raw) {
        if (raw.contains("\u000135=D\u0001")) {
            String seq = NewOrderCopies.rawField(raw, MsgSeqNum.FIELD);
            boolean resend = "Y".equals(NewOrderCopies.rawField(raw, quickfix.field.PossDupFlag.FIELD));
            String time = NewOrderCopies.rawField(raw, resend ? quickfix.field.OrigSendingTime.FIELD
                    : quickfix.field.SendingTime.FIELD);
            String clOrdId = NewOrderCopies.rawField(raw, ClOrdID.FIELD);
            if (seq != null && time != null && clOrdId != null) {
                newOrderCopies.outgoing(clOrdId, NewOrderCopies.key(Integer.parseInt(seq), time));
            }
        }
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) {
        try {
            String type = message.getHeader().getString(MsgType.FIELD);
            switch (type) {
                case MsgType.EXECUTION_REPORT -> onExecutionReport(message);
                case MsgType.ORDER_CANCEL_REJECT -> onCancelReject(message);
                case MsgType.BUSINESS_MESSAGE_REJECT -> onBusinessReject(message);
                default -> deadLetter(message, "unexpected message type " + type);
            }
        } catch (Exception e) {
            // A bad message must never reach QuickFIX/J as an exception: it would answer with a session Reject
            // and we would lose the data. Keep it, count it, go on.
            malformed.incrementAndGet();
            deadLetter(message, "cannot process: " + e);
        }
    }

    private void onExecutionReport(Message er) throws FieldNotFound {
        if (answersStatusQuery(er)) {
            return;
        }
        String clOrdId = er.getString(ClOrdID.FIELD);
        String orderId = clOrdIds.orderId(clOrdId);
        if (orderId == null && er.isSetField(OrigClOrdID.FIELD)) {
            orderId = clOrdIds.orderId(er.getString(OrigClOrdID.FIELD));
        }
        if (orderId == null) {
            malformed.incrementAndGet();
            deadLetter(er, "ExecutionReport for unknown ClOrdID " + clOrdId);
            return;
        }
        Execution execution = translator.execution(er, orderId, config.id());
        if (ledger.record(execution)) {
            return;
        }
        if (execution.execType() == ExecType.REPLACED) {
            clOrdIds.current(orderId, clOrdId);
        }
        deliver(execution);
    }

    private void onCancelReject(Message m) throws FieldNotFound {
        String clOrdId = m.getString(ClOrdID.FIELD);
        String orderId = clOrdIds.orderId(clOrdId);
        if (orderId == null) {
            orderId = clOrdIds.orderId(FixTranslator.optional(m, OrigClOrdID.FIELD));
        }
        String reason = "cancel/replace " + clOrdId + " rejected by " + config.id()
                + (m.isSetField(CxlRejReason.FIELD) ? " (CxlRejReason " + m.getString(CxlRejReason.FIELD) + ")" : "")
                + (m.isSetField(Text.FIELD) ? ": " + m.getString(Text.FIELD) : "");
        LOG.warn("FIX venue {}: {}", config.id(), reason);
        if (orderId == null || !m.isSetField(OrdStatus.FIELD)) {
            deadLetter(m, reason + "; order unknown");
            return;
        }
        // The reject carries the order's real status: restate it, so a PENDING_CANCEL never sticks.
        Order o = orders.order(orderId).orElse(null);
        if (o == null) {
            return;
        }
        OrderStatus status = OrderStatus.fromFixCode(m.getChar(OrdStatus.FIELD));
        deliver(new Execution("9-" + config.id() + "-" + header(m, MsgSeqNum.FIELD) + "-" + syntheticIds.incrementAndGet(),
                orderId, o.clientOrderId(), config.id(), o.venueOrderId(), ExecType.ORDER_STATUS, status,
                BigDecimal.ZERO, null, o.filledQty(), o.leavesQty(), o.avgPrice(), o.quantity(), o.limitPrice(),
                Instant.now(), reason, null));
    }

    private void onBusinessReject(Message m) throws FieldNotFound {
        String refType = FixTranslator.optional(m, RefMsgType.FIELD);
        String ref = FixTranslator.optional(m, BusinessRejectRefID.FIELD);
        String text = FixTranslator.optional(m, Text.FIELD);
        rejectsReceived.incrementAndGet();
        String orderId = clOrdIds.orderId(ref);
        if (MsgType.ORDER_SINGLE.equals(refType) && orderId != null) {
            rejectOrder(orderId, "business reject from " + config.id() + (text == null ? "" : ": " + text));
        } else {
            deadLetter(m, "BusinessMessageReject for " + refType + " " + ref + (text == null ? "" : ": " + text));
        }
    }

    private void onSessionReject(Message m) {
        try {
            String refType = FixTranslator.optional(m, RefMsgType.FIELD);
            String text = FixTranslator.optional(m, Text.FIELD);
            Integer refSeq = m.isSetField(RefSeqNum.FIELD) ? m.getInt(RefSeqNum.FIELD) : null;
            String clOrdId;
            synchronized (sentSeqToClOrdId) {
                clOrdId = refSeq == null ? null : sentSeqToClOrdId.get(refSeq);
            }
            String orderId = clOrdIds.orderId(clOrdId);
            deadLetter(m, "session Reject of our message " + refSeq + " (" + refType + ")"
                    + (text == null ? "" : ": " + text));
            if (MsgType.ORDER_SINGLE.equals(refType) && orderId != null) {
                rejectOrder(orderId, "session reject from " + config.id() + (text == null ? "" : ": " + text));
            }
        } catch (FieldNotFound e) {
            deadLetter(m, "session Reject without " + e.field);
        }
    }

    private void rejectOrder(String orderId, String reason) {
        Order o = orders.order(orderId).orElse(null);
        if (o == null || o.status().terminal()) {
            return;
        }
        deliver(new Execution("R-" + config.id() + "-" + syntheticIds.incrementAndGet() + "-" + orderId, orderId,
                o.clientOrderId(), config.id(), o.venueOrderId(), ExecType.REJECTED, OrderStatus.REJECTED,
                BigDecimal.ZERO, null, o.filledQty(), BigDecimal.ZERO, o.avgPrice(), o.quantity(), o.limitPrice(),
                Instant.now(), reason, null));
    }

    private void deliver(Execution e) {
        try {
            producer.sendBody(Endpoints.EXECUTIONS_IN, e);
        } catch (RuntimeException ex) {
            LOG.error("FIX venue {}: execution {} for order {} could not be delivered: {}", config.id(), e.execId(),
                    e.orderId(), ex.getMessage());
        }
    }

    private void deadLetter(Message m, String reason) {
        deadLetters.add(config.id(), "fix", MaskingLogFactory.mask(m.toString()), reason);
    }

    /**
     * QuickFIX/J's error events: connection failures change the venue's state; anything else is input it
     * refused before it reached us (garbled, invalid), kept as a dead letter.
     */
    private void malformedInput(String event) {
        if (event.startsWith("Reject sent for message")) {
            // QuickFIX/J's note that it answered the bad message it has just reported: same input, not new.
            return;
        }
        if (CONNECTION_TROUBLE.matcher(event).find()) {
            Session session = Session.lookupSession(config.sessionId());
            if (state != VenueState.UP && (session == null || !session.isLoggedOn())) {
                state = VenueState.DOWN;
                stateDetail = event.length() > 200 ? event.substring(0, 200) : event;
            }
            return;
        }
        malformed.incrementAndGet();
        deadLetters.add(config.id(), "fix-session", event, "refused by the FIX session layer");
    }

    private static final java.util.regex.Pattern CONNECTION_TROUBLE = java.util.regex.Pattern.compile(
            "ConnectException|during connection|Connection refused|Connection reset|Broken pipe|timed out|"
                    + "Disconnecting|SocketException|END_OF_STREAM|UnresolvedAddress");

    private static boolean possDup(Message m) {
        try {
            return m.getHeader().isSetField(quickfix.field.PossDupFlag.FIELD)
                    && m.getHeader().getBoolean(quickfix.field.PossDupFlag.FIELD);
        } catch (FieldNotFound e) {
            return false;
        }
    }

    private static boolean isType(Message m, String type) {
        try {
            return type.equals(m.getHeader().getString(MsgType.FIELD));
        } catch (FieldNotFound e) {
            return false;
        }
    }

    private static String header(Message m, int tag) {
        try {
            return m.getHeader().getString(tag);
        } catch (FieldNotFound e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------------ venue & control

    @Override
    public VenueDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public VenueHealth health() {
        return VenueHealth.of(state, stateDetail);
    }

    /** Whatever the broker trades: symbols are checked against the platform's instruments. */
    @Override
    public Collection<Instrument> instruments() {
        return List.of();
    }

    @Override
    public String venueId() {
        return config.id();
    }

    @Override
    public FixSessionInfo info() {
        Session s = Session.lookupSession(config.sessionId());
        int nextSender = -1;
        int nextTarget = -1;
        if (s != null) {
            try {
                nextSender = s.getStore().getNextSenderMsgSeqNum();
                nextTarget = s.getStore().getNextTargetMsgSeqNum();
            } catch (java.io.IOException e) {
                LOG.debug("store: {}", e.toString());
            }
        }
        return new FixSessionInfo(config.id(), config.sessionId().toString(), state.name(),
                s != null && s.isLoggedOn(), nextSender, nextTarget, lastHeartbeat, logonTime, messagesIn.get(),
                messagesOut.get(), rejectsReceived.get(), malformed.get());
    }

    @Override
    public void logon() {
        Session s = Session.lookupSession(config.sessionId());
        if (s != null) {
            s.logon();
        }
    }

    @Override
    public void logout(String reason) {
        Session s = Session.lookupSession(config.sessionId());
        if (s != null) {
            operatorLogout = true;
            s.logout(reason == null ? "operator logout" : reason);
        }
    }

    @Override
    public void reset() {
        Session s = Session.lookupSession(config.sessionId());
        if (s != null) {
            operatorLogout = true;
            s.reset();
            s.logon();
        }
    }
}
