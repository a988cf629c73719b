package io.tradeloom.itests;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.Reporting;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Optional;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/** A paper fill becomes a transaction report, delivered to the file-drop and Kafka destinations the tests configure. */
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

    /**
     * The same report to a Kafka destination in the container (the suite's KRaft broker): acknowledged by Kafka,
     * ACKED, and on the topic keyed by the report id.
     */
    @Test
    public void paperFillIsReportedToAKafkaTopic() throws Exception {
        String servers = System.getProperty(ItestKafka.PROPERTY);
        assertNotNull("the suite passes the broker address", servers);
        String topic = "itest.reports";
        KafkaClients.createTopic(servers, topic);
        Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.reporting", "itest-kafka", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("id", "itest-kafka");
        p.put("type", "kafka");
        p.put("bootstrap.servers", servers);
        p.put("topic", topic);
        c.update(p);
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(servers, topic)) {
            await("destination itest-kafka configured", 20_000,
                    () -> reporting.destinations().stream().anyMatch(d -> d.name().equals("itest-kafka")));
            Order o = orders.submit(OrderRequest.builder().venue("paper").account("report-kafka").symbol("AAPL")
                    .side(Side.BUY).quantity("3").build());
            await("order filled", 20_000, () -> orders.order(o.id()).orElseThrow().status() == OrderStatus.FILLED);
            await("report ACKED at itest-kafka", 60_000, () -> acked("itest-kafka", o.id()).isPresent());
            String reportId = acked("itest-kafka", o.id()).orElseThrow().reportId();
            ConsumerRecord<String, String> r = KafkaClients.awaitRecord(consumer, new ArrayList<>(),
                    x -> reportId.equals(x.key()));
            assertTrue(r.value(), r.value().contains("\"orderId\":\"" + o.id() + "\"")
                    && r.value().contains("\"account\":\"report-kafka\"") && r.value().contains("\"venue\":\"paper\""));
        } finally {
            c.delete();
        }
    }

    private Optional<Delivery> acked(String orderId) {
        return acked("itest-drop", orderId);
    }

    private Optional<Delivery> acked(String destination, String orderId) {
        return reporting.deliveries(DeliveryState.ACKED, destination, 1000).stream()
                .filter(d -> reporting.report(d.reportId()).map(r -> r.orderId().equals(orderId)).orElse(false))
                .findFirst();
    }
}
