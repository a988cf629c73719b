package io.tradeloom.simulators.fix;

import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import quickfix.Application;
import quickfix.ConfigError;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.ClOrdID;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.ResetSeqNumFlag;
import quickfix.field.Side;
import quickfix.field.StopPx;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

/**
 * A real QuickFIX/J initiator (in-memory store, HeartBtInt=1, reconnect every second) that records everything it
 * receives. Incoming messages are validated against FIX44.xml, so a malformed simulator message never reaches
 * {@link #received()}.
 */
final class TestInitiator implements Application, AutoCloseable {

    static final long WAIT_MS = 10_000;

    final SessionID sessionId;
    private final SocketInitiator initiator;
    private final List<Message> received = new ArrayList<>();
    private final List<Message> adminReceived = new ArrayList<>();
    final AtomicInteger logons = new AtomicInteger();
    final AtomicInteger logouts = new AtomicInteger();

    TestInitiator(int port) throws ConfigError {
        this(port, "TRADELOOM", "SIMBROKER");
    }

    TestInitiator(int port, String sender, String target) throws ConfigError {
        sessionId = new SessionID("FIX.4.4", sender, target);
        SessionSettings s = new SessionSettings();
        s.setString(sessionId, "ConnectionType", "initiator");
        s.setString(sessionId, "SocketConnectHost", "127.0.0.1");
        s.setLong(sessionId, "SocketConnectPort", port);
        s.setLong(sessionId, "HeartBtInt", 1);
        s.setLong(sessionId, "ReconnectInterval", 1);
        s.setLong(sessionId, "LogonTimeout", 2);
        s.setLong(sessionId, "LogoutTimeout", 1);
        s.setString(sessionId, "NonStopSession", "Y");
        s.setString(sessionId, "ResetOnLogon", "N");
        s.setString(sessionId, "ResetOnLogout", "N");
        s.setString(sessionId, "ResetOnDisconnect", "N");
        s.setString(sessionId, "UseDataDictionary", "Y");
        s.setString(sessionId, "DataDictionary", "FIX44.xml");
        s.setString(sessionId, "CheckLatency", "N");
        s.setString(sessionId, "TimeStampPrecision", "MILLIS");
        s.setString(sessionId, "SLF4JLogHeartbeats", "N");
        initiator = new SocketInitiator(this, new MemoryStoreFactory(), s, new SLF4JLogFactory(s),
                new quickfix.fix44.MessageFactory());
    }

    TestInitiator start() throws ConfigError {
        initiator.start();
        return this;
    }

    @Override
    public void close() {
        initiator.stop(true);
    }

    Session session() {
        return Session.lookupSession(sessionId);
    }

    boolean isLoggedOn() {
        Session s = session();
        return s != null && s.isLoggedOn();
    }

    void awaitLogons(int n) {
        await("logon #" + n, () -> logons.get() >= n && isLoggedOn());
    }

    void send(Message m) throws SessionNotFound {
        if (!Session.sendToTarget(m, sessionId)) {
            fail("could not send " + m);
        }
    }

    synchronized List<Message> received() {
        return new ArrayList<>(received);
    }

    synchronized List<Message> adminReceived() {
        return new ArrayList<>(adminReceived);
    }

    /** The first application message received (so far or within the wait) that matches. */
    Message await(String what, Predicate<Message> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        synchronized (this) {
            while (true) {
                for (Message m : received) {
                    if (p.test(m)) {
                        return m;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    fail("no " + what + " within " + WAIT_MS + " ms; received: " + describe(received));
                }
                wait(left);
            }
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT_MS + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    static String describe(List<Message> list) {
        StringBuilder sb = new StringBuilder();
        for (Message m : list) {
            sb.append(System.lineSeparator()).append("  ").append(m.toString().replace('\u0001', '|'));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------- message builders

    static quickfix.fix44.NewOrderSingle order(String clOrdId, String symbol, char side, String qty, char ordType) {
        quickfix.fix44.NewOrderSingle m = new quickfix.fix44.NewOrderSingle(new ClOrdID(clOrdId), new Side(side),
                new TransactTime(LocalDateTime.now(ZoneOffset.UTC)), new OrdType(ordType));
        m.setString(Symbol.FIELD, symbol);
        m.setDecimal(OrderQty.FIELD, new BigDecimal(qty));
        return m;
    }

    static quickfix.fix44.NewOrderSingle limit(String clOrdId, String symbol, String qty, String price) {
        quickfix.fix44.NewOrderSingle m = order(clOrdId, symbol, Side.BUY, qty, OrdType.LIMIT);
        m.setDecimal(Price.FIELD, new BigDecimal(price));
        return m;
    }

    static quickfix.fix44.NewOrderSingle market(String clOrdId, String symbol, String qty) {
        return order(clOrdId, symbol, Side.BUY, qty, OrdType.MARKET);
    }

    static quickfix.fix44.NewOrderSingle withTif(quickfix.fix44.NewOrderSingle m, char tif) {
        m.setChar(TimeInForce.FIELD, tif);
        return m;
    }

    static quickfix.fix44.NewOrderSingle withStop(quickfix.fix44.NewOrderSingle m, String stopPx) {
        m.setDecimal(StopPx.FIELD, new BigDecimal(stopPx));
        return m;
    }

    static quickfix.fix44.OrderCancelRequest cancel(String clOrdId, String origClOrdId, String symbol) {
        quickfix.fix44.OrderCancelRequest m = new quickfix.fix44.OrderCancelRequest(new OrigClOrdID(origClOrdId),
                new ClOrdID(clOrdId), new Side(Side.BUY), new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        m.setString(Symbol.FIELD, symbol);
        return m;
    }

    static quickfix.fix44.OrderCancelReplaceRequest replace(String clOrdId, String origClOrdId, String symbol,
            String qty, String price) {
        quickfix.fix44.OrderCancelReplaceRequest m = new quickfix.fix44.OrderCancelReplaceRequest(
                new OrigClOrdID(origClOrdId), new ClOrdID(clOrdId), new Side(Side.BUY),
                new TransactTime(LocalDateTime.now(ZoneOffset.UTC)), new OrdType(OrdType.LIMIT));
        m.setString(Symbol.FIELD, symbol);
        m.setDecimal(OrderQty.FIELD, new BigDecimal(qty));
        m.setDecimal(Price.FIELD, new BigDecimal(price));
        return m;
    }

    static quickfix.fix44.OrderStatusRequest status(String clOrdId, String symbol) {
        quickfix.fix44.OrderStatusRequest m = new quickfix.fix44.OrderStatusRequest(new ClOrdID(clOrdId),
                new Side(Side.BUY));
        m.setString(Symbol.FIELD, symbol);
        return m;
    }

    // ---------------------------------------------------------------------------------------- QuickFIX/J

    @Override
    public void onCreate(SessionID id) {
    }

    @Override
    public void onLogon(SessionID id) {
        logons.incrementAndGet();
    }

    @Override
    public void onLogout(SessionID id) {
        logouts.incrementAndGet();
    }

    @Override
    public void toAdmin(Message message, SessionID id) {
    }

    @Override
    public synchronized void fromAdmin(Message message, SessionID id) {
        adminReceived.add(message);
        notifyAll();
    }

    @Override
    public void toApp(Message message, SessionID id) {
    }

    @Override
    public synchronized void fromApp(Message message, SessionID id) {
        received.add(message);
        notifyAll();
    }

    static boolean resetSeqNumFlag(Message logon) {
        try {
            return MsgType.LOGON.equals(logon.getHeader().getString(MsgType.FIELD))
                    && logon.isSetField(ResetSeqNumFlag.FIELD) && logon.getBoolean(ResetSeqNumFlag.FIELD);
        } catch (FieldNotFound e) {
            return false;
        }
    }
}
