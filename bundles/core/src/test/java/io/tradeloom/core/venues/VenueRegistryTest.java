package io.tradeloom.core.venues;

import io.tradeloom.core.api.VenueListener;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.core.testing.FakeVenue;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

public class VenueRegistryTest {

    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private VenueRegistry registry;
    private final List<String> events = new ArrayList<>();

    @Before
    public void setUp() {
        registry = new VenueRegistry();
        registry.addListener(new VenueListener() {
            @Override
            public void venueAdded(Venue venue) {
                events.add("added:" + venue.id());
            }

            @Override
            public void venueRemoved(String venueId) {
                events.add("removed:" + venueId);
            }
        });
    }

    @After
    public void tearDown() {
        registry.deactivate();
    }

    private static ObjectName name(String id) throws Exception {
        return new ObjectName("io.tradeloom:type=venue,name=" + id);
    }

    private List<String> symbols() {
        return registry.instruments().stream().map(Instrument::symbol).collect(Collectors.toList());
    }

    @Test
    public void instrumentsAreTheUnionOfAllVenuesBySymbol() {
        Venues.deploy(registry, FakeVenue.broker("paper", "MSFT", "AAPL"), "b.paper");
        Venues.deploy(registry, FakeVenue.vendor("sim", "TSLA", "AAPL"), "b.sim");

        assertEquals("sorted, each symbol once", List.of("AAPL", "MSFT", "TSLA"), symbols());
        assertEquals("TSLA", registry.instrument("TSLA").orElseThrow().symbol());
        assertEquals("MSFT", registry.instrument("MSFT").orElseThrow().symbol());
        assertFalse(registry.instrument("NOPE").isPresent());
        assertFalse(registry.instrument(null).isPresent());
    }

    @Test
    public void instrumentsOfALeavingVenueLeaveWithIt() {
        FakeVenue sim = FakeVenue.vendor("sim", "TSLA");
        Venues.deploy(registry, FakeVenue.broker("paper", "AAPL"), "b.paper");
        Venues.deploy(registry, sim, "b.sim");
        Venues.undeploy(registry, sim);
        assertEquals(List.of("AAPL"), symbols());
        assertFalse(registry.instrument("TSLA").isPresent());
    }

    @Test
    public void aVenueWhoseInstrumentsFailDoesNotHideTheOthers() {
        Venues.deploy(registry, FakeVenue.broker("paper", "AAPL"), "b.paper");
        Venues.deploy(registry, FakeVenue.vendor("flaky").failInstruments(new IllegalStateException("feed down")),
                "b.flaky");
        assertEquals(List.of("AAPL"), symbols());
    }

    /**
     * instruments() tolerates a venue whose instruments() throws; instrument(symbol) must too, otherwise one broken
     * adapter makes every symbol lookup (and so every order to a broker without a symbol list) throw.
     */
    @Test
    public void instrumentLookupToleratesAVenueWhoseInstrumentsFail() {
        Venues.deploy(registry, FakeVenue.broker("paper", "AAPL"), "b.paper");
        Venues.deploy(registry, FakeVenue.vendor("flaky").failInstruments(new IllegalStateException("feed down")),
                "b.flaky");
        assertFalse(registry.instrument("NOPE").isPresent());
    }

    @Test
    public void venueIsListedAndExportedToJmxWhileDeployed() throws Exception {
        FakeVenue paper = FakeVenue.broker("paper", "AAPL");
        Venues.deploy(registry, paper, "io.tradeloom.broker.paper");

        assertTrue(mbeans.isRegistered(name("paper")));
        assertEquals("paper", mbeans.getAttribute(name("paper"), "Id"));
        assertEquals("BROKER", mbeans.getAttribute(name("paper"), "Kind"));
        assertEquals("fake", mbeans.getAttribute(name("paper"), "Adapter"));
        assertEquals("io.tradeloom.broker.paper", mbeans.getAttribute(name("paper"), "Bundle"));
        assertEquals("UP", mbeans.getAttribute(name("paper"), "State"));
        assertEquals("connected", mbeans.getAttribute(name("paper"), "Detail"));
        assertEquals(0L, mbeans.getAttribute(name("paper"), "MessagesIn"));
        assertEquals(-1L, mbeans.getAttribute(name("paper"), "LastMessageAgeMillis"));
        assertSame(paper, registry.adapter("paper").orElseThrow());
        assertEquals(List.of("added:paper"), events);

        Venues.undeploy(registry, paper);
        assertFalse(mbeans.isRegistered(name("paper")));
        assertFalse(registry.adapter("paper").isPresent());
        assertFalse(registry.venue("paper").isPresent());
        assertEquals(List.of("added:paper", "removed:paper"), events);
    }

    @Test
    public void deactivateUnregistersEveryMBean() throws Exception {
        Venues.deploy(registry, FakeVenue.broker("paper"), "b.paper");
        Venues.deploy(registry, FakeVenue.vendor("sim"), "b.sim");
        assertTrue(mbeans.isRegistered(name("paper")));
        assertTrue(mbeans.isRegistered(name("sim")));

        registry.deactivate();
        assertFalse(mbeans.isRegistered(name("paper")));
        assertFalse(mbeans.isRegistered(name("sim")));
        assertTrue(registry.venues().isEmpty());
    }

    @Test
    public void activityIsCountedPerVenueAndVisibleInViewAndJmx() throws Exception {
        Venues.deploy(registry, FakeVenue.broker("paper"), "b.paper");
        registry.received("paper");
        registry.received("paper");
        registry.sent("paper");
        registry.error("paper");
        registry.received("not-deployed"); // ignored, no failure

        VenueView v = registry.venue("paper").orElseThrow();
        assertEquals(2, v.messagesIn());
        assertEquals(1, v.messagesOut());
        assertEquals(1, v.errors());
        assertTrue(v.lastMessageAgeMillis() >= 0);
        assertEquals(2L, mbeans.getAttribute(name("paper"), "MessagesIn"));
        assertEquals(1L, mbeans.getAttribute(name("paper"), "MessagesOut"));
        assertEquals(1L, mbeans.getAttribute(name("paper"), "Errors"));
        assertFalse(registry.venue("not-deployed").isPresent());
    }

    @Test
    public void venuesAreSortedByKindThenId() {
        Venues.deploy(registry, FakeVenue.vendor("sim"), "b");
        Venues.deploy(registry, FakeVenue.broker("zeta"), "b");
        Venues.deploy(registry, FakeVenue.vendor("alpha"), "b");
        Venues.deploy(registry, FakeVenue.broker("beta"), "b");
        List<String> ids = registry.venues().stream().map(VenueView::id).collect(Collectors.toList());
        assertEquals(List.of("beta", "zeta", "alpha", "sim"), ids);
        assertEquals(VenueKind.BROKER, registry.venues().get(0).kind());
    }

    @Test
    public void failingHealthCheckShowsAsDown() throws Exception {
        Venues.deploy(registry, FakeVenue.broker("paper").failHealth(new IllegalStateException("socket gone")), "b");
        VenueView v = registry.venue("paper").orElseThrow();
        assertEquals(VenueState.DOWN, v.state());
        assertTrue(v.detail(), v.detail().contains("socket gone"));
        assertEquals("DOWN", mbeans.getAttribute(name("paper"), "State"));
    }

    @Test
    public void secondVenueWithTheSameIdIsIgnored() throws Exception {
        FakeVenue first = FakeVenue.broker("paper", "AAPL");
        FakeVenue second = FakeVenue.broker("paper", "TSLA");
        Venues.deploy(registry, first, "b.first");
        Venues.deploy(registry, second, "b.second");

        assertSame(first, registry.adapter("paper").orElseThrow());
        assertEquals("b.first", registry.venue("paper").orElseThrow().bundle());
        assertEquals("b.first", mbeans.getAttribute(name("paper"), "Bundle"));
        assertEquals(List.of("AAPL"), symbols());
        assertEquals("listeners hear of the first one only", List.of("added:paper"), events);
        assertEquals(1, registry.venues().size());

        // The ignored one leaving changes nothing.
        Venues.undeploy(registry, second);
        assertSame(first, registry.adapter("paper").orElseThrow());
        assertTrue(mbeans.isRegistered(name("paper")));
        assertEquals(List.of("added:paper"), events);
    }

    /**
     * The registry logs that a duplicate "is ignored until the first leaves": when the first leaves while the
     * second is still registered, the second must take over (DS will not call addVenue for it again).
     */
    @Test
    public void ignoredDuplicateTakesOverWhenTheFirstLeaves() throws Exception {
        FakeVenue first = FakeVenue.broker("paper", "AAPL");
        FakeVenue second = FakeVenue.broker("paper", "TSLA");
        Venues.deploy(registry, first, "b.first");
        Venues.deploy(registry, second, "b.second");

        Venues.undeploy(registry, first);

        assertSame(second, registry.adapter("paper").orElse(null));
        assertEquals("b.second", registry.venue("paper").orElseThrow().bundle());
        assertTrue(mbeans.isRegistered(name("paper")));
        assertEquals("b.second", mbeans.getAttribute(name("paper"), "Bundle"));
    }

    @Test
    public void removedListenerIsNoLongerTold() {
        List<String> heard = new ArrayList<>();
        VenueListener l = heard::add;
        registry.addListener(l);
        FakeVenue paper = FakeVenue.broker("paper");
        Venues.deploy(registry, paper, "b");
        registry.removeListener(l);
        Venues.undeploy(registry, paper);
        assertTrue(heard.isEmpty());
        assertEquals(List.of("added:paper", "removed:paper"), events);
    }

    @Test
    public void aFailingListenerDoesNotStopTheOthersFromHearingARemoval() {
        List<String> heard = new ArrayList<>();
        VenueRegistry r = new VenueRegistry();
        try {
            r.addListener(id -> {
                throw new IllegalStateException("listener broken");
            });
            r.addListener(heard::add);
            FakeVenue paper = FakeVenue.broker("paper");
            Venues.deploy(r, paper, "b");
            Venues.undeploy(r, paper);
            assertEquals(List.of("paper"), heard);
        } finally {
            r.deactivate();
        }
    }
}
