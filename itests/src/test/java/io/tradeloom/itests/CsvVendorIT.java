package io.tradeloom.itests;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.VenueView;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import static org.junit.Assert.assertTrue;

/** The CSV file-drop vendor as an operator uses it: install, configure, drop files. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CsvVendorIT extends TradeloomTestSupport {

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    DeadLetterQueue deadLetters;

    private Path base;

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        if (!features.isInstalled(features.getFeature("tradeloom-vendor-csv"))) {
            features.installFeature("tradeloom-vendor-csv");
        }
        base = karafBase().resolve("data/csv-itest");
        if (venues.venue("csv-itest").isEmpty()) {
            Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.vendor.csv", "itest", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("id", "csv-itest");
            p.put("layout", "yahoo");
            p.put("inbox", base.resolve("inbox").toString());
            p.put("done.dir", base.resolve("done").toString());
            p.put("error.dir", base.resolve("error").toString());
            c.update(p);
        }
        await("csv venue deployed", 20_000, () -> venues.venue("csv-itest").isPresent());
    }

    @Test
    public void goodFileIsDeliveredAndMovedToDoneBadFileGoesToErrorWithItsReason() throws Exception {
        long inBefore = venues.venue("csv-itest").map(VenueView::messagesIn).orElse(0L);
        Files.writeString(base.resolve("inbox/MSFT.csv"), "Date,Open,High,Low,Close,Adj Close,Volume\n"
                + "2024-03-11,403.76,405.68,401.26,404.52,402.10,16120800\n"
                + "2024-03-12,407.62,415.57,406.79,415.28,412.80,22457000\n");
        await("good file moved to done/", 15_000, () -> Files.exists(base.resolve("done/MSFT.csv")));
        await("its 2 bars reached the core", 10_000,
                () -> venues.venue("csv-itest").map(VenueView::messagesIn).orElse(0L) >= inBefore + 2);

        long lettersBefore = deadLetters.total();
        Files.writeString(base.resolve("inbox/AAPL.csv"), "Date,Open,High,Low,Close,Adj Close,Volume\n"
                + "2024-03-11,172.94,174.38,172.05,172.75,172.10,60139500\n"
                + "2024-03-12,173.15,abc,171.01,173.23,172.58,59825400\n");
        await("bad file moved to error/ with a reason", 15_000,
                () -> Files.exists(base.resolve("error/AAPL.csv")) && Files.exists(base.resolve("error/AAPL.csv.reason")));
        String reason = Files.readString(base.resolve("error/AAPL.csv.reason"));
        assertTrue(reason, reason.contains("AAPL.csv line 3") && reason.contains("High") && reason.contains("abc"));
        assertTrue("kept as a dead letter", deadLetters.total() > lettersBefore);
        assertTrue("the other venues keep running", venueUp("sim") && venueUp("paper"));
    }
}
