package io.tradeloom.reporting.internal;

import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.report.TransactionReport;
import quickfix.ApplicationAdapter;
import quickfix.ConfigError;
import quickfix.FileStoreFactory;
import quickfix.Initiator;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.UtcTimestampPrecision;
import quickfix.field.MsgType;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * FIX 4.4 drop copy: one initiator session to the configured acceptor; each fill goes out as an ExecutionReport
 * (35=8, ExecType 150=F). ACKED once the session has taken it with a sequence number while logged on: from there
 * FIX's own resend protocol (sequence numbers in a file store that survives restarts) carries it to the other
 * side. While the session is not logged on the report is retried with backoff, never queued blindly.
 *
 * <p>The report knows the fill, not the order's totals: CumQty (14) and AvgPx (6) carry this fill's quantity and
 * price, LeavesQty (151) is 0 and OrdStatus (39) is 1 (partially filled) unless told otherwise; consumers of a
 * drop copy read LastQty (32), LastPx (31), ExecID (17) and SecondaryExecID (527, our report id).
 */
public final class FixDropCopySender implements Sender {

    private final SessionID sessionId;
    private final Initiator initiator;
    private final String target;

    public FixDropCopySender(String host, int port, String senderCompId, String targetCompId, int heartbeatSeconds,
                             int reconnectSeconds, Path storeDir) throws ConfigError {
        this.sessionId = new SessionID("FIX.4.4", senderCompId, targetCompId);
        this.target = "fix " + senderCompId + "->" + targetCompId + "@" + host + ":" + port;
        SessionSettings s = new SessionSettings();
        s.setString(sessionId, "ConnectionType", "initiator");
        s.setString(sessionId, "SocketConnectHost", host);
        s.setLong(sessionId, "SocketConnectPort", port);
        s.setLong(sessionId, "HeartBtInt", heartbeatSeconds);
        s.setLong(sessionId, "ReconnectInterval", reconnectSeconds);
        s.setString(sessionId, "StartTime", "00:00:00");
        s.setString(sessionId, "EndTime", "00:00:00");
        s.setString(sessionId, "TimeZone", "UTC");
        s.setString(sessionId, "UseDataDictionary", "Y");
        s.setString(sessionId, "DataDictionary", "FIX44.xml");
        s.setString(sessionId, "TimeStampPrecision", "NANOS");
        s.setString(sessionId, "FileStorePath", storeDir.toString());
        // QuickFIX/J finds its data dictionary and message classes through the context class loader.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try {
            this.initiator = new SocketInitiator(new ApplicationAdapter(), new FileStoreFactory(s), s,
                    new SLF4JLogFactory(s), new quickfix.fix44.MessageFactory());
            initiator.start();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    public boolean isLoggedOn() {
        Session session = Session.lookupSession(sessionId);
        return session != null && session.isLoggedOn();
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report) {
        Session session = Session.lookupSession(sessionId);
        if (session == null || !session.isLoggedOn()) {
            return CompletableFuture.completedFuture(Outcome.retry("drop-copy session " + sessionId
                    + " not logged on"));
        }
        try {
            boolean sent = session.send(executionReport(report));
            return CompletableFuture.completedFuture(sent ? Outcome.acked()
                    : Outcome.retry("drop-copy session " + sessionId + " did not take the message"));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Outcome.retry(e.toString()));
        }
    }

    static Message executionReport(TransactionReport r) {
        Message m = new Message();
        m.getHeader().setString(MsgType.FIELD, MsgType.EXECUTION_REPORT);
        m.setString(37, r.venueOrderId() != null ? r.venueOrderId() : r.orderId());
        if (r.clientOrderId() != null) {
            m.setString(11, r.clientOrderId());
        }
        m.setString(17, r.execId());
        m.setString(527, r.reportId());
        m.setChar(150, 'F');
        m.setChar(39, '1');
        if (r.account() != null) {
            m.setString(1, r.account());
        }
        m.setString(55, r.symbol());
        m.setChar(54, r.side().fixCode());
        m.setString(32, r.quantity().toPlainString());
        m.setString(31, r.price().toPlainString());
        m.setString(14, r.quantity().toPlainString());
        m.setString(151, "0");
        m.setString(6, r.price().toPlainString());
        m.setString(30, r.venue());
        m.setUtcTimeStamp(60, LocalDateTime.ofInstant(r.executionTime(), ZoneOffset.UTC),
                UtcTimestampPrecision.NANOS);
        if (r.liquidity() != null && r.liquidity() != Liquidity.UNKNOWN) {
            m.setChar(851, switch (r.liquidity()) {
                case ADDED -> '1';
                case REMOVED -> '2';
                case ROUTED_OUT -> '3';
                default -> '4';
            });
        }
        return m;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void close() {
        initiator.stop(true);
    }
}
