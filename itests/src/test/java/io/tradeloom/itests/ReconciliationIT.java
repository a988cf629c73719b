package io.tradeloom.itests;

import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.camel.api.RouteFileStatus;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;
import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.DiscrepancyKind;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import io.tradeloom.reconciliation.api.ReconciliationService;
import io.tradeloom.reconciliation.api.Severity;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Reconciliation in the distribution: paper fills reconcile cleanly from the shell; a fill lost between the paper
 * broker and the core (a filter put into routes/orders.yaml, as a careless edit would) shows as MISSING_LOCALLY in
 * tradeloom:recon-run, the kept results and the MBean.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ReconciliationIT extends TradeloomTestSupport {

    private static final String LOSSY_EXECUTIONS = "- route:\n"
            + "    id: executions-in\n"
            + "    description: brokers -> core order state (loses the fills of client ids recon-lost-*)\n"
            + "    from:\n"
            + "      uri: direct:tradeloom.executions.in\n"
            + "      steps:\n"
            + "        - choice:\n"
            + "            when:\n"
            + "              - simple: \"${body.clientOrderId()} starts with 'recon-lost-' && ${body.lastQty()} > 0\"\n"
            + "                steps:\n"
            + "                  - stop: {}\n"
            + "        - to: direct:tradeloom.core.executions\n";

    @Inject
    OrderService orders;

    @Inject
    ReconciliationService reconciliation;

    @Inject
    CamelRuntime camel;

    @Before
    public void setUp() {
        awaitDefaultVenuesUp();
        await("paper's ledger known to reconciliation", 30_000, () -> reconciliation.venues().contains("paper"));
    }

    private Order buy(String clientId, String qty) {
        return orders.submit(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY).quantity(qty)
                .clientOrderId(clientId).build());
    }

    private Map<String, Long> tabular(Object value) {
        Map<String, Long> m = new HashMap<>();
        for (Object row : ((TabularData) value).values()) {
            CompositeData c = (CompositeData) row;
            m.put((String) c.get("key"), (Long) c.get("value"));
        }
        return m;
    }

    private RouteFileStatus ordersFile() {
        return camel.routeFiles().stream().filter(f -> f.file().equals("orders.yaml")).findFirst().orElseThrow();
    }

    @Test
    public void paperFillsReconcileThenALostFillIsMissingLocally() throws Exception {
        // Whole seconds: the shell takes ISO instants, and earlier tests' orders stay out of the period.
        String from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1).toString();
        String suffix = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < 3; i++) {
            Order o = buy("recon-ok-" + suffix + "-" + i, "10");
            await("filled", 10_000, () -> orders.order(o.id()).orElseThrow().status() == OrderStatus.FILLED);
        }
        String clean = shell("tradeloom:recon-run --venue paper --from " + from);
        assertTrue(clean, clean.contains("no discrepancy"));
        java.util.regex.Matcher compared = java.util.regex.Pattern.compile("(\\d+) fills compared").matcher(clean);
        assertTrue(clean, compared.find());
        // At least our three on each side; fills of the test before, in the same second, may be in the period.
        assertTrue(clean, Integer.parseInt(compared.group(1)) >= 6);
        assertTrue(shell("tradeloom:recon-results").contains("shell"));

        // A lossy executions route: the paper broker fills, the core never hears of it.
        Path ordersYaml = karafBase().resolve("routes").resolve("orders.yaml");
        String original = Files.readString(ordersYaml);
        int at = original.indexOf("- route:\n    id: executions-in");
        assertTrue("orders.yaml has the executions-in route", at > 0);
        Order lost;
        try {
            Instant before = ordersFile().changedAt();
            edit(ordersYaml, original.substring(0, at) + LOSSY_EXECUTIONS);
            await("lossy orders.yaml loaded", 10_000, () -> ordersFile().loaded()
                    && ordersFile().changedAt().isAfter(before));
            lost = buy("recon-lost-" + suffix, "40");
            await("acknowledged but never filled here", 10_000,
                    () -> orders.order(lost.id()).orElseThrow().status() == OrderStatus.NEW);
        } finally {
            Instant before = ordersFile().changedAt();
            edit(ordersYaml, original);
            await("orders.yaml restored", 10_000, () -> ordersFile().loaded()
                    && ordersFile().changedAt().isAfter(before));
        }

        String out = shell("tradeloom:recon-run --venue paper --from " + from);
        assertTrue(out, out.contains("MISSING_LOCALLY") && out.contains("CRITICAL") && out.contains(lost.id()));
        ReconciliationRun run = reconciliation.runs(1).get(0);
        assertEquals(run.toString(), 1, run.discrepancies().size());
        Discrepancy d = run.discrepancies().get(0);
        assertEquals(DiscrepancyKind.MISSING_LOCALLY, d.kind());
        assertEquals(Severity.CRITICAL, d.severity());
        assertEquals(lost.id(), d.orderId());
        assertFalse("adoption is off by default", d.adopted());
        assertEquals(OrderStatus.NEW, orders.order(lost.id()).orElseThrow().status());

        String results = shell("tradeloom:recon-results --id " + run.id());
        assertTrue(results, results.contains("MISSING_LOCALLY") && results.contains(lost.id()));
        assertTrue("kept on disk", Files.exists(Paths.get(System.getProperty("karaf.data"), "tradeloom",
                "reconciliation", "runs", run.id() + ".json")));

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.tradeloom:type=reconciliation");
        assertEquals(run.id(), server.getAttribute(name, "LastRunId"));
        assertEquals(1L, (long) tabular(server.getAttribute(name, "LastRunCountsByKind")).get("MISSING_LOCALLY"));
        assertEquals(0L, (long) tabular(server.getAttribute(name, "LastRunCountsByKind")).get("PRICE_DIFF"));
        assertEquals(1L, (long) tabular(server.getAttribute(name, "LastRunCountsBySeverity")).get("CRITICAL"));

        String refused = shell("tradeloom:recon-run --venue nowhere");
        assertTrue(refused, refused.contains("venue=nowhere"));
        String badTime = shell("tradeloom:recon-run --venue paper --from yesterday");
        assertTrue(badTime, badTime.contains("from=yesterday"));
    }

    @Test
    public void theScheduleRouteRunsFromTheShippedRouteFileWithTheConfiguredCron() throws Exception {
        await("reconciliation-schedule started", 30_000, () -> camel.routes().stream()
                .anyMatch(r -> r.id().equals("reconciliation-schedule") && r.state().equals("Started")));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertEquals("0 30 22 ? * MON-FRI America/New_York", server.getAttribute(
                new ObjectName("io.tradeloom:type=reconciliation"), "Schedule"));
        // The trigger runs on the configured zone, whichever of route file and bundle came first.
        await("next run at 22:30 New York", 30_000, () -> {
            try {
                String next = (String) server.getAttribute(new ObjectName("io.tradeloom:type=reconciliation"),
                        "NextRunAt");
                java.time.ZonedDateTime ny = Instant.parse(next).atZone(java.time.ZoneId.of("America/New_York"));
                return ny.getHour() == 22 && ny.getMinute() == 30;
            } catch (Exception e) {
                return false;
            }
        });
        String help = shell("tradeloom:recon-run --help");
        assertTrue(help, help.contains("--venue") && help.contains("--from"));
        List<String> files = camel.routeFiles().stream().filter(f -> f.file().equals("reconciliation.yaml"))
                .map(f -> f.loaded() + " " + f.error()).toList();
        assertEquals(List.of("true null"), files);
    }
}
