package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports and their per-destination delivery state in one H2 MVStore file. MVStore is a log-structured,
 * copy-on-write store: a commit appends a chunk, so a process that dies mid-write comes back with the last
 * committed version intact. Every new report is committed before it is handed to any destination, and every
 * batch of state changes is committed before the transmitter goes on, so a restart resumes where it stopped:
 * PENDING and SENT deliveries are sent again, ACKED/REJECTED/FAILED ones never.
 *
 * <p>Every persistent key grows with the report's sequence number ({@code report.json} seq -> JSON bytes,
 * {@code report.id} seq -> report id, {@code deliveries} {@code <destination>\0<seq, 19 digits>} -> encoded
 * {@link Delivery}), so a batch of new reports or of state changes touches only the right-most pages of each
 * B-tree and a commit writes a few pages, not one page per report. (Keyed by the random report id, as before,
 * a commit of N reports rewrote up to N full leaf pages of about 48 reports each: that was the bottleneck.)
 * The report id -> seq index that the duplicate check and the lookups by id need is kept in memory and rebuilt
 * from {@code report.id} on open. A store of the earlier layout ({@code reports}, {@code seqs}) is migrated on
 * open.
 */
public final class ReportStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);
    private static final char SEP = '\u0000';

    private final MVStore store;
    private final MVMap<Long, byte[]> json;
    private final MVMap<Long, String> ids;
    private final MVMap<String, String> deliveries;
    private final MVMap<String, Long> meta;
    /** report id -> seq, the whole store's; rebuilt on open. */
    private final Map<String, Long> index = new ConcurrentHashMap<>();
    private final Path file;
    private long seq;

    public ReportStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        this.file = file;
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.json = store.openMap("report.json");
        this.ids = store.openMap("report.id");
        this.deliveries = store.openMap("deliveries");
        this.meta = store.openMap("meta");
        migrate();
        for (Cursor<Long, String> c = ids.cursor(null); c.hasNext(); ) {
            Long k = c.next();
            index.put(c.getValue(), k);
        }
        // The last report's seq (the first layout also kept it in meta; not written per report any more).
        Long last = ids.lastKey();
        this.seq = Math.max(meta.getOrDefault("seq", 0L), last == null ? 0L : last);
    }

    /** The first layout kept reports by id ({@code reports} id -> JSON, {@code seqs} id -> seq). */
    private void migrate() {
        if (!store.hasMap("reports") || !store.hasMap("seqs")) {
            return;
        }
        MVMap<String, String> oldReports = store.openMap("reports");
        MVMap<String, Long> oldSeqs = store.openMap("seqs");
        long n = 0;
        for (var e : oldSeqs.entrySet()) {
            String v = oldReports.get(e.getKey());
            if (v != null) {
                json.put(e.getValue(), v.getBytes(StandardCharsets.UTF_8));
                ids.put(e.getValue(), e.getKey());
                n++;
            }
        }
        store.removeMap(oldReports);
        store.removeMap(oldSeqs);
        store.commit();
        LOG.info("reporting store {}: {} reports migrated to the sequence-keyed layout", file, n);
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
    public List<Delivery> put(TransactionReport report, Collection<String> destinations, Instant now) {
        return put(report, ReportCodec.json(report), destinations, now);
    }

    /** As {@link #put(TransactionReport, Collection, Instant)} with the report's JSON already encoded. */
    public synchronized List<Delivery> put(TransactionReport report, byte[] reportJson,
                                           Collection<String> destinations, Instant now) {
        Long s = seq + 1;
        if (index.putIfAbsent(report.reportId(), s) != null) {
            return null;
        }
        try {
            json.put(s, reportJson);
            ids.put(s, report.reportId());
            List<Delivery> created = new ArrayList<>(destinations.size());
            for (String d : destinations) {
                Delivery delivery = new Delivery(s, report.reportId(), d, DeliveryState.PENDING, 0, null, now, now);
                deliveries.put(key(d, s), encode(delivery));
                created.add(delivery);
            }
            seq = s;
            return created;
        } catch (RuntimeException e) {
            // Not stored: the id must not count as reported, or a replay of the fill would be dropped.
            index.remove(report.reportId(), s);
            throw e;
        }
    }

    /** Writes a state change; visible at once, durable at the next {@link #commit()}. */
    public void put(Delivery d) {
        deliveries.put(key(d.destination(), d.seq()), encode(d));
    }

    public void commit() {
        store.commit();
    }

    /** The stored JSON of the report with this sequence number, null if none. */
    public byte[] json(long seq) {
        return json.get(seq);
    }

    public Optional<TransactionReport> report(String reportId) {
        Long s = index.get(reportId);
        byte[] b = s == null ? null : json.get(s);
        return b == null ? Optional.empty() : Optional.of(ReportCodec.fromJson(b));
    }

    public Optional<Delivery> delivery(String destination, String reportId) {
        Long seq = index.get(reportId);
        if (seq == null) {
            return Optional.empty();
        }
        String v = deliveries.get(key(destination, seq));
        return v == null ? Optional.empty() : Optional.of(decode(destination, seq, v, reportId));
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
            long s = Long.parseLong(k.substring(from.length()));
            out.add(decode(destination, s, c.getValue(), null));
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
        for (Cursor<Long, byte[]> c = json.cursor(null); c.hasNext(); ) {
            c.next();
            TransactionReport r = ReportCodec.fromJson(c.getValue());
            if (!r.executionTime().isBefore(from) && r.executionTime().isBefore(to)) {
                out.add(r);
            }
        }
        return out;
    }

    public long reportCount() {
        return json.sizeAsLong();
    }

    /** As a crash leaves it: no final commit (tests). */
    synchronized void closeImmediately() {
        store.closeImmediately();
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }

    private static String key(String destination, long seq) {
        String digits = Long.toString(seq);
        StringBuilder b = new StringBuilder(destination.length() + 20).append(destination).append(SEP);
        for (int i = digits.length(); i < 19; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }

    /**
     * {@code 2|STATE|attempts|created millis|updated millis|last error}: the report id is not repeated (it is in
     * {@code report.id}); values of the first layout ({@code STATE|attempts|created|updated|report id|error})
     * are still read.
     */
    static String encode(Delivery d) {
        return "2|" + d.state().name() + '|' + d.attempts() + '|' + d.createdAt().toEpochMilli() + '|'
                + d.updatedAt().toEpochMilli() + '|' + (d.lastError() == null ? "" : d.lastError());
    }

    /** @param reportId the report's id when the caller knows it, else null (looked up by seq) */
    private Delivery decode(String destination, long seq, String v, String reportId) {
        if (v.startsWith("2|")) {
            String[] p = v.substring(2).split("\\|", 5);
            String id = reportId != null ? reportId : ids.get(seq);
            return new Delivery(seq, id == null ? "?" + seq : id, destination, DeliveryState.valueOf(p[0]),
                    Integer.parseInt(p[1]), p[4].isEmpty() ? null : p[4], Instant.ofEpochMilli(Long.parseLong(p[2])),
                    Instant.ofEpochMilli(Long.parseLong(p[3])));
        }
        String[] p = v.split("\\|", 6);
        return new Delivery(seq, p[4], destination, DeliveryState.valueOf(p[0]), Integer.parseInt(p[1]),
                p[5].isEmpty() ? null : p[5], Instant.ofEpochMilli(Long.parseLong(p[2])),
                Instant.ofEpochMilli(Long.parseLong(p[3])));
    }
}
