package io.tradeloom.itests;

import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.simulators.polygon.PolygonSimulator;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The Polygon vendor installed as a feature in the container, streaming from the Polygon simulator (started by its
 * DS configuration in the same container, reached over loopback): quotes reach the core and tradeloom:quotes, and
 * after the simulator drops the connection the venue reconnects and resubscribes; a trade sequence gap (the simulator
 * leaves trades off the WebSocket) is backfilled from the simulator's REST trades once the venue is listed in
 * {@code sequence.gap.sources}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PolygonIT extends TradeloomTestSupport {

    private static final String VENUE = "polygon-itest";
    private static final String SYMBOL = "ZPOLY";

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    MarketDataService marketData;

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        if (!features.isInstalled(features.getFeature("tradeloom-vendor-polygon"))) {
            features.installFeature("tradeloom-vendor-polygon");
        }
        if (simulatorIfAny().isEmpty()) {
            Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.simulator.polygon", "itest", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("name", "itest");
            p.put("port", "0");
            p.put("api.key", "itest-key");
            p.put("symbols", SYMBOL + ",ZOTHER");
            p.put("rate", "200");
            c.update(p);
            await("Polygon simulator", 20_000, () -> simulatorIfAny().isPresent());
        }
        if (venues.venue(VENUE).isEmpty()) {
            PolygonSimulator sim = simulatorIfAny().orElseThrow();
            Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.vendor.polygon", "itest", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("id", VENUE);
            p.put("ws.url", sim.wsUrl());
            p.put("rest.url", sim.restUrl());
            p.put("api.key", "itest-key");
            p.put("channels", "Q,T");
            p.put("symbols", SYMBOL);
            p.put("reconnect.backoff.min.ms", "50");
            p.put("reconnect.backoff.max.ms", "500");
            p.put("silence.timeout.ms", "2000");
            c.update(p);
        }
        await("venue " + VENUE + " UP", 30_000, () -> venueUp(VENUE));
    }

    private Optional<PolygonSimulator> simulatorIfAny() {
        try {
            Collection<ServiceReference<PolygonSimulator>> refs = bundleContext.getServiceReferences(
                    PolygonSimulator.class, "(name=itest)");
            return refs.stream().findFirst().map(bundleContext::getService);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Quote> polygonQuote() {
        return marketData.latest(SYMBOL).filter(q -> q.source().equals(VENUE));
    }

    private long mbean(String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (Long) server.getAttribute(new ObjectName("io.tradeloom:type=vendor-polygon,name=\"" + VENUE + "\""),
                attribute);
    }

    @Test
    public void quotesReachTheCoreAndTheVenueReconnectsAfterADrop() throws Exception {
        await("a Polygon quote for " + SYMBOL, 20_000, () -> polygonQuote().isPresent());
        Quote q = polygonQuote().orElseThrow();
        assertTrue(q.bid().compareTo(q.ask()) < 0);
        String shown = shell("tradeloom:quotes " + SYMBOL);
        assertTrue(shown, shown.contains(SYMBOL) && shown.contains(VENUE));
        assertFalse("the key never reaches the shell", shell("tradeloom:venues").contains("itest-key"));

        PolygonSimulator sim = simulatorIfAny().orElseThrow();
        long reconnects = mbean("Reconnects");
        long connections = sim.connections();
        assertEquals(1, sim.drop());
        await("reconnected and resubscribed", 30_000, () -> {
            try {
                return mbean("Reconnects") > reconnects && sim.connections() > connections && venueUp(VENUE)
                        && sim.subscriptions().contains("Q." + SYMBOL);
            } catch (Exception e) {
                return false;
            }
        });
        Instant afterDrop = Instant.now();
        await("fresh quotes after the reconnect", 20_000,
                () -> polygonQuote().map(x -> x.receivedAt().isAfter(afterDrop)).orElse(false));
        assertTrue("the other venues keep running", venueUp("sim") && venueUp("paper"));
        assertEquals(0, mbean("Malformed"));
    }

    private long quality(String attribute) {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("io.tradeloom:type=feedquality,name=" + VENUE), attribute);
        } catch (Exception notYet) {
            return -1;
        }
    }

    @Test
    public void aTradeSequenceGapIsBackfilledFromTheSimulatorsRest() throws Exception {
        Configuration md = configAdmin.getConfiguration("io.tradeloom.marketdata", null);
        Dictionary<String, Object> saved = md.getProperties();
        Dictionary<String, Object> p = new Hashtable<>();
        if (saved != null) {
            for (java.util.Enumeration<String> keys = saved.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                p.put(k, saved.get(k));
            }
        }
        p.put("sequence.gap.sources", VENUE);
        md.update(p);
        try {
            PolygonSimulator sim = simulatorIfAny().orElseThrow();
            await("the quality MBean of " + VENUE, 20_000, () -> quality("TradesBackfilled") >= 0);
            // The new setting applies asynchronously: skip trades until a gap is backfilled (normally the first).
            long deadline = System.currentTimeMillis() + 30_000;
            while (quality("TradesBackfilled") < 3 && System.currentTimeMillis() < deadline) {
                long skipped = sim.tradesSkipped();
                sim.skipTrades(SYMBOL, 3);
                long until = System.currentTimeMillis() + 5_000;
                while (sim.tradesSkipped() < skipped + 3 && System.currentTimeMillis() < until) {
                    Thread.sleep(20);
                }
                until = System.currentTimeMillis() + 5_000;
                while (quality("TradesBackfilled") < 3 && System.currentTimeMillis() < until) {
                    Thread.sleep(20);
                }
            }
            assertTrue("trades backfilled: " + quality("TradesBackfilled"), quality("TradesBackfilled") >= 3);
            assertTrue(quality("TradeSequenceGaps") >= 1);
            assertEquals(0, quality("TradeBackfillDuplicates"));
            assertTrue("the venue stays up", venueUp(VENUE));
        } finally {
            p.remove("sequence.gap.sources");
            md.update(p);
        }
    }
}
