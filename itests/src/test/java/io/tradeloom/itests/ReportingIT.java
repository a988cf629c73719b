package io.tradeloom.itests;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.Reporting;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import javax.inject.Inject;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Hashtable;
import java.util.Optional;

import static org.junit.Assert.assertTrue;

/** A paper fill becomes a transaction report, delivered to a file-drop destination the test configures. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ReportingIT extends TradeloomTestSupport {

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    OrderService orders;

    @Inject
    Reporting reporting;

    private Path drop;

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        drop = karafBase().resolve("data/reporting-itest-drop");
        if (reporting.destinations().stream().noneMatch(d -> d.name().equals("itest-drop"))) {
            Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.reporting", "itest", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("id", "itest-drop");
            p.put("type", "file");
            p.put("dir", drop.toString());
            c.update(p);
        }
        await("destination itest-drop configured", 20_000,
                () -> reporting.destinations().stream().anyMatch(d -> d.name().equals("itest-drop")));
    }

    @Test
    public void paperFillIsReportedToTheFileDropAndShownAcked() throws Exception {
        Order o = orders.submit(OrderRequest.builder().venue("paper").account("report-itest").symbol("AAPL")
                .side(Side.BUY).quantity("7").build());
        await("order filled", 20_000, () -> orders.order(o.id()).orElseThrow().status() == OrderStatus.FILLED);
        await("report ACKED at itest-drop", 20_000, () -> acked(o.id()).isPresent());
        Delivery d = acked(o.id()).orElseThrow();
        Path file = drop.resolve(d.reportId() + ".json");
        assertTrue("dropped file " + file, Files.exists(file));
        String json = Files.readString(file);
        assertTrue(json, json.contains("\"orderId\":\"" + o.id() + "\"") && json.contains("\"account\":\"report-itest\"")
                && json.contains("\"venue\":\"paper\""));
        String out = shell("tradeloom:reports --destination itest-drop --state acked");
        assertTrue(out, out.contains(d.reportId()) && out.contains("ACKED"));
        long acked = (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("io.tradeloom:type=reporting,name=itest-drop"), "Acked");
        assertTrue("MBean counts " + acked, acked >= 1);

        // The end-of-day batch of the fill's trading date, by hand (etc/io.tradeloom.reporting.eod.cfg: New York).
        LocalDate day = LocalDate.ofInstant(reporting.report(d.reportId()).orElseThrow().executionTime(),
                ZoneId.of("America/New_York"));
        String eod = shell("tradeloom:eod-run --date " + day);
        Path batch = karafBase().resolve("data/tradeloom/reporting/eod/" + day + "/report-itest__paper.json");
        assertTrue(eod, eod.contains("end-of-day batch " + day) && eod.contains("report-itest__paper.json"));
        assertTrue("batch " + batch, Files.readString(batch).contains(d.reportId()));
    }

    private Optional<Delivery> acked(String orderId) {
        return reporting.deliveries(DeliveryState.ACKED, "itest-drop", 1000).stream()
                .filter(d -> reporting.report(d.reportId()).map(r -> r.orderId().equals(orderId)).orElse(false))
                .findFirst();
    }
}
