package io.tradeloom.broker.fix.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on its own loopback port: it accepts connections at once but passes bytes on to the target port
 * only after {@link #open()}. A FIX initiator connected to it has sent its Logon and waits for the answer, so its
 * venue is neither refused nor logged on until the test opens the gate.
 */
final class GatedRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    GatedRelay(int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        daemon("relay-accept", this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    void open() {
        gate.countDown();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                accepted.incrementAndGet();
                daemon("relay-connect", () -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try {
            gate.await();
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(upstream);
            daemon("relay-up", () -> pipe(client, upstream));
            pipe(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away: close both below.
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        gate.countDown();
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
