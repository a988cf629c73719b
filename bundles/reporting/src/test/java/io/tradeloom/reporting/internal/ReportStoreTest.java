package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The sequence-keyed store layout: what a commit keeps, what a reopen rebuilds, and the first layout's upgrade. */
public class ReportStoreTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    public void committedReportsAndStatesSurviveACrashAndTheDuplicateCheckIsRebuilt() {
        Path file = tmp.getRoot().toPath().resolve("r.mv");
        TransactionReport a = Fills.report(1);
        TransactionReport b = Fills.report(2);
        TransactionReport c = Fills.report(3);
        try (ReportStore s = new ReportStore(file)) {
            List<Delivery> made = s.put(a, List.of("k", "h"), NOW);
            assertEquals(2, made.size());
            assertNotNull(s.put(b, List.of("k"), NOW));
            assertNull("same id again", s.put(a, List.of("k"), NOW));
            s.put(made.get(0).with(DeliveryState.ACKED, 1, null, NOW.plusSeconds(1)));
            s.commit();
            s.closeImmediately(); // a crash: no final commit
        }
        try (ReportStore s = new ReportStore(file)) {
            assertEquals(2, s.reportCount());
            assertEquals(a, s.report(a.reportId()).orElseThrow());
            assertTrue(s.report(c.reportId()).isEmpty());
            assertNull("the duplicate check knows the stored ids after a reopen", s.put(a, List.of("k"), NOW));
            Delivery ka = s.delivery("k", a.reportId()).orElseThrow();
            assertEquals(DeliveryState.ACKED, ka.state());
            assertEquals(1, ka.attempts());
            assertEquals(DeliveryState.PENDING, s.delivery("h", a.reportId()).orElseThrow().state());
            List<Delivery> k = s.deliveries("k");
            assertEquals(List.of(a.reportId(), b.reportId()), k.stream().map(Delivery::reportId).toList());
            // Sequence numbers go on after the last committed report.
            List<Delivery> again = s.put(c, List.of("k"), NOW);
            assertEquals(k.get(1).seq() + 1, again.get(0).seq());
        }
    }

    @Test
    public void aStoreOfTheFirstLayoutIsMigratedOnOpen() {
        Path file = tmp.getRoot().toPath().resolve("old.mv");
        TransactionReport a = Fills.report(1);
        TransactionReport b = Fills.report(2);
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<String, String> reports = old.openMap("reports");
        MVMap<String, Long> seqs = old.openMap("seqs");
        MVMap<String, String> deliveries = old.openMap("deliveries");
        MVMap<String, Long> meta = old.openMap("meta");
        reports.put(a.reportId(), new String(ReportCodec.json(a), StandardCharsets.UTF_8));
        reports.put(b.reportId(), new String(ReportCodec.json(b), StandardCharsets.UTF_8));
        seqs.put(a.reportId(), 1L);
        seqs.put(b.reportId(), 2L);
        meta.put("seq", 2L);
        deliveries.put("k\u0000" + String.format("%019d", 1), "ACKED|1|" + NOW.toEpochMilli() + "|"
                + NOW.toEpochMilli() + "|" + a.reportId() + "|");
        deliveries.put("k\u0000" + String.format("%019d", 2), "PENDING|2|" + NOW.toEpochMilli() + "|"
                + NOW.toEpochMilli() + "|" + b.reportId() + "|HTTP 503: busy|retry");
        old.close();

        try (ReportStore s = new ReportStore(file)) {
            assertEquals(2, s.reportCount());
            assertEquals(b, s.report(b.reportId()).orElseThrow());
            List<Delivery> k = s.deliveries("k");
            assertEquals(DeliveryState.ACKED, k.get(0).state());
            assertEquals(a.reportId(), k.get(0).reportId());
            assertEquals("HTTP 503: busy|retry", k.get(1).lastError());
            assertEquals(2, k.get(1).attempts());
            assertNull(s.put(a, List.of("k"), NOW));
            assertEquals(3, s.put(Fills.report(3), List.of("k"), NOW).get(0).seq());
            s.commit();
        }
        MVStore raw = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertFalse("the old maps are gone", raw.hasMap("reports") || raw.hasMap("seqs"));
        } finally {
            raw.close();
        }
    }

    @Test
    public void aStoreOfTheSecondLayoutIsMigratedWithEveryStateKept() {
        Path file = tmp.getRoot().toPath().resolve("v2.mv");
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<Long, byte[]> json = old.openMap("report.json");
        MVMap<Long, String> ids = old.openMap("report.id");
        MVMap<String, String> deliveries = old.openMap("deliveries");
        long t = NOW.toEpochMilli();
        int n = 700; // more than one state block
        for (int i = 1; i <= n; i++) {
            TransactionReport r = Fills.report(i);
            json.put((long) i, ReportCodec.json(r));
            ids.put((long) i, r.reportId());
            String state = i % 7 == 0 ? "REJECTED" : i % 5 == 0 ? "PENDING" : i % 3 == 0 ? "SENT" : "ACKED";
            String error = state.equals("REJECTED") ? "HTTP 422: no|pipe" : "";
            deliveries.put("k\u0000" + String.format("%019d", i), "2|" + state + "|" + (i % 4) + "|" + (t + i) + "|"
                    + (t + 2 * i) + "|" + error);
            if (i > 400) { // a destination added later
                deliveries.put("h\u0000" + String.format("%019d", i), "2|ACKED|1|" + (t + i) + "|" + (t + i) + "|");
            }
        }
        old.close();

        try (ReportStore s = new ReportStore(file)) {
            assertEquals(n, s.reportCount());
            List<Delivery> k = s.deliveries("k");
            assertEquals(n, k.size());
            for (int i = 1; i <= n; i++) {
                Delivery d = k.get(i - 1);
                String state = i % 7 == 0 ? "REJECTED" : i % 5 == 0 ? "PENDING" : i % 3 == 0 ? "SENT" : "ACKED";
                assertEquals("state of " + i, DeliveryState.valueOf(state), d.state());
                assertEquals(i, d.seq());
                assertEquals(Fills.report(i).reportId(), d.reportId());
                assertEquals(i % 4, d.attempts());
                assertEquals(Instant.ofEpochMilli(t + 2 * i), d.updatedAt());
                assertEquals(Instant.ofEpochMilli(t + i), d.createdAt());
                assertEquals(state.equals("REJECTED") ? "HTTP 422: no|pipe" : null, d.lastError());
            }
            assertEquals(300, s.deliveries("h").size());
            assertTrue(s.delivery("h", Fills.report(10).reportId()).isEmpty());
            assertEquals(DeliveryState.ACKED, s.delivery("h", Fills.report(401).reportId()).orElseThrow().state());
            assertEquals(Fills.report(650), s.report(Fills.report(650).reportId()).orElseThrow());
            assertNull("the duplicate check knows the migrated ids", s.put(Fills.report(3), List.of("k"), NOW));
            assertEquals(n + 1, s.put(Fills.report(n + 1), List.of("k"), NOW).get(0).seq());
            s.commit();
        }
        MVStore raw = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertFalse("the layout 2 maps are gone",
                    raw.hasMap("report.json") || raw.hasMap("report.id") || raw.hasMap("deliveries"));
        } finally {
            raw.close();
        }
    }

    @Test
    public void aStateBlockKeepsEveryFieldThroughEncoding() {
        StateBlock b = new StateBlock(3);
        long t = NOW.toEpochMilli();
        b.set(0, DeliveryState.ACKED, 1, t, null);
        b.set(7, DeliveryState.REJECTED, 2, t - 5000, "HTTP 400: bad \u00e9");
        b.set(8, DeliveryState.SENT, 300, t + 99, null);
        b.set(StateBlock.SIZE - 1, DeliveryState.FAILED, 10, t + 1, "timeout");
        StateBlock d = StateBlock.decode(3, b.encode());
        for (int i = 0; i < StateBlock.SIZE; i++) {
            assertEquals("code " + i, b.code[i], d.code[i]);
            if (b.code[i] != StateBlock.NONE) {
                assertEquals(b.attempts[i], d.attempts[i]);
                assertEquals(b.updated[i], d.updated[i]);
                assertEquals(b.error(i), d.error(i));
            }
        }
        assertEquals(1, d.open);
        assertEquals(DeliveryState.SENT, StateBlock.state(d.code[8]));
    }
}
