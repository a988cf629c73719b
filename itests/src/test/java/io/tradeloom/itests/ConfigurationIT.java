package io.tradeloom.itests;

import io.tradeloom.core.api.VenueView;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.Assert.assertTrue;

/** Editing a venue's .cfg reconfigures it live; a bad value is logged with file, key and value, and ignored. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ConfigurationIT extends TradeloomTestSupport {

    @javax.inject.Inject
    org.osgi.service.cm.ConfigurationAdmin configAdmin;

    private Path simCfg;
    private Path paperCfg;
    private String simOriginal;
    private String paperOriginal;

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        simCfg = karafBase().resolve("etc/io.tradeloom.vendor.sim-default.cfg");
        paperCfg = karafBase().resolve("etc/io.tradeloom.broker.paper-default.cfg");
        simOriginal = Files.readString(simCfg);
        paperOriginal = Files.readString(paperCfg);
    }

    @After
    public void restore() throws Exception {
        letFileInstallSettle();
        // The venues may already show the old figures (a bad value changes nothing), so wait until Config Admin
        // holds the restored files, which is what the next test starts from. FileInstall can write a
        // configuration back over an edit made in the same second; if that happened, write them again.
        for (int attempt = 1; ; attempt++) {
            edit(simCfg, simOriginal);
            edit(paperCfg, paperOriginal);
            try {
                await("configuration restored", 8_000, () -> "200".equals(property("io.tradeloom.vendor.sim",
                        "ticks.per.second")) && "AAPL,MSFT,GOOG,AMZN,TSLA,SPY".equals(property(
                        "io.tradeloom.vendor.sim", "symbols")) && "0".equals(property("io.tradeloom.broker.paper",
                        "latency.ms")) && "1.0".equals(property("io.tradeloom.broker.paper", "partial.fill.ratio")));
                break;
            } catch (AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                letFileInstallSettle();
            }
        }
        await("sim back to 200 ticks/s", 15_000, () -> detail("sim").startsWith("200 ticks/s, 6 symbols"));
        await("paper back to latency 0", 15_000, () -> detail("paper").contains("latency 0ms"));
        letFileInstallSettle();
    }

    private String property(String factoryPid, String key) {
        try {
            org.osgi.service.cm.Configuration[] configs = configAdmin.listConfigurations(
                    "(service.factoryPid=" + factoryPid + ")");
            if (configs == null || configs.length != 1) {
                return null;
            }
            Object v = configs[0].getProperties().get(key);
            return v == null ? null : v.toString();
        } catch (Exception e) {
            return null;
        }
    }

    private String detail(String id) {
        return venues.venue(id).map(VenueView::detail).orElse("");
    }

    @Test
    public void editingTheFileReconfiguresTheVenueLive() throws Exception {
        edit(simCfg, simOriginal.replace("ticks.per.second = 200", "ticks.per.second = 120")
                .replace("symbols = AAPL,MSFT,GOOG,AMZN,TSLA,SPY", "symbols = AAPL,MSFT,GOOG,AMZN,TSLA,SPY,QQQ"));
        await("sim at 120 ticks/s with 7 symbols", 15_000, () -> detail("sim").equals("120 ticks/s, 7 symbols"));
        assertTrue("QQQ is now a known instrument", venues.instrument("QQQ").isPresent());
        letFileInstallSettle();

        edit(paperCfg, paperOriginal.replace("latency.ms = 0", "latency.ms = 5"));
        await("paper latency 5ms", 15_000, () -> detail("paper").contains("latency 5ms"));
    }

    @Test
    public void badValueIsRejectedNamingFileKeyAndValueAndPreviousConfigStays() throws Exception {
        edit(simCfg, simOriginal.replace("ticks.per.second = 200", "ticks.per.second = lots"));
        await("log names file, key and value", 15_000, () -> log().contains(
                "io.tradeloom.vendor.sim-default.cfg: ticks.per.second=lots not a whole number; the previous"
                        + " configuration of venue sim stays in force"));
        assertTrue(detail("sim"), detail("sim").startsWith("200 ticks/s"));
        assertTrue(venueUp("sim"));
        letFileInstallSettle();

        edit(paperCfg, paperOriginal.replace("partial.fill.ratio = 1.0", "partial.fill.ratio = 1.5"));
        await("log names file, key and value", 15_000, () -> log().contains(
                "io.tradeloom.broker.paper-default.cfg: partial.fill.ratio=1.5"));
        assertTrue(detail("paper"), detail("paper").contains("partial 1.0"));
        assertTrue(venueUp("paper"));
    }

    private static String log() {
        try {
            return karafLog();
        } catch (Exception e) {
            return "";
        }
    }
}
