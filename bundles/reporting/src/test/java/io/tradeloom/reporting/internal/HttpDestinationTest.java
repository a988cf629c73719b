package io.tradeloom.reporting.internal;

import com.sun.net.httpserver.HttpServer;
import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The HTTP destination against a real loopback server that answers 500 then 200, times out, or rejects. */
public class HttpDestinationTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpServer server;
    private ReportStore store;
    private ReportingEngine engine;
    private Transmitter transmitter;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/flaky", ex -> {
            record(ex);
            respond(ex, calls.incrementAndGet() == 1 ? 500 : 200, "{\"ok\":" + (calls.get() > 1) + "}");
        });
        server.createContext("/reject", ex -> {
            record(ex);
            calls.incrementAndGet();
            respond(ex, 422, "{\"error\":\"unknown account ACC1\"}");
        });
        server.createContext("/slow", ex -> {
            record(ex);
            calls.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        store = new ReportStore(tmp.getRoot().toPath().resolve("reports.mv"));
        engine = new ReportingEngine(store, Clock.systemUTC());
    }

    private void record(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        idempotencyKeys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @After
    public void stop() {
        release.countDown();
        if (transmitter != null) {
            transmitter.close();
        }
        store.close();
        server.stop(0);
    }

    private void destination(String path, Duration timeout, int maxAttempts) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        transmitter = new Transmitter("http", "http", new HttpSender(uri, timeout, "Bearer s3cret"), store,
                new Transmitter.Settings(4, maxAttempts, Duration.ofMillis(50), Duration.ofMillis(200),
                        Duration.ofSeconds(1)), Clock.systemUTC());
        engine.attach(transmitter);
    }

    private Delivery delivery(TransactionReport r) {
        // A report is in the store once the engine's group commit wrote it, a few milliseconds after report().
        Waits.until("report stored", 10_000, () -> store.delivery("http", r.reportId()).isPresent());
        return store.delivery("http", r.reportId()).orElseThrow();
    }

    @Test
    public void serverErrorIsRetriedThenAcked() {
        destination("/flaky", Duration.ofSeconds(5), 5);
        TransactionReport r = Fills.report(1);
        engine.report(r);
        Waits.until("ACKED", 15_000, () -> delivery(r).state() == DeliveryState.ACKED);
        assertEquals(2, delivery(r).attempts());
        assertEquals(2, calls.get());
        assertEquals(new String(ReportCodec.json(r), StandardCharsets.UTF_8), bodies.get(1));
        assertEquals(List.of(r.reportId(), r.reportId()), idempotencyKeys);
    }

    @Test
    public void clientErrorIsRejectedWithTheReasonAndNotRetried() {
        destination("/reject", Duration.ofSeconds(5), 5);
        TransactionReport r = Fills.report(1);
        engine.report(r);
        Waits.until("REJECTED", 15_000, () -> delivery(r).state() == DeliveryState.REJECTED);
        assertEquals("HTTP 422: {\"error\":\"unknown account ACC1\"}", delivery(r).lastError());
        assertEquals(1, delivery(r).attempts());
        assertEquals(1, calls.get());
    }

    @Test
    public void timeoutsAreRetriedWithBackoffThenFailed() {
        destination("/slow", Duration.ofMillis(300), 3);
        TransactionReport r = Fills.report(1);
        engine.report(r);
        Waits.until("FAILED", 20_000, () -> delivery(r).state() == DeliveryState.FAILED);
        assertEquals(3, delivery(r).attempts());
        assertTrue(delivery(r).lastError(), delivery(r).lastError().contains("timeout after 300 ms"));
        // The server sees at least the first two; the last request may be abandoned before it is read.
        assertTrue("server calls " + calls.get(), calls.get() >= 2);
        assertTrue("credentials never in the state", !delivery(r).toString().contains("s3cret"));
    }
}
