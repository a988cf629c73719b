package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The delivery state machine, retries and restart, with scripted senders (units; real senders elsewhere). */
public class TransmitterTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path file;
    private ReportStore store;
    private ReportingEngine engine;
    private final List<AutoCloseable> open = new ArrayList<>();

    static final Transmitter.Settings FAST = new Transmitter.Settings(4, 3, Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofSeconds(2));

    /** Answers by a script; records every report it was handed. */
    static class ScriptedSender implements Sender {
        final Queue<String> received = new ConcurrentLinkedQueue<>();
        final Function<TransactionReport, CompletionStage<Outcome>> script;

        ScriptedSender(Function<TransactionReport, CompletionStage<Outcome>> script) {
            this.script = script;
        }

        @Override
        public CompletionStage<Outcome> send(TransactionReport report) {
            received.add(report.reportId());
            return script.apply(report);
        }

        @Override
        public String target() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    @Before
    public void open() {
        file = tmp.getRoot().toPath().resolve("reports.mv");
        store = new ReportStore(file);
        engine = new ReportingEngine(store, Clock.systemUTC());
    }

    @After
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        store.close();
    }

    private Transmitter transmitter(String name, Sender sender, Transmitter.Settings s) {
        Transmitter t = new Transmitter(name, "test", sender, store, s, Clock.systemUTC());
        open.add(0, t);
        engine.attach(t);
        return t;
    }

    private DeliveryState state(String dest, String id) {
        return store.delivery(dest, id).map(Delivery::state).orElse(null);
    }

    @Test
    public void retriesUntilAckedAndKeepsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        transmitter("d", new ScriptedSender(r -> CompletableFuture.completedFuture(calls.incrementAndGet() < 3
                ? Outcome.retry("HTTP 500: busy") : Outcome.acked())), FAST);
        TransactionReport r = Fills.report(1);
        assertTrue(engine.report(r));
        Waits.until("ACKED", 10_000, () -> state("d", r.reportId()) == DeliveryState.ACKED);
        Delivery d = store.delivery("d", r.reportId()).orElseThrow();
        assertEquals(3, d.attempts());
        assertNull(d.lastError());
    }

    @Test
    public void rejectionIsFinalWithTheReasonAndResendRequeuesIt() {
        AtomicInteger calls = new AtomicInteger();
        transmitter("d", new ScriptedSender(r -> CompletableFuture.completedFuture(calls.incrementAndGet() == 1
                ? Outcome.rejected("HTTP 422: bad account") : Outcome.acked())), FAST);
        TransactionReport r = Fills.report(1);
        engine.report(r);
        Waits.until("REJECTED", 10_000, () -> state("d", r.reportId()) == DeliveryState.REJECTED);
        assertEquals("HTTP 422: bad account", store.delivery("d", r.reportId()).orElseThrow().lastError());
        assertEquals(1, calls.get());
        assertEquals(1, engine.resend(r.reportId(), null).size());
        Waits.until("ACKED after resend", 10_000, () -> state("d", r.reportId()) == DeliveryState.ACKED);
        assertEquals("an ACKED report is never resent", 0, engine.resend(r.reportId(), null).size());
        assertEquals(2, calls.get());
    }

    @Test
    public void failsAfterMaxAttempts() {
        transmitter("d", new ScriptedSender(r -> CompletableFuture.completedFuture(Outcome.retry("timeout"))),
                FAST);
        TransactionReport r = Fills.report(1);
        engine.report(r);
        Waits.until("FAILED", 10_000, () -> state("d", r.reportId()) == DeliveryState.FAILED);
        Delivery d = store.delivery("d", r.reportId()).orElseThrow();
        assertEquals(3, d.attempts());
        assertEquals("timeout", d.lastError());
    }

    @Test
    public void aReplayedExecutionIsReportedOnce() {
        ScriptedSender s = new ScriptedSender(r -> CompletableFuture.completedFuture(Outcome.acked()));
        transmitter("d", s, FAST);
        assertTrue(engine.report(Fills.report(1)));
        engine.onOrderEvent(Fills.fill("o1", "e1", "10", "101.25", Fills.T0.plusSeconds(60)));
        Waits.until("ACKED", 10_000, () -> state("d", Fills.report(1).reportId()) == DeliveryState.ACKED);
        assertEquals(1, engine.duplicatesIgnored());
        assertEquals(1, s.received.size());
    }

    @Test
    public void backoffDoublesUpToTheMaximum() {
        Transmitter t = transmitter("d", new ScriptedSender(r -> new CompletableFuture<>()),
                new Transmitter.Settings(1, 10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ZERO));
        assertEquals(100, t.backoff(1));
        assertEquals(200, t.backoff(2));
        assertEquals(800, t.backoff(4));
        assertEquals(1000, t.backoff(5));
        assertEquals(1000, t.backoff(40));
    }

    /**
     * A restart in the middle of a batch: the first transmitter acknowledges some reports, has others in flight
     * without an answer, and is closed with the store; the reopened ones send exactly the unacknowledged ones.
     */
    @Test
    public void restartMidBatchResumesWithoutLossOrResendOfAcked() throws Exception {
        restartMidBatch(new Transmitter.Settings(8, 5, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(100)), FAST);
    }

    /** The same with batched hand-overs (batch.max) and state changes committed every 20 ms. */
    @Test
    public void restartMidBatchResumesExactlyWithBatchedSendsAndCommits() throws Exception {
        Transmitter.Settings batched = new Transmitter.Settings(64, 5, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(100), 16, Duration.ofMillis(20));
        List<Integer> sizes = restartMidBatch(batched, batched.withBatchMax(50));
        assertTrue("resumed reports are handed over in batches: " + sizes, sizes.get(0) == 50);
    }

    /** Over several report groups and state blocks: the ACKED ones of every block stay ACKED. */
    @Test
    public void restartResumesExactlyAcrossGroupsAndStateBlocks() throws Exception {
        Transmitter.Settings batched = new Transmitter.Settings(4000, 5, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(100), 100, Duration.ofMillis(5));
        restartMidBatch(batched, batched, 2600, 1700);
    }

    /** @return the sizes of the hand-overs in the second life */
    private List<Integer> restartMidBatch(Transmitter.Settings firstLife, Transmitter.Settings secondLife)
            throws Exception {
        return restartMidBatch(firstLife, secondLife, 200, 120);
    }

    private List<Integer> restartMidBatch(Transmitter.Settings firstLife, Transmitter.Settings secondLife, int n,
                                          int ackedInFirstLife) throws Exception {
        Map<String, AtomicInteger> acks = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        // First life: acknowledges the first sends, then never answers again (the process "dies").
        ScriptedSender first = new ScriptedSender(r -> {
            if (answered.incrementAndGet() <= ackedInFirstLife) {
                acks.computeIfAbsent(r.reportId(), k -> new AtomicInteger()).incrementAndGet();
                return CompletableFuture.completedFuture(Outcome.acked());
            }
            return new CompletableFuture<>();
        });
        Transmitter t1 = new Transmitter("d", "test", first, store, firstLife, Clock.systemUTC());
        engine.attach(t1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TransactionReport r = Fills.report(i);
            ids.add(r.reportId());
            engine.report(r);
        }
        Waits.until(ackedInFirstLife + " acks", 10_000,
                () -> t1.counts().get(DeliveryState.ACKED) == ackedInFirstLife);
        engine.detach(t1);
        t1.close();
        store.close();

        store = new ReportStore(file);
        engine = new ReportingEngine(store, Clock.systemUTC());
        assertEquals(n, store.reportCount());
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedSender second = new ScriptedSender(r -> {
            acks.computeIfAbsent(r.reportId(), k -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.completedFuture(Outcome.acked());
        }) {
            @Override
            public List<CompletionStage<Outcome>> send(List<TransactionReport> reports, List<byte[]> json) {
                sizes.add(reports.size());
                return super.send(reports, json);
            }
        };
        Transmitter t2 = transmitter("d", second, secondLife);
        Waits.until("all acked", 10_000, () -> t2.counts().get(DeliveryState.ACKED) == n,
                () -> t2.counts().toString());
        assertEquals(n - ackedInFirstLife, second.received.size());
        // The counts are in memory at once; the store gets the state changes at the next batch commit.
        Waits.until("all ACKED in the store", 10_000,
                () -> store.deliveries("d").stream().allMatch(d -> d.state() == DeliveryState.ACKED));
        for (String id : ids) {
            assertEquals("acks of " + id, 1, acks.get(id).get());
            assertEquals(DeliveryState.ACKED, state("d", id));
        }
        assertEquals(0, t2.oldestPendingAgeMillis());
        return sizes;
    }

    @Test
    public void countsAndOldestPendingAge() {
        CompletableFuture<Outcome> gate = new CompletableFuture<>();
        Transmitter t = transmitter("d", new ScriptedSender(r -> gate), FAST);
        engine.report(Fills.report(1));
        engine.report(Fills.report(2));
        Waits.until("2 sent", 10_000, () -> t.counts().get(DeliveryState.SENT) == 2);
        assertTrue(t.oldestPendingAgeMillis() >= 0);
        assertTrue(t.info().counts().get(DeliveryState.ACKED) == 0);
        gate.complete(Outcome.acked());
        Waits.until("2 acked", 10_000, () -> t.counts().get(DeliveryState.ACKED) == 2);
        assertEquals(0, t.oldestPendingAgeMillis());
        // The worker records state changes in batches after counting them: the store catches up, never lags forever.
        Waits.until("2 acked in the store", 10_000,
                () -> engine.deliveries(DeliveryState.ACKED, "d", 10).size() == 2);
        assertEquals(0, engine.deliveries(DeliveryState.PENDING, null, 10).size());
    }
}
