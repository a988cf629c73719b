package io.tradeloom.broker.fix.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of our orders each ClOrdID belongs to, and the ClOrdID currently in force per order (it changes with
 * every accepted replace). Appended to a file beside the session's message store, so that execution reports
 * resent after a restart still find their order.
 */
final class ClOrdIdBook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClOrdIdBook.class);

    private final Map<String, String> orderByClOrdId = new ConcurrentHashMap<>();
    private final Map<String, String> currentByOrder = new ConcurrentHashMap<>();
    /** Copies of NewOrderSingles (MsgSeqNum@SendingTime) that must never be resent, with their ClOrdID. */
    private final Map<String, String> abandoned = new ConcurrentHashMap<>();
    private final BufferedWriter out;

    ClOrdIdBook(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] p = line.split(" ");
                if (p.length == 3 && p[0].equals("M")) {
                    orderByClOrdId.put(p[1], p[2]);
                    currentByOrder.putIfAbsent(p[2], p[1]);
                } else if (p.length == 3 && p[0].equals("C")) {
                    currentByOrder.put(p[2], p[1]);
                } else if (p.length == 3 && p[0].equals("A")) {
                    abandoned.put(p[1], p[2]);
                }
            }
            LOG.info("{}: {} ClOrdIDs of {} orders restored", file, orderByClOrdId.size(), currentByOrder.size());
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Records that {@code clOrdId} belongs to {@code orderId}; the first one becomes the current one. */
    void map(String clOrdId, String orderId) {
        orderByClOrdId.put(clOrdId, orderId);
        currentByOrder.putIfAbsent(orderId, clOrdId);
        // One line per ClOrdID on the hot path; reloading takes an order's first "M" line as its current one.
        write("M " + clOrdId + " " + orderId);
    }

    /** A replace was accepted: its ClOrdID is now the one to cancel or replace. */
    void current(String orderId, String clOrdId) {
        if (!clOrdId.equals(currentByOrder.put(orderId, clOrdId))) {
            write("C " + clOrdId + " " + orderId);
        }
    }

    /** A stored copy of a NewOrderSingle that must never go out (see {@link NewOrderCopies}). */
    void abandon(String copyKey, String clOrdId) {
        if (abandoned.put(copyKey, clOrdId) == null) {
            write("A " + copyKey + " " + clOrdId);
        }
    }

    boolean abandoned(String copyKey) {
        return abandoned.containsKey(copyKey);
    }

    String orderId(String clOrdId) {
        return clOrdId == null ? null : orderByClOrdId.get(clOrdId);
    }

    String current(String orderId) {
        return currentByOrder.get(orderId);
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            LOG.error("cannot record ClOrdID mapping '{}': {}", line, e.toString());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
