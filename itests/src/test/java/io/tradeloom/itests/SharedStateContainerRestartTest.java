package io.tradeloom.itests;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A real restart of the whole container (bin/start, bin/stop, bin/start), driven through bin/client as an
 * operator would: orders and their client order ids come back from data/tradeloom, and resubmitting a known
 * client order id returns the existing order instead of creating a second one. A limit order resting at the paper
 * venue stays there across the restart (data/tradeloom/paper/paper.mv) and fills on the quotes after it.
 */
public class SharedStateContainerRestartTest {

    private static final Pattern ORDER_ID = Pattern.compile("\\bO[0-9A-Z]+-\\d{6}\\b");

    private UnpackedDistribution karaf;
    private Path home;

    @Before
    public void setUp() throws Exception {
        karaf = UnpackedDistribution.unpack("shared-state-restart-test");
        home = karaf.home;
    }

    @After
    public void tearDown() throws Exception {
        if (karaf != null) {
            try {
                karaf.stop(120_000);
            } catch (Exception | AssertionError e) {
                System.err.println("stop: " + e);
            }
        }
    }

    @Test
    public void ordersAndClientIdsSurviveARestartOfTheWholeContainer() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        karaf.start();
        awaitVenuesUp();
        String first = submit("rs-" + run + "-1");
        String second = submit("rs-" + run + "-2");
        // AAPL starts near 190: a buy limit at 100 rests at the paper venue.
        String resting = submit("rs-" + run + "-rest", "--type limit --price 100.00 --tif gtc");
        assertTrue("resting before the restart", orderLine(resting).contains("NEW"));
        Set<String> before = orderIds(karaf.client("tradeloom:orders --state all"));
        assertTrue(before + " has " + first + " and " + second, before.contains(first) && before.contains(second));

        karaf.stop(120_000);
        assertTrue("the durable file", Files.size(home.resolve("data/tradeloom/shared-state.mv.db")) > 0);
        assertTrue("the paper venue's file", Files.size(home.resolve("data/tradeloom/paper/paper.mv")) > 0);
        // The market comes back far lower: the first AAPL quotes after the start are below the resting limit.
        UnpackedDistribution.set(home.resolve("etc/io.tradeloom.vendor.sim-default.cfg"), "start.price.AAPL", "90.00");

        // The latency heap knob of bin/setenv: a wrong size stops the script with a message naming it; a right
        // one fixes the heap (committed = maximum, every page touched at start). The restart runs on it.
        assertEquals(1, karaf.start(java.util.Map.of("TRADELOOM_HEAP", "2x")));
        assertTrue(karaf.log(), karaf.log().contains("TRADELOOM_HEAP=2x: expected a size such as 2g or 1536m"));
        assertEquals(0, karaf.start(java.util.Map.of("TRADELOOM_HEAP", "448m")));
        awaitVenuesUp();
        String info = karaf.client("shell:info");
        long max = kbytes(info, "Maximum heap size");
        assertEquals(info, max, kbytes(info, "Committed heap size"));
        assertTrue(info, max > 400_000 && max <= 448 * 1024);
        Set<String> after = orderIds(karaf.client("tradeloom:orders --state all"));
        assertEquals("the same orders after the restart", before, after);
        // Only a venue that still has the order after its restart can fill it: a forgotten one never would.
        long deadline = System.currentTimeMillis() + 60_000;
        String line = orderLine(resting);
        while (!line.contains("FILLED") && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            line = orderLine(resting);
        }
        assertTrue("the resting order filled after the restart: " + line, line.contains("FILLED"));
        assertEquals("a known client order id returns the existing order", first, submit("rs-" + run + "-1"));
        assertEquals("and creates none", before, orderIds(karaf.client("tradeloom:orders --state all")));
        String third = submit("rs-" + run + "-3");
        assertTrue("a new client order id still makes a new order", !before.contains(third));
    }

    private String submit(String clientId) throws Exception {
        return submit(clientId, "");
    }

    private String submit(String clientId, String options) throws Exception {
        String out = karaf.client("tradeloom:order-submit --venue paper --side buy --qty 10 " + options
                + " --client-id " + clientId + " AAPL");
        Matcher m = ORDER_ID.matcher(out);
        assertTrue("an order id in: " + out, m.find());
        return m.group();
    }

    private String orderLine(String orderId) throws Exception {
        return karaf.client("tradeloom:orders --state all").lines().filter(l -> l.contains(orderId)).findFirst()
                .orElse("(no line for " + orderId + ")");
    }

    private static Set<String> orderIds(String out) {
        Set<String> ids = new TreeSet<>();
        Matcher m = ORDER_ID.matcher(out);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private void awaitVenuesUp() throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        String out = "";
        while (System.currentTimeMillis() < deadline) {
            out = karaf.client("tradeloom:venues");
            if (out.lines().anyMatch(l -> l.contains("paper") && l.contains("UP"))
                    && out.lines().anyMatch(l -> l.contains("sim") && l.contains("UP"))) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("venues paper and sim not UP after 300 s; last tradeloom:venues: " + out);
    }

    /** A "NAME   1,234 kbytes" line of shell:info (its labels are in bold: ANSI codes around them). */
    private static long kbytes(String info, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name)
                + "\\s+([\\d,.\\u00a0 ]+)\\s*kbytes").matcher(info.replaceAll("\u001B\\[[0-9;]*m", ""));
        assertTrue(name + " in " + info, m.find());
        return Long.parseLong(m.group(1).replaceAll("[^0-9]", ""));
    }
}
