package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.DeliveryState;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import quickfix.ApplicationAdapter;
import quickfix.DefaultMessageFactory;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.field.MsgType;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.Assert.assertEquals;

/** Drop copies to a real QuickFIX/J acceptor started by the test. */
public class FixDropCopyTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SocketAcceptor acceptor;
    private Transmitter transmitter;
    private final List<Message> received = new CopyOnWriteArrayList<>();

    @After
    public void stop() {
        if (transmitter != null) {
            transmitter.close();
        }
        if (acceptor != null) {
            acceptor.stop(true);
        }
    }

    private int startAcceptor() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SessionID id = new SessionID("FIX.4.4", "DROPCOPY", "TRADELOOM");
        SessionSettings s = new SessionSettings();
        s.setString(id, "ConnectionType", "acceptor");
        s.setString(id, "SocketAcceptAddress", "127.0.0.1");
        s.setLong(id, "SocketAcceptPort", port);
        s.setString(id, "StartTime", "00:00:00");
        s.setString(id, "EndTime", "00:00:00");
        s.setString(id, "TimeZone", "UTC");
        s.setString(id, "UseDataDictionary", "Y");
        s.setString(id, "DataDictionary", "FIX44.xml");
        s.setString(id, "TimeStampPrecision", "NANOS");
        s.setString(id, "SocketReuseAddress", "Y");
        acceptor = new SocketAcceptor(new ApplicationAdapter() {
            @Override
            public void fromApp(Message message, SessionID sessionId) {
                received.add(message);
            }
        }, new MemoryStoreFactory(), s, new ScreenLogFactory(false, false, false), new DefaultMessageFactory());
        acceptor.start();
        return port;
    }

    private Message byExecId(String execId) throws Exception {
        for (Message m : received) {
            if (m.getString(17).equals(execId)) {
                return m;
            }
        }
        throw new AssertionError("no drop copy with ExecID " + execId + " in " + received);
    }

    @Test
    public void eachFillArrivesAsAValidExecutionReport() throws Exception {
        int port = startAcceptor();
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r.mv"))) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            FixDropCopySender sender = new FixDropCopySender("127.0.0.1", port, "TRADELOOM", "DROPCOPY", 30, 1,
                    tmp.getRoot().toPath().resolve("fix"));
            // Reports made before logon are retried until the session is up, not lost.
            transmitter = new Transmitter("dropcopy", "fix", sender, store, new Transmitter.Settings(1, 100,
                    Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)), Clock.systemUTC());
            engine.attach(transmitter);
            TransactionReport r1 = Fills.report(1);
            TransactionReport r2 = Fills.report(2);
            engine.report(r1);
            engine.report(r2);
            Waits.until("2 drop copies", 30_000, () -> received.size() == 2);
            Waits.until("2 ACKED", 10_000, () -> transmitter.counts().get(DeliveryState.ACKED) == 2);
            // Retries before logon may reorder them; drop copies are matched by ExecID.
            Message m = byExecId(r1.execId());
            assertEquals(MsgType.EXECUTION_REPORT, m.getHeader().getString(MsgType.FIELD));
            assertEquals(r1.execId(), m.getString(17));
            assertEquals(r1.reportId(), m.getString(527));
            assertEquals("V-o1", m.getString(37));
            assertEquals("cl-o1", m.getString(11));
            assertEquals('F', m.getChar(150));
            assertEquals("AAPL", m.getString(55));
            assertEquals('1', m.getChar(54));
            assertEquals(0, r1.quantity().compareTo(m.getDecimal(32)));
            assertEquals(0, r1.price().compareTo(m.getDecimal(31)));
            assertEquals("ACC1", m.getString(1));
            assertEquals('1', m.getChar(851));
            assertEquals(LocalDateTime.ofInstant(r1.executionTime(), ZoneOffset.UTC), m.getUtcTimeStamp(60));
            assertEquals(r2.reportId(), byExecId(r2.execId()).getString(527));
        }
    }
}
