package io.tradeloom.broker.fix.internal;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.FieldNotFound;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;
import quickfix.UtcTimestampPrecision;
import quickfix.field.MsgType;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A FIX 4.4 broker for the tests: a real QuickFIX/J acceptor on 127.0.0.1 that answers NewOrderSingle with NEW
 * then FILLED (or only NEW, or a session Reject, or a BusinessMessageReject), OrderCancelRequest with CANCELED or
 * an OrderCancelReject, OrderCancelReplaceRequest with REPLACED, and records everything it receives.
 */
final class SimBroker implements Application, AutoCloseable {

    /** IGNORE: the NewOrderSingle is received (and recorded) but never booked, as if lost inside the broker. */
    enum OrderAnswer { FILL, ACK, SESSION_REJECT, BUSINESS_REJECT, IGNORE }

    enum CancelAnswer { CANCEL, CANCEL_REJECT }

    static final long WAIT_MS = 10_000;

    final SessionID sessionId;
    volatile OrderAnswer orderAnswer = OrderAnswer.FILL;
    volatile CancelAnswer cancelAnswer = CancelAnswer.CANCEL;
    /** Whether OrderStatusRequests are answered (ExecType I, or the unknown-order reply); off: only recorded. */
    volatile boolean answerStatus;
    /** The next this many NewOrderSingles are answered as {@link OrderAnswer#IGNORE}. */
    final AtomicInteger ignoreNext = new AtomicInteger();
    /** While true, every Logon is refused (the initiator keeps reconnecting). */
    volatile boolean refuseLogons;

    private final ThreadedSocketAcceptor acceptor;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, String> venueOrderIds = new ConcurrentHashMap<>();
    /** OrdStatus of each booked order, by the ClOrdID of its NewOrderSingle. */
    private final Map<String, Character> booked = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> bookings = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean loggedOn;
    private volatile boolean started;

    SimBroker(int port, String ourCompId, String clientCompId) throws ConfigError {
        sessionId = new SessionID("FIX.4.4", ourCompId, clientCompId);
        SessionSettings s = new SessionSettings();
        s.setString(sessionId, "ConnectionType", "acceptor");
        s.setString(sessionId, "SocketAcceptAddress", "127.0.0.1");
        s.setLong(sessionId, "SocketAcceptPort", port);
        s.setString(sessionId, "StartTime", "00:00:00");
        s.setString(sessionId, "EndTime", "00:00:00");
        s.setString(sessionId, "TimeZone", "UTC");
        s.setString(sessionId, "UseDataDictionary", "Y");
        s.setString(sessionId, "DataDictionary", "FIX44.xml");
        s.setString(sessionId, "TimeStampPrecision", "NANOS");
        s.setString(sessionId, "SocketReuseAddress", "Y");
        acceptor = new ThreadedSocketAcceptor(this, new MemoryStoreFactory(), s, new RecordingLogFactory(),
                new quickfix.fix44.MessageFactory());
    }

    void start() throws ConfigError {
        acceptor.start();
        started = true;
    }

    @Override
    public void close() {
        if (started) {
            started = false;
            acceptor.stop(true);
        }
    }

    boolean loggedOn() {
        Session s = Session.lookupSession(sessionId);
        return loggedOn && s != null && s.isLoggedOn();
    }

    /** QuickFIX/J's error events on our side: a message of the broker's that we found invalid shows up here. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Everything received, admin and application, in order of arrival. */
    List<Message> received() {
        return List.copyOf(received);
    }

    List<Message> received(String msgType) {
        return received.stream().filter(m -> type(m).equals(msgType)).toList();
    }

    /** Waits (up to {@link #WAIT_MS}) for a received message of this type and ClOrdID. */
    Message await(String msgType, String clOrdId) throws InterruptedException {
        return await(msgType + " with ClOrdID " + clOrdId, m -> type(m).equals(msgType) && clOrdId.equals(str(m, 11)));
    }

    Message await(String what, Predicate<Message> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true) {
            for (Message m : received) {
                if (p.test(m)) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the simulated broker did not receive " + what + " within " + WAIT_MS
                        + " ms; received: " + received + "; errors: " + errors);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Sends a TestRequest and waits for its Heartbeat: the counterparty answers it only after everything it was
     * doing before, so whatever it sent earlier has arrived.
     */
    void sync() throws Exception {
        String id = "SYNC-" + ids.incrementAndGet();
        quickfix.fix44.TestRequest t = new quickfix.fix44.TestRequest();
        t.setString(112, id);
        send(t);
        await("Heartbeat " + id, m -> type(m).equals(MsgType.HEARTBEAT) && id.equals(str(m, 112)));
    }

    /** Sends a TestRequest without waiting for its Heartbeat. */
    void poke() throws SessionNotFound {
        quickfix.fix44.TestRequest t = new quickfix.fix44.TestRequest();
        t.setString(112, "POKE-" + ids.incrementAndGet());
        send(t);
    }

    void send(Message m) throws SessionNotFound {
        if (!Session.sendToTarget(m, sessionId)) {
            throw new AssertionError("the simulated broker could not send " + m);
        }
    }

    static String type(Message m) {
        try {
            return m.getHeader().getString(35);
        } catch (FieldNotFound e) {
            return "?";
        }
    }

    static String str(Message m, int tag) {
        try {
            return m.isSetField(tag) ? m.getString(tag) : null;
        } catch (FieldNotFound e) {
            return null;
        }
    }

    static int seq(Message m) {
        try {
            return m.getHeader().getInt(34);
        } catch (FieldNotFound e) {
            throw new AssertionError("no MsgSeqNum in " + m);
        }
    }

    /** An ExecutionReport with every field FIX 4.4 requires; the caller adds the rest. */
    static quickfix.fix44.ExecutionReport executionReport(String venueOrderId, String execId, String clOrdId,
                                                         char execType, char ordStatus, String symbol, char side,
                                                         String leaves, String cum, String avg) {
        quickfix.fix44.ExecutionReport er = new quickfix.fix44.ExecutionReport();
        er.setString(37, venueOrderId);
        er.setString(17, execId);
        er.setString(11, clOrdId);
        er.setChar(150, execType);
        er.setChar(39, ordStatus);
        er.setString(55, symbol);
        er.setChar(54, side);
        er.setString(151, leaves);
        er.setString(14, cum);
        er.setString(6, avg);
        er.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC), UtcTimestampPrecision.NANOS);
        return er;
    }

    // ---------------------------------------------------------------------------------------- the broker's side

    /** NewOrderSingles received with this ClOrdID, resends (PossDupFlag=Y) included. */
    long newOrderSingles(String clOrdId) {
        return received(MsgType.ORDER_SINGLE).stream().filter(m -> clOrdId.equals(str(m, 11))).count();
    }

    /** Orders booked (answered, not ignored) for NewOrderSingles with this ClOrdID: 2 would be a duplicate. */
    int bookings(String clOrdId) {
        AtomicInteger n = bookings.get(clOrdId);
        return n == null ? 0 : n.get();
    }

    /** Makes the session expect this MsgSeqNum next, as if later messages were lost: it asks for a resend. */
    void expectNext(int seqNum) throws java.io.IOException {
        Session.lookupSession(sessionId).setNextTargetMsgSeqNum(seqNum);
    }

    /** Drops the connection (no Logout). */
    void dropConnection() throws java.io.IOException {
        Session.lookupSession(sessionId).disconnect("dropped by the test", false);
    }

        /** NewOrderSingles received as resends (PossDupFlag=Y). */
    long possDupNewOrderSingles() {
        return received(MsgType.ORDER_SINGLE).stream().filter(SimBroker::possDup).count();
    }

    static boolean possDup(Message m) {
        try {
            return m.getHeader().isSetField(43) && m.getHeader().getBoolean(43);
        } catch (FieldNotFound e) {
            return false;
        }
    }

    private void onNewOrder(Message d) throws Exception {
        String clOrdId = d.getString(11);
        if (orderAnswer == OrderAnswer.IGNORE || ignoreNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return;
        }
        String venueOrderId = "SIM-" + ids.incrementAndGet();
        venueOrderIds.put(clOrdId, venueOrderId);
        bookings.computeIfAbsent(clOrdId, k -> new AtomicInteger()).incrementAndGet();
        booked.put(clOrdId, orderAnswer == OrderAnswer.FILL ? '2' : orderAnswer == OrderAnswer.ACK ? '0' : '8');
        String qty = d.getString(38);
        String px = d.isSetField(44) ? d.getString(44) : "100";
        switch (orderAnswer) {
            case SESSION_REJECT -> {
                quickfix.fix44.Reject r = new quickfix.fix44.Reject();
                r.setInt(45, seq(d));
                r.setString(372, MsgType.ORDER_SINGLE);
                r.setInt(373, 5);
                r.setString(58, "price outside the band");
                send(r);
            }
            case BUSINESS_REJECT -> {
                quickfix.fix44.BusinessMessageReject r = new quickfix.fix44.BusinessMessageReject();
                r.setInt(45, seq(d));
                r.setString(372, MsgType.ORDER_SINGLE);
                r.setString(379, clOrdId);
                r.setInt(380, 0);
                r.setString(58, "account blocked");
                send(r);
            }
            case ACK, FILL -> {
                quickfix.fix44.ExecutionReport ack = executionReport(venueOrderId, venueOrderId + "-0", clOrdId, '0',
                        '0', d.getString(55), d.getChar(54), qty, "0", "0");
                ack.setString(38, qty);
                if (d.isSetField(44)) {
                    ack.setString(44, d.getString(44));
                }
                send(ack);
                if (orderAnswer == OrderAnswer.FILL) {
                    quickfix.fix44.ExecutionReport fill = executionReport(venueOrderId, venueOrderId + "-1", clOrdId,
                            'F', '2', d.getString(55), d.getChar(54), "0", qty, px);
                    fill.setString(38, qty);
                    fill.setString(32, qty);
                    fill.setString(31, px);
                    fill.setChar(851, '2');
                    send(fill);
                }
            }
        }
    }

    /** ExecType I with the order's OrdStatus, or OrdStatus 8 + OrdRejReason 5 (UNKNOWN_ORDER) + OrderID NONE. */
    private void onStatusRequest(Message h) throws Exception {
        String clOrdId = h.getString(11);
        Character status = booked.get(clOrdId);
        quickfix.fix44.ExecutionReport er;
        if (status == null) {
            er = executionReport("NONE", "ST-" + ids.incrementAndGet(), clOrdId, 'I', '8', h.getString(55),
                    h.getChar(54), "0", "0", "0");
            er.setInt(103, 5);
            er.setString(58, "unknown order");
        } else {
            boolean filled = status == '2';
            er = executionReport(venueOrderIds.get(clOrdId), "ST-" + ids.incrementAndGet(), clOrdId, 'I', status,
                    h.getString(55), h.getChar(54), filled ? "0" : "100", filled ? "100" : "0",
                    filled ? "101.25" : "0");
        }
        if (h.isSetField(790)) {
            er.setString(790, h.getString(790));
        }
        send(er);
    }

    private void onCancel(Message f) throws Exception {
        String clOrdId = f.getString(11);
        String orig = f.getString(41);
        String venueOrderId = venueOrderIds.getOrDefault(orig, "NONE");
        venueOrderIds.put(clOrdId, venueOrderId);
        if (cancelAnswer == CancelAnswer.CANCEL_REJECT) {
            quickfix.fix44.OrderCancelReject r = new quickfix.fix44.OrderCancelReject();
            r.setString(37, venueOrderId);
            r.setString(11, clOrdId);
            r.setString(41, orig);
            r.setChar(39, '0');
            r.setChar(434, '1');
            r.setInt(102, 0);
            r.setString(58, "too late to cancel");
            send(r);
            return;
        }
        quickfix.fix44.ExecutionReport er = executionReport(venueOrderId, venueOrderId + "-c" + ids.incrementAndGet(),
                clOrdId, '4', '4', f.getString(55), f.getChar(54), "0", "0", "0");
        er.setString(41, orig);
        er.setString(38, f.getString(38));
        send(er);
    }

    private void onReplace(Message g) throws Exception {
        String clOrdId = g.getString(11);
        String orig = g.getString(41);
        String venueOrderId = venueOrderIds.getOrDefault(orig, "NONE");
        venueOrderIds.put(clOrdId, venueOrderId);
        quickfix.fix44.ExecutionReport er = executionReport(venueOrderId, venueOrderId + "-r" + ids.incrementAndGet(),
                clOrdId, '5', '0', g.getString(55), g.getChar(54), g.getString(38), "0", "0");
        er.setString(41, orig);
        er.setString(38, g.getString(38));
        if (g.isSetField(44)) {
            er.setString(44, g.getString(44));
        }
        send(er);
    }

    // ----------------------------------------------------------------------------------------- QuickFIX/J side

    @Override
    public void onCreate(SessionID sessionId) {
    }

    @Override
    public void onLogon(SessionID sessionId) {
        loggedOn = true;
    }

    @Override
    public void onLogout(SessionID sessionId) {
        loggedOn = false;
    }

    @Override
    public void toAdmin(Message message, SessionID sessionId) {
    }

    @Override
    public void fromAdmin(Message message, SessionID sessionId) throws quickfix.RejectLogon {
        received.add(message);
        if (refuseLogons && type(message).equals(MsgType.LOGON)) {
            throw new quickfix.RejectLogon("logons refused by the test");
        }
    }

    @Override
    public void toApp(Message message, SessionID sessionId) {
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) {
        received.add(message);
        try {
            switch (type(message)) {
                case MsgType.ORDER_SINGLE -> onNewOrder(message);
                case MsgType.ORDER_CANCEL_REQUEST -> onCancel(message);
                case MsgType.ORDER_CANCEL_REPLACE_REQUEST -> onReplace(message);
                case MsgType.ORDER_STATUS_REQUEST -> {
                    if (answerStatus) {
                        onStatusRequest(message);
                    }
                }
                default -> {
                    // Anything else is only recorded.
                }
            }
        } catch (Exception e) {
            errors.add("simulated broker failed on " + message + ": " + e);
        }
    }

    private final class RecordingLogFactory implements LogFactory {
        @Override
        public Log create(SessionID sessionID) {
            return new Log() {
                @Override
                public void clear() {
                }

                @Override
                public void onIncoming(String message) {
                }

                @Override
                public void onOutgoing(String message) {
                }

                @Override
                public void onEvent(String text) {
                }

                @Override
                public void onErrorEvent(String text) {
                    errors.add(text);
                }
            };
        }
    }
}
