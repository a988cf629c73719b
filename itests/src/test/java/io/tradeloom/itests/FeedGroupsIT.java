package io.tradeloom.itests;

import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.core.api.FeedService;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A feed group over two simulated vendors in the real container: only the active source reaches the normalized
 * stream; hot undeploy of the active source mid-stream fails over at once, a stalled source after the silence
 * limit, and the primary takes over again once healthy, with no duplicate or out-of-order tick at any switch;
 * the shell and JMX show it; an operator can force a switch; the consolidated stream runs beside it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class FeedGroupsIT extends TradeloomTestSupport {

    private static final String GROUP = "itest-feeds";

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    FeedService feeds;

    private final List<MarketDataEvent> heard = new CopyOnWriteArrayList<>();
    private final List<MarketDataEvent> consolidated = new CopyOnWriteArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final Map<String, Configuration> configs = new HashMap<>();

    private void sim(String id, String fault) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.vendor.sim", id, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("id", id);
        p.put("symbols", "FGX,FGY");
        p.put("ticks.per.second", "400");
        p.put("volatility.bps", "0.5");
        p.put("start.price", "100");
        p.put("fault", fault);
        c.update(p);
        configs.put(id, c);
    }

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        sim("fga", "none");
        sim("fgb", "none");
        Configuration g = configAdmin.getFactoryConfiguration("io.tradeloom.feedgroup", GROUP, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", GROUP);
        p.put("sources", "fga,fgb");
        p.put("symbols", "FGX,FGY");
        p.put("failback.healthy.ms", "1500");
        p.put("quality.threshold", "0.2");
        g.update(p);
        configs.put(GROUP, g);
        await("venues fga, fgb UP and group active on fga", 30_000,
                () -> venueUp("fga") && venueUp("fgb") && "fga".equals(group().active()));
        registrations.add(bundleContext.registerService(MarketDataListener.class, e -> {
            if (e.symbol().startsWith("FG")) {
                heard.add(e);
            }
        }, new Hashtable<>(Map.of(MarketDataListener.STREAM, MarketDataListener.NORMALIZED))));
        registrations.add(bundleContext.registerService(MarketDataListener.class, e -> {
            if (e.symbol().startsWith("FG")) {
                consolidated.add(e);
            }
        }, new Hashtable<>(Map.of(MarketDataListener.STREAM, MarketDataListener.CONSOLIDATED))));
    }

    @After
    public void tearDown() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        for (Configuration c : configs.values()) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test itself
            }
        }
        await("feed-test venues gone", 20_000, () -> venues.venue("fga").isEmpty() && venues.venue("fgb").isEmpty());
    }

    private FeedGroupView group() {
        return feeds.groups().stream().filter(g -> g.name().equals(GROUP)).findFirst().orElse(
                new FeedGroupView(GROUP, List.of(), List.of(), "", 0, null, "", false, Map.of(), 0, 0));
    }

    private long heardFrom(String source) {
        return heard.stream().filter(e -> e.source().equals(source)).count();
    }

    /** Per symbol and kind: time never goes back, and a tick at the same time from another source is a duplicate. */
    private void assertInOrderWithoutDuplicates() {
        Map<String, MarketDataEvent> last = new HashMap<>();
        for (MarketDataEvent e : heard) {
            MarketDataEvent prev = last.put(e.symbol() + '|' + e.getClass().getSimpleName(), e);
            if (prev != null) {
                assertTrue("out of order: " + e + " after " + prev, !e.timestamp().isBefore(prev.timestamp()));
                assertTrue("duplicate at a switch: " + e + " after " + prev,
                        prev.source().equals(e.source()) || e.timestamp().isAfter(prev.timestamp()));
            }
        }
    }

    private List<String> runs() {
        List<String> runs = new ArrayList<>();
        for (MarketDataEvent e : heard) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(e.source())) {
                runs.add(e.source());
            }
        }
        return runs;
    }

    @Test
    public void hotUndeployOfTheActiveSourceFailsOverAndTheReturnFailsBackInOrder() throws Exception {
        await("ticks from fga", 10_000, () -> heardFrom("fga") > 50);
        assertEquals(0, heardFrom("fgb"));
        assertTrue(group().droppedStandby() > 0);

        Instant removed = Instant.now();
        configs.remove("fga").delete(); // the active vendor leaves mid-stream
        await("failover to fgb", 5_000, () -> "fgb".equals(group().active()));
        assertEquals("venue fga not deployed", group().lastReason());
        assertTrue(!group().lastSwitch().isBefore(removed));
        await("ticks from fgb", 5_000, () -> heardFrom("fgb") > 50);

        sim("fga", "none"); // back: failback after failback.healthy.ms = 1500
        await("failback to fga", 15_000, () -> "fga".equals(group().active()));
        assertTrue(group().lastReason(), group().lastReason().startsWith("failback: fga healthy for"));
        long before = heardFrom("fga");
        await("ticks from fga again", 5_000, () -> heardFrom("fga") > before + 50);

        assertEquals(List.of("fga", "fgb", "fga"), runs());
        assertInOrderWithoutDuplicates();

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.tradeloom:type=feedgroup,name=" + GROUP);
        assertEquals("fga", server.getAttribute(name, "ActiveSource"));
        assertEquals(2L, server.getAttribute(name, "Switches"));
        assertTrue(((String) server.getAttribute(name, "LastSwitchReason")).startsWith("failback"));
        ObjectName quality = new ObjectName("io.tradeloom:type=feedquality,name=fgb");
        await("quality MBean of fgb", 5_000, () -> server.isRegistered(quality));
        double overall = (Double) server.getAttribute(quality, "Overall");
        assertTrue("fgb quality " + overall, overall > 0.5 && overall <= 1);

        String out = shell("tradeloom:feeds " + GROUP);
        assertTrue(out, out.matches("(?s).*" + GROUP + "\\s+\\|\\s+fga,fgb\\s+\\|\\s+fga\\s+\\|\\s+2\\s+\\|.*failback.*"));
        assertTrue(out, out.matches("(?s).*fgb\\s+\\|\\s+FGX\\s+\\|\\s+1\\.000\\s+\\|.*"));
        await("consolidated FGX quotes", 5_000, () -> consolidated.stream().anyMatch(e ->
                e.symbol().equals("FGX") && e.source().equals("consolidated")));
    }

    @Test
    public void aStalledSourceIsFailedOverAfterTheSilenceLimitAndAnOperatorCanForceASwitch() throws Exception {
        await("ticks from fga", 10_000, () -> heardFrom("fga") > 50);
        sim("fga", "silent"); // health stays UP, no ticks
        await("failover to fgb on silence", 10_000, () -> "fgb".equals(group().active()));
        assertTrue(group().lastReason(), group().lastReason().matches("source fga silent for \\d+ ms \\(limit 500 ms\\)"));
        await("ticks from fgb", 5_000, () -> heardFrom("fgb") > 50);

        sim("fga", "none");
        await("fga ticking again (standby)", 10_000,
                () -> group().sourceStatus().getOrDefault("fga", "").startsWith("OK"));
        String out = shell("tradeloom:feed-failover " + GROUP + " fgb"); // pin fgb: no failback
        assertTrue(out, out.contains("active source fgb -> fgb (forced by operator"));
        assertTrue(group().forced());
        out = shell("tradeloom:feed-failover " + GROUP + " fga");
        assertTrue(out, out.contains("active source fgb -> fga"));
        assertEquals("forced by operator", group().lastReason());
        long before = heardFrom("fga");
        await("ticks from fga after the forced switch", 5_000, () -> heardFrom("fga") > before + 50);
        out = shell("tradeloom:feed-failover " + GROUP + " nowhere");
        assertTrue(out, out.contains("source=nowhere: not a source of feed group " + GROUP));
        assertEquals(List.of("fga", "fgb", "fga"), runs());
        assertInOrderWithoutDuplicates();
    }
}
