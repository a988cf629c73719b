package io.tradeloom.benchmarks;

import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;
import quickfix.UtcTimestampPrecision;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.TransactTime;
import quickfix.fix44.ExecutionReport;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counterparty of both paths: one bare QuickFIX/J acceptor on 127.0.0.1 (SenderCompID SIMBROKER) with one
 * session per path (TargetCompID BARE and TRADELOOM). It stamps each NewOrderSingle as it reaches
 * {@code fromApp} (t1, keyed by ClOrdID) and answers at once, on the same thread, with an ExecutionReport NEW.
 */
final class SimBroker implements Application, AutoCloseable {

    static final String SENDER = "SIMBROKER";

    private final TimeBook received = new TimeBook(false);
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final ThreadedSocketAcceptor acceptor;

    SimBroker(int port, String... clients) throws Exception {
        SessionSettings s = new SessionSettings();
        for (String client : clients) {
            SessionID id = new SessionID("FIX.4.4", SENDER, client);
            s.setString(id, "ConnectionType", "acceptor");
            s.setString(id, "SocketAcceptAddress", "127.0.0.1");
            s.setString(id, "SocketAcceptPort", Integer.toString(port));
            s.setString(id, "StartTime", "00:00:00");
            s.setString(id, "EndTime", "00:00:00");
            s.setString(id, "TimeZone", "UTC");
            s.setString(id, "HeartBtInt", "30");
            s.setString(id, "ResetOnLogon", "Y");
            s.setString(id, "UseDataDictionary", "Y");
            s.setString(id, "DataDictionary", "FIX44.xml");
            s.setString(id, "TimeStampPrecision", "NANOS");
            s.setString(id, "ValidateUserDefinedFields", "N");
            s.setString(id, "AllowUnknownMsgFields", "Y");
        }
        acceptor = new ThreadedSocketAcceptor(this, new MemoryStoreFactory(), s, new NoOpLogFactory("sim-broker"),
                new quickfix.fix44.MessageFactory());
        acceptor.start();
    }

    /** t1 stamps by ClOrdID. */
    TimeBook received() {
        return received;
    }

    long unexpectedMessages() {
        return unexpected.get();
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) throws FieldNotFound {
        long now = System.nanoTime();
        if (!MsgType.ORDER_SINGLE.equals(message.getHeader().getString(MsgType.FIELD))) {
            unexpected.incrementAndGet();
            return;
        }
        String clOrdId = message.getString(ClOrdID.FIELD);
        received.put(clOrdId, now);
        long n = ids.incrementAndGet();
        ExecutionReport er = new ExecutionReport();
        er.setString(OrderID.FIELD, "SIM-" + n);
        er.setString(ExecID.FIELD, "SIMX-" + n);
        er.setChar(ExecType.FIELD, ExecType.NEW);
        er.setChar(OrdStatus.FIELD, OrdStatus.NEW);
        er.setString(ClOrdID.FIELD, clOrdId);
        er.setString(Symbol.FIELD, message.getString(Symbol.FIELD));
        er.setChar(Side.FIELD, message.getChar(Side.FIELD));
        er.setString(LeavesQty.FIELD, message.getString(OrderQty.FIELD));
        er.setString(CumQty.FIELD, "0");
        er.setString(AvgPx.FIELD, "0");
        er.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), UtcTimestampPrecision.NANOS);
        try {
            Session.sendToTarget(er, sessionId);
        } catch (SessionNotFound e) {
            unexpected.incrementAndGet();
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
        acceptor.stop(true);
    }
}
