package io.tradeloom.simulators.fix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain-Java loopback TCP proxy for fault injection, bound to 127.0.0.1 only. Clients (FIX initiators) connect
 * to {@link #port()}; each connection is relayed to 127.0.0.1:{@code targetPort} (the simulator's internal
 * acceptor) by two threads.
 *
 * <ul>
 * <li>{@link #dropConnections()} closes every open connection now; new ones are accepted.</li>
 * <li>{@link #setSilent(boolean)} keeps connections open but forwards nothing in either direction; bytes read
 * while silent are discarded, not buffered.</li>
 * <li>{@link #injectToClient(byte[])} writes raw bytes to the client side of every open connection. The
 * server-to-client relay forwards whole FIX messages only (framed by BodyLength), so an injection never lands in
 * the middle of a real message.</li>
 * <li>{@link #refuseConnections(boolean)}: while refusing, new connections are accepted and closed at once
 * (existing ones are left alone).</li>
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final int requestedPort;
    private volatile int targetPort;
    private volatile boolean silent;
    private volatile boolean refusing;
    private volatile ServerSocket server;
    private volatile int boundPort;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesDiscarded = new AtomicLong();
    private final AtomicLong connectionsAccepted = new AtomicLong();

    /**
     * @param listenPort the loopback port to listen on, 0 for a free one (kept for later {@link #start()}s)
     * @param targetPort the loopback port connections are relayed to (0: not known yet, connections are closed)
     */
    public FaultProxy(int listenPort, int targetPort) {
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listenPort=" + listenPort + ": must be 0..65535");
        }
        this.requestedPort = listenPort;
        this.boundPort = listenPort;
        setTargetPort(targetPort);
    }

    /** Binds 127.0.0.1:{@link #port()} and starts accepting. Again after {@link #stop()}: the same port. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        try {
            ss.bind(new InetSocketAddress(LOOPBACK, boundPort), 50);
        } catch (IOException e) {
            ss.close();
            throw new IOException("cannot listen on 127.0.0.1:" + boundPort + ": " + e.getMessage(), e);
        }
        boundPort = ss.getLocalPort();
        server = ss;
        Thread t = new Thread(() -> acceptLoop(ss), "fix-sim-proxy-accept-" + boundPort);
        t.setDaemon(true);
        t.start();
    }

    /** Closes the listening socket and every connection. */
    public synchronized void stop() {
        stopListening();
        dropConnections();
    }

    /** Closes the listening socket only: open connections stay (a graceful Logout can still pass). */
    public synchronized void stopListening() {
        ServerSocket ss = server;
        server = null;
        if (ss != null) {
            closeQuietly(ss);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return server != null;
    }

    /** The port clients connect to: the bound one once started, else the requested one (0 = not yet known). */
    public int port() {
        return boundPort;
    }

    /** The port asked for at construction (0 = any). */
    public int requestedPort() {
        return requestedPort;
    }

    public int targetPort() {
        return targetPort;
    }

    /** Where new connections are relayed to (the simulator's acceptor moves on a restart). */
    public void setTargetPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("targetPort=" + port + ": must be 0..65535 (0: not known yet)");
        }
        this.targetPort = port;
    }

    /** Closes every client connection now (both sides); new connections are accepted. */
    public int dropConnections() {
        int n = 0;
        for (Connection c : connections) {
            c.close("dropped by fault injection");
            n++;
        }
        if (n > 0) {
            LOG.info("FIX simulator proxy :{} dropped {} connection(s)", boundPort, n);
        }
        return n;
    }

    /** While silent nothing is forwarded in either direction; what arrives is discarded. */
    public void setSilent(boolean silent) {
        this.silent = silent;
        LOG.info("FIX simulator proxy :{} {}", boundPort, silent ? "is silent (forwarding nothing)" : "forwards again");
    }

    public boolean isSilent() {
        return silent;
    }

    /** While refusing, new connections are closed as soon as they are accepted. */
    public void refuseConnections(boolean refuse) {
        this.refusing = refuse;
        LOG.info("FIX simulator proxy :{} {}", boundPort, refuse ? "refuses new connections" : "accepts connections");
    }

    public boolean isRefusingConnections() {
        return refusing;
    }

    /**
     * Writes {@code raw} to the client (initiator) side of every open connection, between two whole messages of
     * the relayed stream. Ignores {@link #isSilent()}.
     *
     * @return the number of connections written to
     */
    public int injectToClient(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        int n = 0;
        for (Connection c : connections) {
            if (c.writeToClient(raw, 0, raw.length)) {
                n++;
            }
        }
        LOG.info("FIX simulator proxy :{} injected {} byte(s) into {} connection(s)", boundPort, raw.length, n);
        return n;
    }

    public int openConnections() {
        return connections.size();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public long bytesToClient() {
        return bytesToClient.get();
    }

    public long bytesToServer() {
        return bytesToServer.get();
    }

    /** Bytes read while silent and thrown away. */
    public long bytesDiscarded() {
        return bytesDiscarded.get();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket client;
            try {
                client = ss.accept();
            } catch (IOException e) {
                if (!ss.isClosed()) {
                    LOG.warn("FIX simulator proxy :{} accept failed: {}", boundPort, e.toString());
                }
                break;
            }
            connectionsAccepted.incrementAndGet();
            if (refusing || targetPort == 0) {
                LOG.info("FIX simulator proxy :{} refused a connection from {}", boundPort,
                        client.getRemoteSocketAddress());
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(LOOPBACK, targetPort), 5_000);
            } catch (IOException e) {
                LOG.warn("FIX simulator proxy :{} cannot reach the acceptor on :{}: {}", boundPort, targetPort,
                        e.toString());
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Connection c;
            try {
                c = new Connection(connectionIds.incrementAndGet(), client, upstream);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            connections.add(c);
            if (server != ss) { // stopped meanwhile
                c.close("proxy stopped");
                break;
            }
            c.start();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One relayed connection: client (initiator) <-> upstream (acceptor). */
    private final class Connection {
        private final int id;
        private final Socket client;
        private final Socket upstream;
        private final OutputStream toClient;
        private final OutputStream toUpstream;
        private final Object clientWriteLock = new Object();
        private volatile boolean closed;

        Connection(int id, Socket client, Socket upstream) throws IOException {
            this.id = id;
            this.client = client;
            this.upstream = upstream;
            this.toClient = client.getOutputStream();
            this.toUpstream = upstream.getOutputStream();
        }

        void start() {
            Thread up = new Thread(this::pumpClientToUpstream, "fix-sim-proxy-" + boundPort + "-" + id + "-in");
            Thread down = new Thread(this::pumpUpstreamToClient, "fix-sim-proxy-" + boundPort + "-" + id + "-out");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
            LOG.debug("FIX simulator proxy :{} connection {} from {} relayed to :{}", boundPort, id,
                    client.getRemoteSocketAddress(), targetPort);
        }

        private void pumpClientToUpstream() {
            byte[] buf = new byte[8192];
            try (InputStream in = client.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (silent) {
                        bytesDiscarded.addAndGet(n);
                        continue;
                    }
                    toUpstream.write(buf, 0, n);
                    toUpstream.flush();
                    bytesToServer.addAndGet(n);
                }
                close("client closed the connection");
            } catch (IOException e) {
                close(closed ? "closed" : "client side: " + e);
            }
        }

        private void pumpUpstreamToClient() {
            byte[] buf = new byte[8192];
            FixFramer framer = new FixFramer();
            try (InputStream in = upstream.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (silent) {
                        bytesDiscarded.addAndGet(n + framer.discard());
                        continue;
                    }
                    framer.append(buf, n);
                    byte[] whole = framer.takeCompleteMessages();
                    if (whole.length > 0 && !writeToClient(whole, 0, whole.length)) {
                        break;
                    }
                    bytesToClient.addAndGet(whole.length);
                }
                close("acceptor closed the connection");
            } catch (IOException e) {
                close(closed ? "closed" : "acceptor side: " + e);
            }
        }

        boolean writeToClient(byte[] data, int off, int len) {
            if (closed) {
                return false;
            }
            synchronized (clientWriteLock) {
                try {
                    toClient.write(data, off, len);
                    toClient.flush();
                    return true;
                } catch (IOException e) {
                    close("write to client: " + e);
                    return false;
                }
            }
        }

        void close(String why) {
            if (closed) {
                return;
            }
            closed = true;
            connections.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
            LOG.debug("FIX simulator proxy :{} connection {} closed: {}", boundPort, id, why);
        }
    }

    /**
     * Splits the acceptor's byte stream into whole FIX messages using BodyLength (9) and the 7-byte CheckSum
     * trailer. Bytes before a "8=" header (a stream resumed mid-message after a silent period) are dropped.
     */
    static final class FixFramer {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        void append(byte[] b, int n) {
            pending.write(b, 0, n);
        }

        /** Drops what is buffered; returns how many bytes were dropped. */
        int discard() {
            int n = pending.size();
            pending.reset();
            return n;
        }

        /** The complete messages buffered so far, in order; junk between them is dropped. */
        byte[] takeCompleteMessages() {
            byte[] data = pending.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            int pos = 0;
            int keepFrom;
            while (true) {
                int start = indexOf(data, pos, "8=");
                if (start < 0) {
                    // no header in the rest: junk, except a trailing '8' that may begin the next header
                    keepFrom = data.length > pos && data[data.length - 1] == '8' ? data.length - 1 : data.length;
                    break;
                }
                int soh1 = indexOf(data, start, "\u0001");
                if (soh1 < 0 || soh1 + 3 > data.length) {
                    keepFrom = start;
                    break;
                }
                if (data[soh1 + 1] != '9' || data[soh1 + 2] != '=') {
                    pos = start + 2;
                    continue;
                }
                int soh2 = indexOf(data, soh1 + 3, "\u0001");
                if (soh2 < 0) {
                    keepFrom = start;
                    break;
                }
                int bodyLength;
                try {
                    bodyLength = Integer.parseInt(
                            new String(data, soh1 + 3, soh2 - soh1 - 3, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    pos = start + 2;
                    continue;
                }
                int msgEnd = soh2 + 1 + bodyLength + 7; // "10=nnn<SOH>"
                if (msgEnd > data.length) {
                    keepFrom = start;
                    break;
                }
                out.write(data, start, msgEnd - start);
                pos = msgEnd;
            }
            pending.reset();
            pending.write(data, keepFrom, data.length - keepFrom);
            return out.toByteArray();
        }

        private static int indexOf(byte[] data, int from, String what) {
            byte[] w = what.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = Math.max(0, from); i <= data.length - w.length; i++) {
                for (int j = 0; j < w.length; j++) {
                    if (data[i + j] != w[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
