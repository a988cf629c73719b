package io.tradeloom.benchmarks;

import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.MessageStoreFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketInitiator;
import quickfix.field.Account;
import quickfix.field.ClOrdID;
import quickfix.field.ExecType;
import quickfix.field.HandlInst;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.NewOrderSingle;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The baseline: a QuickFIX/J initiator (SenderCompID BARE) with the same engine, threading model
 * (ThreadedSocketInitiator) and session settings as the platform's FIX venue, and an application that does
 * nothing but stamp the ExecutionReport NEW in {@code fromApp} (t2). The order is built as a client would
 * build it and sent with {@code Session.sendToTarget}.
 */
final class BareClient implements OrderFlow, Application {

    static final String SENDER = "BARE";

    private final SessionID sessionId = new SessionID("FIX.4.4", SENDER, SimBroker.SENDER);
    private final SimBroker broker;
    private final long timeoutNanos;
    private final TimeBook acked = new TimeBook(true);
    private final ThreadedSocketInitiator initiator;
    private long sequence;

    /** @param fileStore the engine's persistent store in {@code storeDir} instead of the in-memory one */
    BareClient(int port, SimBroker broker, long timeoutNanos, boolean fileStore, Path storeDir) throws Exception {
        this.broker = broker;
        this.timeoutNanos = timeoutNanos;
        SessionSettings s = new SessionSettings();
        s.setString(sessionId, "ConnectionType", "initiator");
        s.setString(sessionId, "SocketConnectHost", "127.0.0.1");
        s.setString(sessionId, "SocketConnectPort", Integer.toString(port));
        s.setString(sessionId, "HeartBtInt", "30");
        s.setString(sessionId, "StartTime", "00:00:00");
        s.setString(sessionId, "EndTime", "00:00:00");
        s.setString(sessionId, "TimeZone", "UTC");
        s.setString(sessionId, "ReconnectInterval", "1");
        s.setString(sessionId, "ResetOnLogon", "Y");
        // The settings the platform's FixConfig applies to its session, so both engines do the same work.
        s.setString(sessionId, "UseDataDictionary", "Y");
        s.setString(sessionId, "DataDictionary", "FIX44.xml");
        s.setString(sessionId, "TimeStampPrecision", "NANOS");
        s.setString(sessionId, "ValidateUserDefinedFields", "N");
        s.setString(sessionId, "AllowUnknownMsgFields", "Y");
        MessageStoreFactory store;
        if (fileStore) {
            s.setString(sessionId, "FileStorePath", storeDir.toString());
            store = new FileStoreFactory(s);
        } else {
            store = new MemoryStoreFactory();
        }
        initiator = new ThreadedSocketInitiator(this, store, s, new NoOpLogFactory("bare"),
                new quickfix.fix44.MessageFactory());
        initiator.start();
    }

    @Override
    public String name() {
        return "bare QuickFIX/J";
    }

    boolean loggedOn() {
        Session s = Session.lookupSession(sessionId);
        return s != null && s.isLoggedOn();
    }

    @Override
    public void roundTrip(long[] stamps) throws Exception {
        String id = "BARE-" + (++sequence);
        long t0 = System.nanoTime();
        NewOrderSingle nos = new NewOrderSingle(new ClOrdID(id), new Side(Side.BUY), 
                new TransactTime(LocalDateTime.now(ZoneOffset.UTC)), new OrdType(OrdType.LIMIT));
        nos.set(new HandlInst(HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE_NO_BROKER_INTERVENTION));
        nos.set(new Account("default"));
        nos.set(new Symbol("AAPL"));
        nos.set(new OrderQty(100));
        nos.set(new Price(101.25));
        nos.set(new TimeInForce(TimeInForce.DAY));
        if (!Session.sendToTarget(nos, sessionId)) {
            throw new IllegalStateException("bare path: Session.sendToTarget refused order " + id
                    + " (logged on: " + loggedOn() + ")");
        }
        long t2 = acked.await(id, timeoutNanos);
        if (t2 == TimeBook.MISSING) {
            throw new IllegalStateException("bare path: no ExecutionReport NEW for ClOrdID " + id + " within "
                    + timeoutNanos / 1_000_000 + " ms (the simulated broker "
                    + (broker.received().contains(id) ? "did" : "did not") + " receive the NewOrderSingle;"
                    + " logged on: " + loggedOn() + ")");
        }
        long t1 = broker.received().await(id, timeoutNanos);
        if (t1 == TimeBook.MISSING) {
            throw new IllegalStateException("bare path: ER NEW for " + id + " arrived but the simulated broker"
                    + " has no receipt stamp for it");
        }
        stamps[0] = t0;
        stamps[1] = t1;
        stamps[2] = t2;
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) throws FieldNotFound {
        long now = System.nanoTime();
        if (MsgType.EXECUTION_REPORT.equals(message.getHeader().getString(MsgType.FIELD))
                && message.getChar(ExecType.FIELD) == ExecType.NEW) {
            acked.put(message.getString(ClOrdID.FIELD), now);
        }
    }

    @Override
    public void onCreate(SessionID sessionId) {
    }

    @Override
    public void onLogon(SessionID sessionId) {
    }

    @Override
    public void onLogout(SessionID sessionId) {
    }

    @Override
    public void toAdmin(Message message, SessionID sessionId) {
    }

    @Override
    public void fromAdmin(Message message, SessionID sessionId) {
    }

    @Override
    public void toApp(Message message, SessionID sessionId) {
    }

    @Override
    public void close() {
        initiator.stop(true);
    }
}
