package io.tradeloom.core.halt;

import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltResult;
import io.tradeloom.core.api.HaltScope;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.validation.ValidationException;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class HaltRegistryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HaltRegistry registry;

    @After
    public void tearDown() {
        if (registry != null) {
            registry.deactivate();
        }
    }

    private HaltRegistry registry() throws Exception {
        registry = new HaltRegistry(tmp.getRoot().toPath().resolve("tradeloom/halts.properties"), false);
        return registry;
    }

    /** Four orders that differ in one field each from the base: venue paper, AAPL, account acc1, strategy s1. */
    private static OrderRequest order(String venue, String symbol, String account, String strategy) {
        return OrderRequest.builder().venue(venue).symbol(symbol).account(account).strategy(strategy)
                .side(Side.BUY).quantity("1").build();
    }

    private static final OrderRequest BASE = order("paper", "AAPL", "acc1", "s1");
    private static final OrderRequest OTHER_VENUE = order("fix-demo", "AAPL", "acc1", "s1");
    private static final OrderRequest OTHER_SYMBOL = order("paper", "MSFT", "acc1", "s1");
    private static final OrderRequest OTHER_ACCOUNT = order("paper", "AAPL", "acc2", "s1");
    private static final OrderRequest OTHER_STRATEGY = order("paper", "AAPL", "acc1", null);

    private String halted(HaltService h) {
        return List.of(BASE, OTHER_VENUE, OTHER_SYMBOL, OTHER_ACCOUNT, OTHER_STRATEGY).stream()
                .map(r -> h.haltOf(r).isPresent() ? "H" : "-").collect(Collectors.joining());
    }

    @Test
    public void nothingIsHaltedAtFirst() throws Exception {
        assertEquals("-----", halted(registry()));
        assertTrue(registry.active().isEmpty());
    }

    @Test
    public void venueHaltCoversOnlyThatVenue() throws Exception {
        registry().halt(HaltScope.venue("paper"), "r", false, "op");
        // BASE, OTHER_SYMBOL, OTHER_ACCOUNT, OTHER_STRATEGY are at paper; OTHER_VENUE is not.
        assertEquals("H-HHH", halted(registry));
    }

    @Test
    public void symbolHaltCoversOnlyThatSymbol() throws Exception {
        registry().halt(HaltScope.symbol("aapl"), "r", false, "op");
        assertEquals("HH-HH", halted(registry));
        assertEquals("AAPL", registry.active().get(0).scope().value());
    }

    @Test
    public void accountHaltCoversOnlyThatAccount() throws Exception {
        registry().halt(HaltScope.account("acc1"), "r", false, "op");
        assertEquals("HHH-H", halted(registry));
    }

    @Test
    public void strategyHaltCoversOnlyThatStrategy() throws Exception {
        registry().halt(HaltScope.strategy("s1"), "r", false, "op");
        assertEquals("HHHH-", halted(registry));
    }

    @Test
    public void globalHaltCoversEverything() throws Exception {
        registry().halt(HaltScope.all(), "r", false, "op");
        assertEquals("HHHHH", halted(registry));
        assertTrue(registry.venueHalt("anything").isPresent());
    }

    @Test
    public void checkRejectsNamingScopeAndReason() throws Exception {
        registry().halt(HaltScope.venue("paper"), "fat finger", false, "op");
        try {
            registry.check(BASE);
            fail("expected a reject");
        } catch (ValidationException e) {
            assertEquals("order rejected: halt=venue paper: halted by operator: fat finger", e.getMessage());
        }
        registry.check(OTHER_VENUE);
    }

    @Test
    public void resumeLiftsExactlyOneHalt() throws Exception {
        registry().halt(HaltScope.venue("paper"), "a", false, "op");
        registry.halt(HaltScope.symbol("MSFT"), "b", false, "op");
        registry.halt(HaltScope.all(), "c", false, "op");
        assertEquals("HHHHH", halted(registry));

        assertTrue(registry.resume(HaltScope.all()).isPresent());
        assertEquals(List.of(HaltScope.venue("paper"), HaltScope.symbol("MSFT")),
                registry.active().stream().map(Halt::scope).toList());
        assertEquals("H-HHH", halted(registry));

        assertFalse("a scope that is not halted", registry.resume(HaltScope.venue("fix-demo")).isPresent());
        assertFalse("venue value must match", registry.resume(HaltScope.symbol("paper")).isPresent());
        assertEquals(2, registry.active().size());

        assertTrue(registry.resume(HaltScope.venue("paper")).isPresent());
        assertEquals("--H--", halted(registry));
        assertEquals(List.of(HaltScope.symbol("MSFT")), registry.active().stream().map(Halt::scope).toList());
    }

    @Test
    public void haltingAHaltedScopeKeepsTheFirstHalt() throws Exception {
        HaltResult first = registry().halt(HaltScope.venue("paper"), "first", false, "alice");
        HaltResult second = registry.halt(HaltScope.venue("paper"), "second", false, "bob");
        assertFalse(first.alreadyHalted());
        assertTrue(second.alreadyHalted());
        assertEquals("first", second.halt().reason());
        assertEquals("alice", second.halt().by());
        assertEquals(1, registry.active().size());
    }

    @Test
    public void venueHaltIsOnlyForVenueAndGlobalScopes() throws Exception {
        registry().halt(HaltScope.symbol("AAPL"), "r", false, "op");
        registry.halt(HaltScope.account("paper"), "r", false, "op");
        assertFalse(registry.venueHalt("paper").isPresent());
        registry.halt(HaltScope.venue("paper"), "r", false, "op");
        assertTrue(registry.venueHalt("paper").isPresent());
        assertFalse(registry.venueHalt("fix-demo").isPresent());
    }

    @Test
    public void haltsSurviveARestart() throws Exception {
        Path file = registry().file();
        registry.halt(HaltScope.venue("paper"), "venue = down: #1 \\ weird", false, "alice");
        registry.halt(HaltScope.symbol("MSFT"), null, false, null);
        registry.halt(HaltScope.account("acc1"), "acct", false, "bob");
        registry.halt(HaltScope.strategy("s1"), "strat", false, "bob");
        registry.halt(HaltScope.all(), "everything", false, "carol");
        registry.resume(HaltScope.account("acc1"));
        List<Halt> before = registry.active();
        assertTrue(Files.exists(file));
        registry.deactivate();

        registry = new HaltRegistry(file, false);
        assertEquals(before, registry.active());
        assertEquals("venue = down: #1 \\ weird", registry.active().get(0).reason());
        assertEquals("unknown", registry.active().get(1).by());
        assertEquals("HHHHH", halted(registry));

        registry.resume(HaltScope.all());
        registry.deactivate();
        registry = new HaltRegistry(file, false);
        assertEquals(3, registry.active().size());
        assertFalse(registry.venueHalt("fix-demo").isPresent());
    }

    @Test
    public void noFileMeansNoHalts() throws Exception {
        registry = new HaltRegistry(tmp.getRoot().toPath().resolve("absent/halts.properties"), false);
        assertTrue(registry.active().isEmpty());
    }

    @Test
    public void anUnreadableFileHaltsEverything() throws Exception {
        Path file = tmp.newFile("halts.properties").toPath();
        Files.writeString(file, "halt.0.scope=planet\nhalt.0.value=mars\n", StandardCharsets.UTF_8);
        registry = new HaltRegistry(file, false);
        assertEquals(1, registry.active().size());
        assertEquals(HaltScope.all(), registry.active().get(0).scope());
        assertTrue(registry.active().get(0).reason().contains("unreadable"));
        assertEquals("HHHHH", halted(registry));
    }

    @Test
    public void cancelOnHaltDefaultComesFromConfiguration() throws Exception {
        registry().modified(Map.of());
        assertTrue(registry.cancelByDefault());
        registry.modified(Map.of(HaltRegistry.CANCEL_ON_HALT, "false"));
        assertFalse(registry.cancelByDefault());
        registry.modified(Map.of(HaltRegistry.CANCEL_ON_HALT, "maybe"));
        assertFalse("a bad value keeps the previous one", registry.cancelByDefault());
    }

    @Test
    public void mbeanListsHaltsAndTakesHaltAndResume() throws Exception {
        registry = new HaltRegistry(tmp.getRoot().toPath().resolve("halts.properties"), true);
        registry.setCancelOnHalt(false);
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.tradeloom:type=halts");
        assertTrue(mbeans.isRegistered(name));

        Object summary = mbeans.invoke(name, "halt", new Object[]{"venue", "paper", "jmx test"},
                new String[]{String.class.getName(), String.class.getName(), String.class.getName()});
        assertTrue(String.valueOf(summary), String.valueOf(summary).startsWith("halted: venue paper"));
        String[] active = (String[]) mbeans.getAttribute(name, "ActiveHalts");
        assertEquals(1, active.length);
        assertTrue(active[0], active[0].startsWith("venue paper | since "));
        assertTrue(active[0], active[0].endsWith("| jmx test"));
        assertEquals(1, mbeans.getAttribute(name, "ActiveHaltCount"));

        mbeans.invoke(name, "halt", new Object[]{"all", "", "global"},
                new String[]{String.class.getName(), String.class.getName(), String.class.getName()});
        assertEquals(2, registry.active().size());
        mbeans.invoke(name, "resume", new Object[]{"venue", "paper"},
                new String[]{String.class.getName(), String.class.getName()});
        assertEquals(List.of(HaltScope.all()), registry.active().stream().map(Halt::scope).toList());

        registry.deactivate();
        assertFalse(mbeans.isRegistered(name));
        registry = null;
    }

    @Test
    public void scopesParseAsOperatorsTypeThem() {
        assertEquals(HaltScope.all(), HaltScope.of(null, null));
        assertEquals(HaltScope.all(), HaltScope.of("global", null));
        assertEquals(HaltScope.venue("paper"), HaltScope.of("VENUE", " paper "));
        assertEquals("symbol AAPL", HaltScope.of("symbol", "aapl").toString());
        try {
            HaltScope.of("venue", "");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("a venue halt needs a venue", e.getMessage());
        }
        try {
            HaltScope.of("planet", "mars");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("scope type planet"));
        }
    }
}
