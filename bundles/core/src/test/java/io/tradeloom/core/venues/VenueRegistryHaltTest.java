package io.tradeloom.core.venues;

import io.tradeloom.core.api.HaltScope;
import io.tradeloom.core.halt.HaltRegistry;
import io.tradeloom.core.testing.FakeVenue;
import io.tradeloom.domain.venue.VenueState;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class VenueRegistryHaltTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private VenueRegistry registry;
    private HaltRegistry halts;

    @Before
    public void setUp() {
        registry = new VenueRegistry();
        Venues.deploy(registry, FakeVenue.broker("paper", "AAPL"), "io.tradeloom.broker.paper");
        Venues.deploy(registry, FakeVenue.broker("fix-demo", "AAPL").health(VenueState.DEGRADED, "slow"),
                "io.tradeloom.broker.fix");
        halts = new HaltRegistry(tmp.getRoot().toPath().resolve("halts.properties"), false);
    }

    @After
    public void tearDown() {
        registry.deactivate();
        halts.deactivate();
    }

    private VenueState state(String id) {
        return registry.venue(id).orElseThrow().state();
    }

    private static ObjectName mbean(String id) throws Exception {
        return new ObjectName("io.tradeloom:type=venue,name=" + id);
    }

    @Test
    public void withoutAHaltServiceTheAdapterStateShows() {
        assertEquals(VenueState.UP, state("paper"));
        assertEquals(VenueState.DEGRADED, state("fix-demo"));
    }

    @Test
    public void aVenueHaltShowsHaltedInTheViewAndTheMBean() throws Exception {
        registry.setHaltService(halts);
        halts.halt(HaltScope.venue("paper"), "fat finger", false, "alice");

        assertEquals(VenueState.HALTED, state("paper"));
        assertEquals(VenueState.DEGRADED, state("fix-demo"));
        String detail = registry.venue("paper").orElseThrow().detail();
        assertTrue(detail, detail.startsWith("halted by operator: fat finger (halt venue paper since "));
        assertTrue(detail, detail.endsWith("by alice); adapter UP: connected"));
        assertEquals(VenueState.HALTED, registry.venues().stream().filter(v -> v.id().equals("paper"))
                .findFirst().orElseThrow().state());
        assertEquals("HALTED", mbeans.getAttribute(mbean("paper"), "State"));
        assertEquals("DEGRADED", mbeans.getAttribute(mbean("fix-demo"), "State"));

        halts.resume(HaltScope.venue("paper"));
        assertEquals(VenueState.UP, state("paper"));
        assertEquals("UP", mbeans.getAttribute(mbean("paper"), "State"));
        assertEquals("connected", mbeans.getAttribute(mbean("paper"), "Detail"));
    }

    @Test
    public void aGlobalHaltShowsEveryVenueHaltedButOtherScopesDoNot() throws Exception {
        registry.setHaltService(halts);
        halts.halt(HaltScope.symbol("AAPL"), "s", false, "op");
        halts.halt(HaltScope.account("paper"), "a", false, "op");
        assertEquals(VenueState.UP, state("paper"));

        halts.halt(HaltScope.all(), "everything", false, "op");
        assertEquals(VenueState.HALTED, state("paper"));
        assertEquals(VenueState.HALTED, state("fix-demo"));
        assertEquals("HALTED", mbeans.getAttribute(mbean("fix-demo"), "State"));

        registry.unsetHaltService(halts);
        assertEquals(VenueState.UP, state("paper"));
    }
}
