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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports and their per-destination delivery state in one H2 MVStore file. MVStore is a log-structured,
 * copy-on-write store: a commit appends a chunk, so a process that dies mid-write comes back with the last
 * committed version intact. Every new report is committed before it is handed to any destination, and every
 * batch of state changes is committed by the transmitter at most {@code commit.interval.ms} later, so a restart
 * resumes where it stopped: PENDING and SENT deliveries are sent again, ACKED/REJECTED/FAILED ones never.
 *
 * <p>Layout 3 (written since the issue 6 throughput work): one entry per group of reports, not per report, and
 * one entry per {@value StateBlock#SIZE} deliveries, not per delivery, so that the store costs a few puts per
 * thousand reports:
 * <ul>
 *   <li>{@code group.meta}: first seq -> the group's destinations, and each report's id and creation time
 *       ({@link ReportGroup}); a report's sequence number is the group's first seq + its index;</li>
 *   <li>{@code group.json}: first seq -> the JSON of every report of the group, as it was sent;</li>
 *   <li>{@code state.<destination>}: seq / {@value StateBlock#SIZE} -> the delivery states of that range
 *       ({@link StateBlock}). A report of a group that names the destination and has no entry here is PENDING
 *       with no attempt yet: a new report costs no state write at all.</li>
 * </ul>
 * The report id -> seq index that the duplicate check and the lookups by id need is kept in memory and rebuilt
 * from {@code group.meta} on open (50 to 100 bytes of heap per stored report). Stores of the earlier layouts
 * (1: {@code reports}, {@code seqs}; 2: {@code report.json}, {@code report.id}, {@code deliveries}) are migrated
 * when opened.
 */
public final class ReportStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);
    private static final char SEP = '\u0000';
    static final String STATE_PREFIX = "state.";

    private final MVStore store;
    private final MVMap<Long, byte[]> meta;
    private final MVMap<Long, byte[]> json;
    private final Map<String, MVMap<Long, byte[]>> states = new ConcurrentHashMap<>();
    /** report id -> seq, the whole store's; rebuilt on open. */
    private final IdIndex index = new IdIndex();
    private final Set<String> destinations = ConcurrentHashMap.newKeySet();
    private final Path file;
    private long seq;
    private volatile long count;

    public ReportStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        this.file = file;
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.meta = store.openMap("group.meta");
        this.json = store.openMap("group.json");
        migrateFirstLayout();
        migrateSecondLayout();
        long n = 0;
        for (Cursor<Long, byte[]> c = meta.cursor(null); c.hasNext(); ) {
            Long first = c.next();
            ReportGroup.Meta m = ReportGroup.Meta.decode(first, c.getValue());
            for (int i = 0; i < m.size(); i++) {
                index.putIfAbsent(m.ids()[i], first + i);
            }
            destinations.addAll(m.destinations());
            n += m.size();
            seq = Math.max(seq, first + m.size() - 1);
        }
        this.count = n;
        for (String name : store.getMapNames()) {
            if (name.startsWith(STATE_PREFIX)) {
                destinations.add(name.substring(STATE_PREFIX.length()));
            }
        }
    }

    public Path file() {
        return file;
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    /**
     * Takes the next sequence number for a new report id; -1 if the id is already known (a replayed execution is
     * reported once). The id counts as known from here on; {@link #release} undoes it if the report is not stored.
     */
    public synchronized long claim(String reportId) {
        long s = seq + 1;
        if (index.putIfAbsent(reportId, s) != 0) {
            return -1;
        }
        seq = s;
        return s;
    }

    /** Forgets a claimed id whose group was not stored, so that a replay of the fill is reported. */
    public void release(String reportId, long s) {
        index.remove(reportId, s);
    }

    /** Writes a group of new reports (two puts); visible at once, durable at the next {@link #commit()}. */
    void putGroup(ReportGroup g) {
        if (g.size == 0) {
            return;
        }
        json.put(g.firstSeq, g.jsonValue());
        meta.put(g.firstSeq, g.metaValue());
        destinations.addAll(g.destinations);
        count += g.size;
    }

    /**
     * Stores a new report with a PENDING delivery per destination and commits. Returns the new deliveries, or
     * null if the report id is already known.
     */
    public synchronized List<Delivery> add(TransactionReport report, Collection<String> destinations, Instant now) {
        List<Delivery> created = put(report, destinations, now);
        if (created != null) {
            store.commit();
        }
        return created;
    }

    /** As {@link #add} without the commit: one report as a group of its own (tests and tools; the engine groups). */
    public synchronized List<Delivery> put(TransactionReport report, Collection<String> destinations, Instant now) {
        long s = claim(report.reportId());
        if (s < 0) {
            return null;
        }
        ReportGroup g = new ReportGroup(s, List.copyOf(destinations), 1);
        g.add(report.reportId(), report, ReportCodec.json(report), now.toEpochMilli());
        try {
            putGroup(g);
        } catch (RuntimeException e) {
            release(report.reportId(), s);
            throw e;
        }
        List<Delivery> out = new ArrayList<>();
        for (String d : g.destinations) {
            out.add(new Delivery(s, report.reportId(), d, DeliveryState.PENDING, 0, null, now, now));
        }
        return out;
    }

    /** Writes one state change (read, change, write its block); visible at once, durable at the next commit. */
    public synchronized void put(Delivery d) {
        StateBlock b = loadBlock(d.destination(), StateBlock.indexOf(d.seq()));
        b.set(StateBlock.slot(d.seq()), d.state(), d.attempts(), d.updatedAt().toEpochMilli(), d.lastError());
        putBlock(d.destination(), b);
    }

    /** Writes a block of delivery states; visible at once, durable at the next commit. */
    void putBlock(String destination, StateBlock b) {
        stateMap(destination).put(b.index, b.encode());
        b.dirty = false;
    }

    public void commit() {
        store.commit();
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    private MVMap<Long, byte[]> stateMap(String destination) {
        return states.computeIfAbsent(destination, d -> store.openMap(STATE_PREFIX + d));
    }

    /**
     * The stored states of one block (entries never written are {@link StateBlock#NONE}), with the creation time
     * of every report of the range filled in; an empty block (creation times unset) if nothing is stored.
     */
    StateBlock loadBlock(String destination, long blockIndex) {
        byte[] v = stateMap(destination).get(blockIndex);
        if (v == null) {
            // Nothing stored: every entry gets its creation time when it is first set (markPending).
            return new StateBlock(blockIndex);
        }
        StateBlock b = StateBlock.decode(blockIndex, v);
        long from = b.firstSeq();
        long to = from + StateBlock.SIZE;
        Long k = meta.floorKey(from);
        if (k == null) {
            k = meta.ceilingKey(from);
        }
        for (Cursor<Long, byte[]> c = k == null ? null : meta.cursor(k); c != null && c.hasNext(); ) {
            Long first = c.next();
            if (first >= to) {
                break;
            }
            ReportGroup.Meta m = ReportGroup.Meta.decode(first, c.getValue());
            for (int i = 0; i < m.size(); i++) {
                long s = first + i;
                if (s >= from && s < to) {
                    b.created[StateBlock.slot(s)] = m.created()[i];
                }
            }
        }
        return b;
    }

    /** The stored JSON of the report with this sequence number, null if none. */
    public byte[] json(long s) {
        Long first = json.floorKey(s);
        if (first == null) {
            return null;
        }
        byte[] v = json.get(first);
        return v == null ? null : ReportGroup.jsonAt(v, (int) (s - first));
    }

    public Optional<TransactionReport> report(String reportId) {
        long s = index.get(reportId);
        byte[] b = s == 0 ? null : json(s);
        return b == null ? Optional.empty() : Optional.of(ReportCodec.fromJson(b));
    }

    private ReportGroup.Meta groupOf(long s) {
        Long first = meta.floorKey(s);
        if (first == null) {
            return null;
        }
        ReportGroup.Meta m = ReportGroup.Meta.decode(first, meta.get(first));
        return s < first + m.size() ? m : null;
    }

    public Optional<Delivery> delivery(String destination, String reportId) {
        long s = index.get(reportId);
        if (s == 0) {
            return Optional.empty();
        }
        ReportGroup.Meta m = groupOf(s);
        if (m == null) {
            return Optional.empty();
        }
        int i = (int) (s - m.firstSeq());
        byte[] v = stateMap(destination).get(StateBlock.indexOf(s));
        StateBlock b = v == null ? null : StateBlock.decode(StateBlock.indexOf(s), v);
        int slot = StateBlock.slot(s);
        if (b != null && b.code[slot] != StateBlock.NONE) {
            return Optional.of(new Delivery(s, reportId, destination, StateBlock.state(b.code[slot]),
                    b.attempts[slot], b.error(slot), Instant.ofEpochMilli(m.created()[i]),
                    Instant.ofEpochMilli(b.updated[slot])));
        }
        if (!m.destinations().contains(destination)) {
            return Optional.empty();
        }
        Instant created = Instant.ofEpochMilli(m.created()[i]);
        return Optional.of(new Delivery(s, reportId, destination, DeliveryState.PENDING, 0, null, created, created));
    }

    /** What {@link #scan} reports for each delivery of a destination. */
    interface DeliveryVisitor {
        void visit(long seq, String reportId, long createdMillis, DeliveryState state, int attempts,
                   long updatedMillis, String lastError);
    }

    /** Every delivery of one destination in creation order, decoded from the groups and state blocks. */
    void scan(String destination, DeliveryVisitor v) {
        MVMap<Long, byte[]> sm = stateMap(destination);
        StateBlock block = null;
        for (Cursor<Long, byte[]> c = meta.cursor(null); c.hasNext(); ) {
            Long first = c.next();
            ReportGroup.Meta m = ReportGroup.Meta.decode(first, c.getValue());
            boolean named = m.destinations().contains(destination);
            for (int i = 0; i < m.size(); i++) {
                long s = first + i;
                long bi = StateBlock.indexOf(s);
                if (block == null || block.index != bi) {
                    byte[] bv = sm.get(bi);
                    block = bv == null ? new StateBlock(bi) : StateBlock.decode(bi, bv);
                }
                int slot = StateBlock.slot(s);
                byte code = block.code[slot];
                if (code != StateBlock.NONE) {
                    v.visit(s, m.ids()[i], m.created()[i], StateBlock.state(code), block.attempts[slot],
                            block.updated[slot], block.error(slot));
                } else if (named) {
                    v.visit(s, m.ids()[i], m.created()[i], DeliveryState.PENDING, 0, m.created()[i], null);
                }
            }
        }
    }

    /** All deliveries of one destination in creation order. */
    public List<Delivery> deliveries(String destination) {
        List<Delivery> out = new ArrayList<>();
        scan(destination, (s, id, created, state, attempts, updated, error) -> out.add(new Delivery(s, id,
                destination, state, attempts, error, Instant.ofEpochMilli(created), Instant.ofEpochMilli(updated))));
        return out;
    }

    /** Every destination that has deliveries in the store. */
    public List<String> destinationsInStore() {
        return new ArrayList<>(new TreeSet<>(destinations));
    }

    /** Reports whose execution time is in [from, to), in sequence order. */
    public List<TransactionReport> reportsBetween(Instant from, Instant to) {
        List<TransactionReport> out = new ArrayList<>();
        for (Cursor<Long, byte[]> c = json.cursor(null); c.hasNext(); ) {
            c.next();
            for (byte[] b : ReportGroup.jsonAll(c.getValue())) {
                TransactionReport r = ReportCodec.fromJson(b);
                if (!r.executionTime().isBefore(from) && r.executionTime().isBefore(to)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    public long reportCount() {
        return count;
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

    // ---- migration of earlier layouts ------------------------------------------------------------------------

    /** Layout 1 kept reports by id ({@code reports} id -> JSON, {@code seqs} id -> seq): to layout 2 first. */
    private void migrateFirstLayout() {
        if (!store.hasMap("reports") || !store.hasMap("seqs")) {
            return;
        }
        MVMap<String, String> oldReports = store.openMap("reports");
        MVMap<String, Long> oldSeqs = store.openMap("seqs");
        MVMap<Long, byte[]> json2 = store.openMap("report.json");
        MVMap<Long, String> ids2 = store.openMap("report.id");
        long n = 0;
        for (var e : oldSeqs.entrySet()) {
            String v = oldReports.get(e.getKey());
            if (v != null) {
                json2.put(e.getValue(), v.getBytes(StandardCharsets.UTF_8));
                ids2.put(e.getValue(), e.getKey());
                n++;
            }
        }
        store.removeMap(oldReports);
        store.removeMap(oldSeqs);
        store.commit();
        LOG.info("reporting store {}: {} reports migrated from layout 1", file, n);
    }

    /**
     * Layout 2 ({@code report.json} seq -> JSON, {@code report.id} seq -> id, {@code deliveries}
     * {@code <destination>\0<seq, 19 digits>} -> {@code 2|STATE|attempts|created|updated|error} or layout 1's
     * {@code STATE|attempts|created|updated|id|error}): to groups and state blocks, every state kept as it was.
     */
    private void migrateSecondLayout() {
        if (!store.hasMap("report.id")) {
            return;
        }
        MVMap<Long, byte[]> json2 = store.openMap("report.json");
        MVMap<Long, String> ids2 = store.openMap("report.id");
        MVMap<String, String> deliveries2 = store.openMap("deliveries");
        // seq -> its deliveries, in destination order
        Map<Long, List<Delivery>> bySeq = new HashMap<>();
        for (Cursor<String, String> c = deliveries2.cursor(null); c.hasNext(); ) {
            String k = c.next();
            int sep = k.indexOf(SEP);
            String dest = k.substring(0, sep);
            long s = Long.parseLong(k.substring(sep + 1));
            bySeq.computeIfAbsent(s, x -> new ArrayList<>()).add(decodeSecondLayout(dest, s, c.getValue()));
        }
        Map<String, TreeMap<Long, StateBlock>> blocks = new HashMap<>();
        ReportGroup g = null;
        long n = 0;
        for (Cursor<Long, String> c = ids2.cursor(null); c.hasNext(); ) {
            long s = c.next();
            byte[] j = json2.get(s);
            if (j == null) {
                continue;
            }
            List<Delivery> ds = bySeq.getOrDefault(s, List.of());
            List<String> dests = ds.stream().map(Delivery::destination).sorted().toList();
            long created = ds.stream().mapToLong(d -> d.createdAt().toEpochMilli()).min().orElse(0);
            if (g == null || g.full() || g.nextSeq() != s || !g.destinations.equals(dests)) {
                if (g != null) {
                    putGroup(g);
                }
                g = new ReportGroup(s, dests, 1024);
            }
            g.add(c.getValue(), null, j, created);
            for (Delivery d : ds) {
                blocks.computeIfAbsent(d.destination(), x -> new TreeMap<>())
                        .computeIfAbsent(StateBlock.indexOf(s), StateBlock::new)
                        .set(StateBlock.slot(s), d.state(), d.attempts(), d.updatedAt().toEpochMilli(),
                                d.lastError());
            }
            n++;
        }
        if (g != null) {
            putGroup(g);
        }
        blocks.forEach((dest, m) -> m.values().forEach(b -> putBlock(dest, b)));
        store.removeMap(json2);
        store.removeMap(ids2);
        store.removeMap(deliveries2);
        if (store.hasMap("meta")) {
            store.removeMap(store.openMap("meta"));
        }
        count = 0; // recounted by the constructor
        store.commit();
        LOG.info("reporting store {}: {} reports migrated to the grouped layout (3)", file, n);
    }

    /** A delivery value of layout 2 (or of layout 1, which still carried the report id). */
    private Delivery decodeSecondLayout(String destination, long s, String v) {
        if (v.startsWith("2|")) {
            String[] p = v.substring(2).split("\\|", 5);
            return new Delivery(s, "?" + s, destination, DeliveryState.valueOf(p[0]), Integer.parseInt(p[1]),
                    p[4].isEmpty() ? null : p[4], Instant.ofEpochMilli(Long.parseLong(p[2])),
                    Instant.ofEpochMilli(Long.parseLong(p[3])));
        }
        String[] p = v.split("\\|", 6);
        return new Delivery(s, p[4], destination, DeliveryState.valueOf(p[0]), Integer.parseInt(p[1]),
                p[5].isEmpty() ? null : p[5], Instant.ofEpochMilli(Long.parseLong(p[2])),
                Instant.ofEpochMilli(Long.parseLong(p[3])));
    }
}
