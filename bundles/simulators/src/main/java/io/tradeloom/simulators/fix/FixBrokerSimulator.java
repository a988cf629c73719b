package io.tradeloom.simulators.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tradeloom.simulators.fix.internal.AcceptorRuntime;
import io.tradeloom.simulators.fix.internal.SimulatorStats;

/**
 * A loopback FIX 4.4 broker for demos and tests: a QuickFIX/J acceptor that acknowledges, fills, cancels, replaces
 * and reports orders (see {@link FixSimulatorConfig} for the behaviour), with a {@link FaultProxy} in front of it
 * for fault injection. Everything binds 127.0.0.1 only.
 *
 * <p>{@link #start()} starts the acceptor on an internal ephemeral port and the proxy on
 * {@link FixSimulatorConfig#acceptPort()} (or a free port, see {@link #port()}); initiators connect to
 * {@link #port()}. {@link #stop()} and a later {@link #start()} reuse the same port and store directory: sequence
 * numbers continue, the order book is reloaded, and pending fills finish.
 *
 * <p>Thread-safe. Counters live as long as this object (across stop and start).
 */
public final class FixBrokerSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FixBrokerSimulator.class);

    private final FixSimulatorConfig config;
    private final SimulatorStats stats = new SimulatorStats();
    private final FaultProxy proxy;
    private AcceptorRuntime runtime; // guarded by this

    public FixBrokerSimulator(FixSimulatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.proxy = new FaultProxy(config.acceptPort(), 0);
    }

    public FixSimulatorConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * Starts the acceptor and the proxy (no-op when running).
     *
     * @throws IllegalStateException or {@link UncheckedIOException} when the port or the store cannot be used
     */
    public synchronized void start() {
        if (runtime != null) {
            return;
        }
        AcceptorRuntime r = new AcceptorRuntime(config, stats);
        int internalPort = r.start();
        proxy.setTargetPort(internalPort);
        try {
            proxy.start();
        } catch (IOException e) {
            r.stop(true);
            throw new UncheckedIOException("FIX simulator " + config.senderCompId() + ": " + e.getMessage(), e);
        }
        r.resume();
        runtime = r;
        LOG.info("FIX simulator {} listening on 127.0.0.1:{} ({} {} <- {}, store {}, acceptor on :{})",
                config.senderCompId(), proxy.port(), FixSimulatorConfig.BEGIN_STRING, config.senderCompId(),
                config.targetCompId(), config.storeDir().toAbsolutePath(), internalPort);
    }

    /**
     * Stops the acceptor (logging the initiator out if it can be reached) and the proxy; the order book and the
     * session store stay in {@link FixSimulatorConfig#storeDir()}. Fault settings (silent, refusing) are kept.
     */
    public synchronized void stop() {
        AcceptorRuntime r = runtime;
        if (r == null) {
            return;
        }
        runtime = null;
        proxy.stopListening(); // no new connections while the acceptor logs out and stops
        try {
            r.stop(proxy.isSilent() || proxy.openConnections() == 0);
        } finally {
            proxy.stop();
        }
        LOG.info("FIX simulator {} on 127.0.0.1:{} stopped", config.senderCompId(), proxy.port());
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return runtime != null;
    }

    /** The port initiators connect to: the actual one once started (also when configured as 0). */
    public int port() {
        return proxy.port();
    }

    public synchronized boolean isLoggedOn() {
        return runtime != null && runtime.isLoggedOn();
    }

    /** The MsgSeqNum of the simulator's next message (what the initiator expects next); -1 when stopped. */
    public synchronized int nextSenderSeqNum() {
        return runtime == null ? -1 : runtime.nextSenderSeqNum();
    }

    /** The MsgSeqNum the simulator expects next from the initiator; -1 when stopped. */
    public synchronized int nextTargetSeqNum() {
        return runtime == null ? -1 : runtime.nextTargetSeqNum();
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** The proxy in front of the acceptor, for finer control. */
    public FaultProxy faultProxy() {
        return proxy;
    }

    /** Closes every initiator connection now (no Logout); new connections are accepted. */
    public int dropConnections() {
        return proxy.dropConnections();
    }

    /** Keeps connections open but forwards nothing either way (no heartbeats): the initiator times out. */
    public void goSilent() {
        proxy.setSilent(true);
    }

    /** Ends {@link #goSilent()} (and {@link #refuseConnections(boolean)}). */
    public void resume() {
        proxy.setSilent(false);
        proxy.refuseConnections(false);
    }

    public boolean isSilent() {
        return proxy.isSilent();
    }

    /** While true, new connections are closed as soon as they are accepted. */
    public void refuseConnections(boolean refuse) {
        proxy.refuseConnections(refuse);
    }

    /** Writes raw bytes to every open initiator connection; returns the number of connections reached. */
    public int sendGarbage(byte[] bytes) {
        return proxy.injectToClient(bytes);
    }

    /**
     * Sends one kind of broken data built by {@link FixGarbage} with this simulator's CompIDs and next sequence
     * number. {@link FixGarbage.Kind#INVALID_EXECUTION_REPORT} is well framed, so it consumes that sequence
     * number (the initiator counts it and answers with a session Reject); the garbled kinds do not.
     *
     * @return the number of connections reached
     */
    public int sendGarbage(FixGarbage.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind == FixGarbage.Kind.INVALID_EXECUTION_REPORT) {
            return requireRuntime().injectWithSeqNum(
                    seq -> FixGarbage.build(kind, config.senderCompId(), config.targetCompId(), seq),
                    proxy::injectToClient);
        }
        return proxy.injectToClient(FixGarbage.build(kind, this));
    }

    /**
     * Writes a hand-made message (fields separated by SOH, see {@link FixGarbage#soh(String)}) as it is to every
     * open initiator connection; the simulator's sequence numbers are not touched.
     *
     * @return the number of connections reached
     */
    public int sendRaw(String fixMessageWithSoh) {
        return proxy.injectToClient(fixMessageWithSoh.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Makes the simulator forget the initiator's messages from {@code seqNum} on (as if they were lost): on its
     * next message the session sends a ResendRequest and the initiator resends them with PossDupFlag=Y. A resent
     * NewOrderSingle is counted as a duplicate and ignored.
     */
    public synchronized void requestResendFrom(int seqNum) {
        requireRuntime().rewindTargetSeqNum(seqNum);
    }

    /**
     * The next {@code n} NewOrderSingles are received (and counted) but lost inside the broker: never booked, never
     * answered; a status request for them is answered "unknown order". 0 ends it.
     */
    public void ignoreNextNewOrders(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        stats.ignoreNextNewOrders(n);
    }

    // ------------------------------------------------------------------------------------------------ book

    /** A snapshot of the order book (empty when stopped). */
    public synchronized List<SimulatedOrder> orders() {
        return runtime == null ? List.of() : runtime.orders();
    }

    /** The order known by {@code clOrdId} (any ClOrdID of its chain), if the simulator is running. */
    public Optional<SimulatedOrder> order(String clOrdId) {
        for (SimulatedOrder o : orders()) {
            if (o.clOrdIds().contains(clOrdId)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ counters

    /** NewOrderSingles with a ClOrdID not seen before. */
    public long newOrdersReceived() {
        return stats.newOrders();
    }

    /** NewOrderSingles whose ClOrdID was already known (resends with PossDupFlag included). */
    public long duplicateNewOrdersReceived() {
        return stats.duplicateNewOrders();
    }

    /**
     * Every NewOrderSingle received with this ClOrdID: fresh ones, duplicates, resends (PossDupFlag=Y) and
     * ignored ones. A test proves "no duplicate at the counterparty" with this.
     */
    public int newOrderSinglesReceived(String clOrdId) {
        return stats.newOrderSingles(clOrdId);
    }

    /** NewOrderSingles received as resends (PossDupFlag=Y). */
    public long possDupNewOrdersReceived() {
        return stats.possDupNewOrders();
    }

    /** Fills (ExecType F) sent for {@code orderId} ("S-n"). */
    public int fillsSent(String orderId) {
        return stats.fills(orderId);
    }

    /** Fills sent per OrderID. */
    public Map<String, Integer> fillsSentByOrderId() {
        return stats.fillsByOrderId();
    }

    /** Every message received (admin and application). */
    public long messagesIn() {
        return stats.messagesIn();
    }

    /** Every message sent (admin and application, resends included). */
    public long messagesOut() {
        return stats.messagesOut();
    }

    /** Session-level Rejects (35=3) received from the initiator. */
    public long sessionRejectsReceived() {
        return stats.sessionRejectsReceived();
    }

    /** Logons completed. */
    public long logons() {
        return stats.logons();
    }

    private synchronized AcceptorRuntime requireRuntime() {
        if (runtime == null) {
            throw new IllegalStateException("FIX simulator " + config.senderCompId() + " is not running");
        }
        return runtime;
    }

    @Override
    public String toString() {
        return "FixBrokerSimulator[" + config.senderCompId() + "<-" + config.targetCompId() + " on 127.0.0.1:"
                + port() + (isRunning() ? ", running" : ", stopped") + "]";
    }
}
