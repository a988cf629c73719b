package io.tradeloom.vendor.csv.internal;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static io.tradeloom.vendor.csv.internal.TestSupport.config;
import static io.tradeloom.vendor.csv.internal.TestSupport.sample;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The real Camel file consumer on a temporary inbox, bars collected from direct:tradeloom.marketdata.in. */
public class CsvInboxRouteTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Bar> received = new CopyOnWriteArrayList<>();
    private final List<CsvFeed.Failure> deadLetters = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;
    private CsvFeed feed;
    private CsvConfig config;
    private volatile int failAfter = -1;

    @Before
    public void start() throws Exception {
        config = config(tmp.getRoot().toPath(), "layout", "yahoo");
        CsvVendor.createFolders(config, TestSupport.props());
        feed = new CsvFeed(config, Clock.systemUTC(), deadLetters::add);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.MARKETDATA_IN).routeId("collector")
                        .process(ex -> {
                            if (failAfter >= 0 && received.size() >= failAfter) {
                                throw new IllegalStateException("core is not taking bars");
                            }
                            received.add(ex.getMessage().getBody(Bar.class));
                        });
            }
        });
        camel.addRoutes(new CsvInboxRoute(feed));
        camel.start();
    }

    @After
    public void stop() {
        camel.stop();
    }

    /** Waits for the file consumer; the bound only keeps a broken build from hanging. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private void drop(String name, byte[] content) throws Exception {
        // Written elsewhere and moved in, as an uploader should; readLock=changed covers slow writers too.
        Path staging = tmp.getRoot().toPath().resolve(name + ".staging");
        Files.write(staging, content);
        Files.move(staging, config.inbox().resolve(name));
    }

    @Test
    public void goodFileIsSentAndMovedToDone() throws Exception {
        assertEquals("vendor-csv-csv", camel.getRoutes().stream().filter(r -> !r.getId().equals("collector"))
                .findFirst().orElseThrow().getId());
        drop("AAPL.csv", sample("AAPL.csv"));
        Path done = config.doneDir().resolve("AAPL.csv");
        await("AAPL.csv in done/", () -> Files.exists(done));
        await("file counted", () -> feed.filesDone() == 1);
        assertFalse(Files.exists(config.inbox().resolve("AAPL.csv")));
        assertEquals(6, received.size());
        assertEquals("AAPL", received.get(0).symbol());
        assertEquals("172.940002", received.get(0).open().toPlainString());
        assertEquals(6, feed.barsSent());
        assertEquals(VenueState.UP, feed.health().state());
        assertEquals("1 files, 6 bars", feed.health().detail());
        assertEquals("AAPL", feed.instruments().iterator().next().symbol());
        assertTrue(deadLetters.isEmpty());
        assertTrue(Files.list(config.errorDir()).findAny().isEmpty());
    }

    @Test
    public void badFileGoesToErrorWithReasonAndNothingIsSent() throws Exception {
        drop("AAPL.csv", sample("bad-number.csv"));
        Path reasonFile = config.errorDir().resolve("AAPL.csv.reason");
        await("AAPL.csv in error/", () -> Files.exists(config.errorDir().resolve("AAPL.csv")));
        assertTrue(Files.exists(reasonFile));
        String reason = Files.readString(reasonFile, StandardCharsets.UTF_8);
        assertTrue(reason, reason.startsWith("AAPL.csv line 7: column High value \"abc\" is not a number"));
        assertTrue(received.isEmpty());
        assertEquals(1, feed.filesFailed());
        assertEquals(0, feed.filesDone());
        assertFalse(Files.exists(config.doneDir().resolve("AAPL.csv")));
        assertEquals(1, deadLetters.size());
        assertEquals("csv", deadLetters.get(0).source());
        assertEquals("AAPL.csv line 7: column High value \"abc\" is not a number", deadLetters.get(0).reason());
        assertTrue(deadLetters.get(0).payload(), deadLetters.get(0).payload().contains(",abc,"));
        assertEquals(VenueState.DEGRADED, feed.health().state());
        assertTrue(feed.health().detail(), feed.health().detail().contains("line 7"));

        // The next good file makes the venue UP again.
        drop("MSFT.csv", sample("AAPL.csv"));
        await("MSFT.csv in done/", () -> Files.exists(config.doneDir().resolve("MSFT.csv")));
        await("file counted", () -> feed.filesDone() == 1);
        assertEquals(VenueState.UP, feed.health().state());
        assertEquals("1 files, 6 bars", feed.health().detail());
        assertEquals("MSFT", received.get(0).symbol());
    }

    @Test
    public void missingColumnAndInvalidBarAndEmptyFileGoToError() throws Exception {
        drop("AAPL.csv", sample("missing-high.csv"));
        drop("MSFT.csv", sample("high-below-close.csv"));
        drop("EMPTY.csv", new byte[0]);
        await("three .reason files", () -> Files.exists(config.errorDir().resolve("AAPL.csv.reason"))
                && Files.exists(config.errorDir().resolve("MSFT.csv.reason"))
                && Files.exists(config.errorDir().resolve("EMPTY.csv.reason")));
        await("three failures counted", () -> feed.filesFailed() == 3);
        await("three files in error/", () -> Files.exists(config.errorDir().resolve("AAPL.csv"))
                && Files.exists(config.errorDir().resolve("MSFT.csv"))
                && Files.exists(config.errorDir().resolve("EMPTY.csv")));
        assertTrue(Files.readString(config.errorDir().resolve("AAPL.csv.reason"))
                .startsWith("AAPL.csv line 1: column High is missing from the header"));
        assertTrue(Files.readString(config.errorDir().resolve("MSFT.csv.reason"))
                .startsWith("MSFT.csv line 3: column High value \"173.200000\" is invalid: below max(open, close)"));
        assertTrue(Files.readString(config.errorDir().resolve("EMPTY.csv.reason"))
                .startsWith("EMPTY.csv line 1: the file is empty"));
        assertTrue(received.isEmpty());
        assertEquals(3, deadLetters.size());
    }

    @Test
    public void filesThatAreNotCsvStayInTheInbox() throws Exception {
        drop("notes.md", "# not data".getBytes(StandardCharsets.UTF_8));
        drop("SPY.csv", sample("AAPL.csv"));
        await("SPY.csv in done/", () -> Files.exists(config.doneDir().resolve("SPY.csv")));
        assertTrue(Files.exists(config.inbox().resolve("notes.md")));
    }

    @Test
    public void deliveryFailureIsReported() throws Exception {
        failAfter = 2;
        drop("AAPL.csv", sample("AAPL.csv"));
        await("AAPL.csv.reason", () -> Files.exists(config.errorDir().resolve("AAPL.csv.reason")));
        await("AAPL.csv in error/", () -> Files.exists(config.errorDir().resolve("AAPL.csv")));
        String reason = Files.readString(config.errorDir().resolve("AAPL.csv.reason"));
        assertTrue(reason, reason.startsWith("AAPL.csv: delivery to direct:tradeloom.marketdata.in failed at bar 3"
                + " of 6 (2 were sent): core is not taking bars"));
        assertEquals(1, deadLetters.size());
        assertEquals(2, feed.barsSent());
        assertEquals(0, feed.filesDone());
        assertEquals(VenueState.DEGRADED, feed.health().state());
    }

    @Test
    public void sameNameAgainReplacesTheOlderFileInDone() throws Exception {
        drop("AAPL.csv", sample("AAPL.csv"));
        await("first file counted", () -> feed.filesDone() == 1);
        await("AAPL.csv in done/", () -> Files.exists(config.doneDir().resolve("AAPL.csv")));
        byte[] second = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-03-19,174.339996,176.600006,173.029999,176.080002,175.4,55215200\n"
                .getBytes(StandardCharsets.UTF_8);
        drop("AAPL.csv", second);
        await("second file counted", () -> feed.filesDone() == 2);
        await("inbox empty", () -> !Files.exists(config.inbox().resolve("AAPL.csv")));
        assertEquals(new String(second, StandardCharsets.UTF_8),
                Files.readString(config.doneDir().resolve("AAPL.csv"), StandardCharsets.UTF_8));
        assertEquals(7, received.size());
        assertEquals("2 files, 7 bars", feed.health().detail());
    }
}
