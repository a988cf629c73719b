package io.tradeloom.simulators.fix.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

import org.apache.mina.core.service.IoAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tradeloom.simulators.fix.FixSimulatorConfig;
import io.tradeloom.simulators.fix.SimulatedOrder;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.IncorrectDataFormat;
import quickfix.IncorrectTagValue;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SessionState;
import quickfix.ThreadedSocketAcceptor;
import quickfix.UnsupportedMessageType;
import quickfix.field.MsgType;
import quickfix.field.RefSeqNum;
import quickfix.field.SessionRejectReason;
import quickfix.field.Text;

/**
 * One run (start to stop) of the QuickFIX/J acceptor behind a simulator: the {@link ThreadedSocketAcceptor} on
 * 127.0.0.1 and an ephemeral port, its file store, and the {@link OrderEngine}. A restart is a new instance on the
 * same store directory.
 */
public final class AcceptorRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptorRuntime.class);

    private final FixSimulatorConfig config;
    private final SimulatorStats stats;
    private final SessionID sessionId;
    private OrderEngine engine;
    private ThreadedSocketAcceptor acceptor;
    private int port;

    public AcceptorRuntime(FixSimulatorConfig config, SimulatorStats stats) {
        this.config = config;
        this.stats = stats;
        this.sessionId = new SessionID(FixSimulatorConfig.BEGIN_STRING, config.senderCompId(),
                config.targetCompId());
    }

    /** Loads the order book and starts the acceptor; returns the acceptor's loopback port. */
    public int start() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // QuickFIX/J finds FIX44.xml and the message classes through the context class loader first
        Thread.currentThread().setContextClassLoader(AcceptorRuntime.class.getClassLoader());
        try {
            Files.createDirectories(config.storeDir());
            engine = new OrderEngine(config, stats, sessionId);
            SessionSettings settings = settings();
            acceptor = new ThreadedSocketAcceptor(new SimulatorApplication(), new FileStoreFactory(settings),
                    settings, new SLF4JLogFactory(settings), new quickfix.fix44.MessageFactory());
            acceptor.start();
            port = boundPort(acceptor);
            return port;
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("FIX simulator " + config.senderCompId() + ": " + e.getMessage(), e);
        } catch (ConfigError | RuntimeException e) {
            closeQuietly();
            throw new IllegalStateException("FIX simulator " + config.senderCompId() + " cannot start: " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Lets the engine send acks and fills (the pending ones first). */
    public void resume() {
        engine.resume();
    }

    /**
     * Pauses the engine, stops the acceptor (logging the initiator out unless {@code force}), then closes the
     * engine, which writes the order book a last time.
     */
    public void stop(boolean force) {
        if (engine != null) {
            engine.pause();
        }
        if (acceptor != null) {
            acceptor.stop(force);
            acceptor = null;
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void closeQuietly() {
        try {
            stop(true);
        } catch (RuntimeException e) {
            LOG.debug("cleanup after a failed start", e);
        }
    }

    public int port() {
        return port;
    }

    public boolean isLoggedOn() {
        Session s = Session.lookupSession(sessionId);
        return s != null && s.isLoggedOn();
    }

    /** The sequence number the simulator sends next (what the initiator expects), or -1 when stopped. */
    public int nextSenderSeqNum() {
        Session s = Session.lookupSession(sessionId);
        return s == null ? -1 : s.getExpectedSenderNum();
    }

    /** The sequence number the simulator expects next from the initiator, or -1 when stopped. */
    public int nextTargetSeqNum() {
        Session s = Session.lookupSession(sessionId);
        return s == null ? -1 : s.getExpectedTargetNum();
    }

    /**
     * Forgets what the initiator sent from {@code seqNum} on: the next message from it is "too high", the session
     * sends a ResendRequest and the initiator resends (PossDupFlag=Y).
     */
    public void rewindTargetSeqNum(int seqNum) {
        Session s = requireSession();
        int expected = s.getExpectedTargetNum();
        if (seqNum < 1 || seqNum >= expected) {
            throw new IllegalArgumentException("seqNum=" + seqNum + ": must be 1.." + (expected - 1)
                    + " (the next expected incoming sequence number is " + expected + ")");
        }
        try {
            s.setNextTargetMsgSeqNum(seqNum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a hand-made message that carries the next outgoing sequence number and then counts that number as
     * used, holding the session's sender lock so that no real message takes the number meanwhile.
     *
     * @param build  makes the bytes for a sequence number
     * @param writer writes them, returning the number of connections reached
     * @return the connections reached (the number is consumed only if at least one was)
     */
    public int injectWithSeqNum(IntFunction<byte[]> build, ToIntFunction<byte[]> writer) {
        Session s = requireSession();
        SessionState state = stateOf(s);
        if (state != null) {
            state.lockSenderMsgSeqNum();
        }
        try {
            int seq = s.getExpectedSenderNum();
            int reached = writer.applyAsInt(build.apply(seq));
            if (reached > 0) {
                s.getStore().incrNextSenderMsgSeqNum();
            }
            return reached;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (state != null) {
                state.unlockSenderMsgSeqNum();
            }
        }
    }

    public List<SimulatedOrder> orders() {
        return engine == null ? List.of() : engine.snapshot();
    }

    private Session requireSession() {
        Session s = Session.lookupSession(sessionId);
        if (s == null) {
            throw new IllegalStateException("FIX simulator " + config.senderCompId() + " is not running");
        }
        return s;
    }

    private static SessionState stateOf(Session s) {
        try {
            Field f = Session.class.getDeclaredField("state");
            f.setAccessible(true);
            return (SessionState) f.get(s);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no access to the session state, injecting without the sender lock: {}", e.toString());
            return null;
        }
    }

    private SessionSettings settings() {
        SessionSettings s = new SessionSettings();
        s.setString(sessionId, "ConnectionType", "acceptor");
        s.setString(sessionId, "SocketAcceptAddress", "127.0.0.1");
        s.setString(sessionId, "SocketAcceptPort", "0");
        s.setString(sessionId, "SocketReuseAddress", "Y");
        s.setString(sessionId, "SocketTcpNoDelay", "Y");
        s.setString(sessionId, "FileStorePath", config.storeDir().toAbsolutePath().toString());
        s.setString(sessionId, "FileStoreSync", "Y");
        s.setString(sessionId, "NonStopSession", "Y");
        s.setString(sessionId, "ResetOnLogon", "N");
        s.setString(sessionId, "ResetOnLogout", "N");
        s.setString(sessionId, "ResetOnDisconnect", "N");
        s.setString(sessionId, "RefreshOnLogon", "N");
        s.setString(sessionId, "PersistMessages", "Y");
        s.setString(sessionId, "UseDataDictionary", "Y");
        s.setString(sessionId, "DataDictionary", "FIX44.xml");
        // the simulator answers bad orders itself (ExecutionReport REJECTED with a text), not with session rejects
        s.setString(sessionId, "ValidateIncomingMessage", "N");
        s.setString(sessionId, "CheckLatency", "N");
        s.setString(sessionId, "TimeStampPrecision", "MILLIS");
        s.setString(sessionId, "SLF4JLogHeartbeats", "N");
        s.setString(sessionId, "SLF4JLogPrependSessionID", "Y");
        return s;
    }

    private static int boundPort(ThreadedSocketAcceptor acceptor) {
        for (IoAcceptor io : acceptor.getEndpoints()) {
            SocketAddress a = io.getLocalAddress();
            if (a instanceof InetSocketAddress isa && isa.getPort() > 0) {
                return isa.getPort();
            }
        }
        throw new IllegalStateException("the acceptor did not bind a port");
    }

    /** QuickFIX/J callbacks: counters, logging, and the application messages to the engine. */
    private final class SimulatorApplication implements Application {

        @Override
        public void onCreate(SessionID id) {
            LOG.debug("FIX simulator session {} created", id);
        }

        @Override
        public void onLogon(SessionID id) {
            stats.logons.incrementAndGet();
            LOG.info("FIX simulator {}: {} logged on", config.senderCompId(), id);
        }

        @Override
        public void onLogout(SessionID id) {
            LOG.info("FIX simulator {}: {} logged out", config.senderCompId(), id);
        }

        @Override
        public void toAdmin(Message message, SessionID id) {
            stats.messagesOut.incrementAndGet();
        }

        @Override
        public void fromAdmin(Message message, SessionID id)
                throws FieldNotFound, IncorrectDataFormat, IncorrectTagValue, RejectLogon {
            stats.messagesIn.incrementAndGet();
            if (MsgType.REJECT.equals(message.getHeader().getString(MsgType.FIELD))) {
                stats.sessionRejectsReceived.incrementAndGet();
                LOG.warn("FIX simulator {}: session Reject from the initiator: RefSeqNum={} reason={} text={}",
                        config.senderCompId(), opt(message, RefSeqNum.FIELD),
                        opt(message, SessionRejectReason.FIELD), opt(message, Text.FIELD));
            }
        }

        @Override
        public void toApp(Message message, SessionID id) {
            stats.messagesOut.incrementAndGet();
        }

        @Override
        public void fromApp(Message message, SessionID id)
                throws FieldNotFound, IncorrectDataFormat, IncorrectTagValue, UnsupportedMessageType {
            stats.messagesIn.incrementAndGet();
            String type = message.getHeader().getString(MsgType.FIELD);
            switch (type) {
                case MsgType.ORDER_SINGLE, MsgType.ORDER_CANCEL_REQUEST, MsgType.ORDER_CANCEL_REPLACE_REQUEST,
                        MsgType.ORDER_STATUS_REQUEST -> engine.onMessage(message);
                default -> throw new UnsupportedMessageType();
            }
        }

        private String opt(Message m, int tag) {
            try {
                return m.isSetField(tag) ? m.getString(tag) : "-";
            } catch (FieldNotFound e) {
                return "-";
            }
        }
    }
}
