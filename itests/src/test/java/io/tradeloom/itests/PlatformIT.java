package io.tradeloom.itests;

import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/** The distribution boots, every command answers as documented, and JMX shows the same figures. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PlatformIT extends TradeloomTestSupport {

    private static final Pattern ORDER_ID = Pattern.compile("^(O[0-9A-Z]+-\\d{6})$", Pattern.MULTILINE);

    @Inject
    OrderService orders;

    @Inject
    MarketDataService marketData;

    @Inject
    CamelRuntime camel;

    @Before
    public void up() {
        awaitDefaultVenuesUp();
        await("a quote for AAPL", 10_000, () -> marketData.latest("AAPL").isPresent());
    }

    @Test
    public void everyTradeloomBundleIsActive() {
        java.util.Set<String> ours = new java.util.TreeSet<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.tradeloom")) {
                ours.add(b.getSymbolicName());
                assertEquals(b.getSymbolicName() + " state", Bundle.ACTIVE, b.getState());
            }
        }
        assertTrue(ours.toString(), ours.containsAll(java.util.List.of("io.tradeloom.domain",
                "io.tradeloom.camel.runtime", "io.tradeloom.core", "io.tradeloom.shell", "io.tradeloom.vendor.sim",
                "io.tradeloom.broker.paper")));
    }

    @Test
    public void venuesCommandListsBothDefaultVenuesUp() {
        String out = shell("tradeloom:venues");
        assertTrue(out, out.matches("(?s).*paper\\s+\\|\\s+broker\\s+\\|\\s+io.tradeloom.broker.paper\\s+\\|\\s+UP.*"));
        assertTrue(out, out.matches("(?s).*sim\\s+\\|\\s+vendor\\s+\\|\\s+io.tradeloom.vendor.sim\\s+\\|\\s+UP.*"));
        assertTrue(out, out.contains("Last msg"));
    }

    @Test
    public void quotesCommandShowsLatestQuoteWithSourceAndAge() {
        String out = shell("tradeloom:quotes AAPL MSFT");
        assertTrue(out, out.matches("(?s).*AAPL\\s+\\|\\s+\\d+\\s+\\|\\s+[0-9.]+\\s+\\|\\s+[0-9.]+\\s+\\|\\s+\\d+\\s+\\|\\s+sim\\s+\\|.*"));
        assertTrue(out, out.contains("MSFT"));
        assertFalse(out, out.contains("TSLA"));
    }

    @Test
    public void submitLimitOrderPrintsIdAndOrdersShowsIt() {
        String out = shell("tradeloom:order-submit --venue paper --side buy --qty 100 --type limit --price 1.25"
                + " --tif day AAPL");
        Matcher m = ORDER_ID.matcher(out.trim());
        assertTrue("an order id, got: " + out, m.find());
        String id = m.group(1);
        Order o = orders.order(id).orElseThrow();
        assertEquals(OrderStatus.NEW, o.status());
        String list = shell("tradeloom:orders");
        assertTrue(list, list.matches("(?s).*" + id + "\\s+\\|\\s+paper\\s+\\|\\s+AAPL\\s+\\|\\s+BUY\\s+\\|\\s+LIMIT\\s+\\|"
                + "\\s+DAY\\s+\\|\\s+100\\s+\\|\\s+1.25\\s+\\|\\s+NEW\\s+\\|\\s+0\\s+\\|\\s+100\\s+\\|.*"));

        String replaced = shell("tradeloom:order-replace " + id + " --qty 60 --price 1.5");
        assertTrue(replaced, replaced.contains(id + " NEW qty=60 price=1.5"));

        String canceled = shell("tradeloom:order-cancel " + id);
        assertTrue(canceled, canceled.contains(id + " CANCELED"));
        assertFalse(shell("tradeloom:orders --state open").contains(id));
        assertTrue(shell("tradeloom:orders --state all").contains(id));
    }

    @Test
    public void marketOrderFillsAtTheQuote() {
        String out = shell("tradeloom:order-submit --venue paper --side sell --qty 10 MSFT");
        Matcher m = ORDER_ID.matcher(out.trim());
        assertTrue(out, m.find());
        Order o = orders.order(m.group(1)).orElseThrow();
        assertEquals(OrderStatus.FILLED, o.status());
        assertEquals(0, o.filledQty().compareTo(o.quantity()));
        assertNotNull(o.avgPrice());
        assertTrue(shell("tradeloom:orders --state all").matches("(?s).*" + o.id() + ".*FILLED\\s+\\|\\s+10\\s+\\|\\s+0\\s+\\|\\s+"
                + o.avgPrice().toPlainString() + ".*"));
    }

    @Test
    public void badInputPrintsOneLineNamingFieldAndValueAndCreatesNothing() {
        int before = orders.orders(false).size();
        assertError("tradeloom:order-submit --venue paper --side buy --qty -5 AAPL", "qty=-5: must be greater than 0");
        assertError("tradeloom:order-submit --venue paper --side buy --qty 0 AAPL", "qty=0: must be greater than 0");
        assertError("tradeloom:order-submit --venue paper --side buy --qty 5 --type limit AAPL",
                "price=(missing): required for LIMIT orders");
        assertError("tradeloom:order-submit --venue nowhere --side buy --qty 5 AAPL",
                "venue=nowhere: venue nowhere is not deployed");
        assertError("tradeloom:order-submit --venue paper --side buy --qty 5 NOSUCH", "symbol=NOSUCH: unknown symbol");
        assertError("tradeloom:order-submit --venue sim --side buy --qty 5 AAPL",
                "venue=sim: venue sim is a market-data vendor, not a broker");
        assertError("tradeloom:order-submit --venue paper --side buy --qty 5 --type iceberg AAPL",
                "type=iceberg: must be one of");
        assertEquals("nothing created", before, orders.orders(false).size());
    }

    private void assertError(String command, String expected) {
        String out = shell(command).trim();
        assertTrue(command + " -> " + out, out.contains(expected));
        assertEquals(command + " -> one line: " + out, 1, out.lines().count());
        assertFalse(out, ORDER_ID.matcher(out).find());
    }

    @Test
    public void riskLimitRejectsNamingRuleLimitAndValueAndTheRiskCommandShowsIt() {
        int before = orders.orders(false).size();
        assertError("tradeloom:order-submit --venue paper --side buy --qty 2000000 AAPL",
                "max.order.qty=1000000 exceeded: qty=2000000");
        assertEquals("nothing created", before, orders.orders(false).size());
        String risk = shell("tradeloom:risk");
        assertTrue(risk, risk.contains("max.order.qty") && risk.contains("1000000"));
    }

    @Test
    public void routesCommandShowsRoutesWithFiguresAndOrigin() {
        String out = shell("tradeloom:routes");
        assertTrue(out, out.matches("(?s).*marketdata-in\\s+\\|\\s+Started\\s+\\|\\s+\\d+.*routes/marketdata.yaml.*"));
        assertTrue(out, out.matches("(?s).*orders-out\\s+\\|\\s+Started.*routes/orders.yaml.*"));
        assertTrue(out, out.matches("(?s).*broker-paper-paper\\s+\\|\\s+Started.*bundle:io.tradeloom.broker.paper.*"));
        assertTrue(out, out.matches("(?s).*vendor-sim-sim\\s+\\|\\s+Started.*bundle:io.tradeloom.vendor.sim.*"));
        assertTrue(camel.routes().stream().anyMatch(r -> r.id().equals("marketdata-in") && r.exchangesTotal() > 0));
    }

    @Test
    public void badMarketDataIsDeadLetteredListedAndReplayable() {
        java.time.Instant now = java.time.Instant.now();
        io.tradeloom.domain.marketdata.Quote crossed = new io.tradeloom.domain.marketdata.Quote("AAPL", "itest-feed",
                new java.math.BigDecimal("101.00"), java.math.BigDecimal.TEN, new java.math.BigDecimal("100.00"),
                java.math.BigDecimal.TEN, now, now);
        camel.context().createProducerTemplate().sendBody("direct:tradeloom.marketdata.in", crossed);
        String list = shell("tradeloom:dlq --source itest-feed");
        assertTrue(list, list.contains("itest-feed") && list.contains("crossed"));
        Matcher id = Pattern.compile("(?m)^\\s*(\\d+)\\s+[|│]").matcher(list);
        assertTrue(list, id.find());
        String replay = shell("tradeloom:dlq-replay " + id.group(1));
        assertTrue(replay, replay.contains("still invalid"));
        assertTrue(shell("tradeloom:dlq-replay " + id.group(1)).contains("Error"));
    }

    @Test
    public void everyCommandHasHelp() {
        for (String c : new String[]{"venues", "quotes", "order-submit", "orders", "order-cancel", "order-replace",
                "routes", "risk", "halt", "resume", "halts", "flatten", "dlq", "dlq-replay"}) {
            String help = shell("tradeloom:" + c + " --help");
            assertTrue(c + ": " + help, help.contains("DESCRIPTION") && help.contains("tradeloom:" + c));
        }
    }

    @Inject
    org.osgi.service.cm.ConfigurationAdmin configAdmin;

    /** Through Karaf's RMI connector with the documented admin user, as jconsole or Jolokia's proxy would. */
    @Test
    public void venueMBeansAreReadableOverTheRmiConnector() throws Exception {
        java.util.Dictionary<String, Object> mgmt = configAdmin.getConfiguration("org.apache.karaf.management", null)
                .getProperties();
        String url = "service:jmx:rmi://127.0.0.1:" + mgmt.get("rmiServerPort") + "/jndi/rmi://127.0.0.1:"
                + mgmt.get("rmiRegistryPort") + "/karaf-" + System.getProperty("karaf.name");
        java.util.Map<String, Object> env = java.util.Map.of(javax.management.remote.JMXConnector.CREDENTIALS,
                new String[]{"karaf", "karaf"});
        try (javax.management.remote.JMXConnector c = javax.management.remote.JMXConnectorFactory.connect(
                new javax.management.remote.JMXServiceURL(url), env)) {
            javax.management.MBeanServerConnection server = c.getMBeanServerConnection();
            assertEquals("UP", server.getAttribute(new ObjectName("io.tradeloom:type=venue,name=sim"), "State"));
            assertTrue((Long) server.getAttribute(new ObjectName("io.tradeloom:type=orders"), "TotalOrders") >= 0);
        }
    }

    @Test
    public void venueAndOrderMBeansCarryTheShellFigures() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName paper = new ObjectName("io.tradeloom:type=venue,name=paper");
        ObjectName sim = new ObjectName("io.tradeloom:type=venue,name=sim");
        assertEquals("UP", server.getAttribute(paper, "State"));
        assertEquals("BROKER", server.getAttribute(paper, "Kind"));
        assertEquals("io.tradeloom.vendor.sim", server.getAttribute(sim, "Bundle"));
        assertTrue((Long) server.getAttribute(sim, "MessagesIn") > 0);
        long age = (Long) server.getAttribute(sim, "LastMessageAgeMillis");
        assertTrue("age " + age, age >= 0);

        shell("tradeloom:order-submit --venue paper --side buy --qty 1 GOOG");
        ObjectName ordersName = new ObjectName("io.tradeloom:type=orders");
        TabularData counts = (TabularData) server.getAttribute(ordersName, "CountsByState");
        assertNotNull(counts.get(new Object[]{"FILLED"}));
        assertTrue((Long) counts.get(new Object[]{"FILLED"}).get("value") >= 1);
        assertTrue((Long) server.getAttribute(ordersName, "Rejects") >= 0);
        assertTrue((Long) server.getAttribute(ordersName, "MeanAckLatencyMicros") >= 0);
        assertTrue((Long) server.getAttribute(ordersName, "MaxAckLatencyMicros")
                >= (Long) server.getAttribute(ordersName, "MeanAckLatencyMicros"));
        assertTrue((Long) server.getAttribute(paper, "MessagesOut") >= 1);

        Set<ObjectName> routes = server.queryNames(new ObjectName("org.apache.camel:context=tradeloom,type=routes,*"), null);
        assertTrue(routes.toString(), routes.stream().anyMatch(n -> n.getKeyProperty("name").contains("orders-out")));
    }
}
