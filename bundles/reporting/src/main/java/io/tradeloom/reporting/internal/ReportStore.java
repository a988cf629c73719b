package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reports and their per-destination delivery state in one H2 MVStore file. MVStore is a log-structured,
 * copy-on-write store: a commit appends a chunk, so a process that dies mid-write comes back with the last
 * committed version intact. Every new report is committed before it is handed to any destination, and every
 * batch of state changes is committed before the transmitter goes on, so a restart resumes where it stopped:
 * PENDING and SENT deliveries are sent again, ACKED/REJECTED/FAILED ones never.
 *
 * <p>Keys: {@code reports} id -> JSON; {@code seqs} id -> sequence; {@code deliveries}
 * {@code <destination>\0<seq, 19 digits>} -> encoded {@link Delivery}.
 */
public final class ReportStore implements AutoCloseable {

    private static final char SEP = '\u0000';

    private final MVStore store;
    private final MVMap<String, String> reports;
    private final MVMap<String, Long> seqs;
    private final MVMap<String, String> deliveries;
    private final MVMap<String, Long> meta;
    private final Path file;

    public ReportStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        this.file = file;
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.reports = store.openMap("reports");
        this.seqs = store.openMap("seqs");
        this.deliveries = store.openMap("deliveries");
        this.meta = store.openMap("meta");
    }

    public Path file() {
        return file;
    }

    /**
     * Stores a new report with a PENDING delivery per destination and commits. Returns the new deliveries, or
     * null if the report id is already known (a replayed execution is reported once).
     */
    public synchronized List<Delivery> add(TransactionReport report, Collection<String> destinations, Instant now) {
        List<Delivery> created = put(report, destinations, now);
        if (created != null) {
            store.commit();
        }
        return created;
    }

    /**
     * As {@link #add} without the commit: visible at once (also to the duplicate check), durable at the next
     * {@link #commit()}. The engine's group commit uses it.
     */
    public synchronized List<Delivery> put(TransactionReport report, Collection<String> destinations, Instant now) {
        if (seqs.containsKey(report.reportId())) {
            return null;
        }
        long seq = meta.getOrDefault("seq", 0L) + 1;
        meta.put("seq", seq);
        reports.put(report.reportId(), new String(ReportCodec.json(report), StandardCharsets.UTF_8));
        seqs.put(report.reportId(), seq);
        List<Delivery> created = new ArrayList<>(destinations.size());
        for (String d : destinations) {
            Delivery delivery = new Delivery(seq, report.reportId(), d, DeliveryState.PENDING, 0, null, now, now);
            deliveries.put(key(d, seq), encode(delivery));
            created.add(delivery);
        }
        return created;
    }

    /** Writes a state change; visible at once, durable at the next {@link #commit()}. */
    public void put(Delivery d) {
        deliveries.put(key(d.destination(), d.seq()), encode(d));
    }

    public void commit() {
        store.commit();
    }

    public Optional<TransactionReport> report(String reportId) {
        String json = reports.get(reportId);
        return json == null ? Optional.empty()
                : Optional.of(ReportCodec.fromJson(json.getBytes(StandardCharsets.UTF_8)));
    }

    public Optional<Delivery> delivery(String destination, String reportId) {
        Long seq = seqs.get(reportId);
        if (seq == null) {
            return Optional.empty();
        }
        String v = deliveries.get(key(destination, seq));
        return v == null ? Optional.empty() : Optional.of(decode(destination, seq, v));
    }

    /** All deliveries of one destination in creation order. */
    public List<Delivery> deliveries(String destination) {
        List<Delivery> out = new ArrayList<>();
        String from = destination + SEP;
        Cursor<String, String> c = deliveries.cursor(from);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(from)) {
                break;
            }
            out.add(decode(destination, Long.parseLong(k.substring(from.length())), c.getValue()));
        }
        return out;
    }

    /** Every destination that has deliveries in the store. */
    public List<String> destinationsInStore() {
        List<String> out = new ArrayList<>();
        String k = deliveries.firstKey();
        while (k != null) {
            String d = k.substring(0, k.indexOf(SEP));
            out.add(d);
            k = deliveries.higherKey(d + (char) (SEP + 1));
        }
        return out;
    }

    /** Reports whose execution time is in [from, to), in sequence order. */
    public List<TransactionReport> reportsBetween(Instant from, Instant to) {
        List<TransactionReport> out = new ArrayList<>();
        for (var e : reports.entrySet()) {
            TransactionReport r = ReportCodec.fromJson(e.getValue().getBytes(StandardCharsets.UTF_8));
            if (!r.executionTime().isBefore(from) && r.executionTime().isBefore(to)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(r -> seqs.getOrDefault(r.reportId(), 0L)));
        return out;
    }

    public long reportCount() {
        return reports.sizeAsLong();
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }

    private static String key(String destination, long seq) {
        return destination + SEP + String.format("%019d", seq);
    }

    static String encode(Delivery d) {
        return d.state().name() + '|' + d.attempts() + '|' + d.createdAt().toEpochMilli() + '|'
                + d.updatedAt().toEpochMilli() + '|' + d.reportId() + '|'
                + (d.lastError() == null ? "" : d.lastError());
    }

    static Delivery decode(String destination, long seq, String v) {
        String[] p = v.split("\\|", 6);
        return new Delivery(seq, p[4], destination, DeliveryState.valueOf(p[0]), Integer.parseInt(p[1]),
                p[5].isEmpty() ? null : p[5], Instant.ofEpochMilli(Long.parseLong(p[2])),
                Instant.ofEpochMilli(Long.parseLong(p[3])));
    }
}
