package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The shipped routes/reporting.yaml between the transmitter and a destination's sender. */
public class RouteFileTest {

    static final Path ROUTE_FILE = Path.of("../../routes/reporting.yaml");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private CamelContext camel;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private RoutedSender sender;

    @Before
    public void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        Sender inner = new TransmitterTest.ScriptedSender(r -> {
            sent.add(r.reportId());
            return CompletableFuture.completedFuture(Outcome.acked());
        });
        sender = new RoutedSender("hq", inner, camel.createProducerTemplate());
        camel.addRoutes(sender.routes());
    }

    @After
    public void stop() {
        camel.stop();
    }

    private void load(Path file) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                "file:" + file.toAbsolutePath()));
    }

    private Outcome send(TransactionReport r) throws Exception {
        return sender.send(r).toCompletableFuture().get();
    }

    @Test
    public void theShippedRouteFileCarriesReportsToTheDestinationsSender() throws Exception {
        load(ROUTE_FILE);
        TransactionReport r = Fills.report(1);
        assertEquals(Outcome.Kind.ACKED, send(r).kind());
        assertEquals(List.of(r.reportId()), sent);
    }

    @Test
    public void withoutTheRouteFileReportsAreRetriedNotLost() throws Exception {
        Outcome o = send(Fills.report(1));
        assertEquals(Outcome.Kind.RETRY, o.kind());
        assertTrue(o.detail(), o.detail().contains("direct:tradeloom.reporting.out"));
        assertTrue(sent.isEmpty());
    }

    @Test
    public void aFilterInTheRouteFileRejectsWhatItDrops() throws Exception {
        String yaml = """
                - route:
                    id: reporting-out
                    from:
                      uri: direct:tradeloom.reporting.out
                      steps:
                        - filter:
                            simple: "${body.symbol} != 'AAPL'"
                            steps:
                              - toD:
                                  uri: "direct:tradeloom.reporting.destination.${header.TradeloomReportDestination}"
                """;
        Path file = tmp.getRoot().toPath().resolve("reporting.yaml");
        Files.writeString(file, yaml);
        load(file);
        Outcome o = send(Fills.report(1)); // AAPL
        assertEquals(Outcome.Kind.REJECTED, o.kind());
        assertTrue(sent.isEmpty());
    }

    private List<Outcome> sendBatch(List<TransactionReport> reports) throws Exception {
        List<byte[]> json = reports.stream().map(ReportCodec::json).toList();
        List<Outcome> out = new java.util.ArrayList<>();
        for (var stage : sender.send(reports, json)) {
            out.add(stage.toCompletableFuture().get());
        }
        return out;
    }

    @Test
    public void theShippedRouteFileCarriesABatchAsOneExchange() throws Exception {
        load(ROUTE_FILE);
        List<Integer> handOvers = new CopyOnWriteArrayList<>();
        Sender counting = new TransmitterTest.ScriptedSender(r -> {
            sent.add(r.reportId());
            return CompletableFuture.completedFuture(Outcome.acked());
        }) {
            @Override
            public List<java.util.concurrent.CompletionStage<Outcome>> send(List<TransactionReport> reports,
                                                                           List<byte[]> json) {
                handOvers.add(reports.size());
                return super.send(reports, json);
            }
        };
        sender = new RoutedSender("batch", counting, camel.createProducerTemplate());
        camel.addRoutes(sender.routes());
        List<TransactionReport> batch = List.of(Fills.report(1), Fills.report(2), Fills.report(3));
        List<Outcome> out = sendBatch(batch);
        assertEquals(List.of(Outcome.Kind.ACKED, Outcome.Kind.ACKED, Outcome.Kind.ACKED),
                out.stream().map(Outcome::kind).toList());
        assertEquals(batch.stream().map(TransactionReport::reportId).toList(), sent);
        assertEquals("one exchange, one hand-over of the whole batch", List.of(3), handOvers);
    }

    @Test
    public void aFilterInsideASplitRejectsOnlyWhatItDropsFromABatch() throws Exception {
        String yaml = """
                - route:
                    id: reporting-out
                    from:
                      uri: direct:tradeloom.reporting.out
                      steps:
                        - split:
                            simple: "${body}"
                            steps:
                              - filter:
                                  simple: "${body.orderId} != 'o2'"
                                  steps:
                                    - toD:
                                        uri: "direct:tradeloom.reporting.destination.${header.TradeloomReportDestination}"
                """;
        Path file = tmp.getRoot().toPath().resolve("reporting.yaml");
        Files.writeString(file, yaml);
        load(file);
        List<Outcome> out = sendBatch(List.of(Fills.report(1), Fills.report(2), Fills.report(3)));
        assertEquals(List.of(Outcome.Kind.ACKED, Outcome.Kind.REJECTED, Outcome.Kind.ACKED),
                out.stream().map(Outcome::kind).toList());
        assertTrue(out.get(1).detail(), out.get(1).detail().contains("filtered by route"));
        assertEquals(List.of(Fills.report(1).reportId(), Fills.report(3).reportId()), sent);
    }

    @Test
    public void aBrokenRouteRetriesTheWholeBatch() throws Exception {
        String yaml = """
                - route:
                    id: reporting-out
                    from:
                      uri: direct:tradeloom.reporting.out
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: broken on purpose
                """;
        Path file = tmp.getRoot().toPath().resolve("reporting.yaml");
        Files.writeString(file, yaml);
        load(file);
        List<Outcome> out = sendBatch(List.of(Fills.report(1), Fills.report(2)));
        assertEquals(List.of(Outcome.Kind.RETRY, Outcome.Kind.RETRY), out.stream().map(Outcome::kind).toList());
        assertTrue(out.get(0).detail(), out.get(0).detail().contains("broken on purpose"));
        assertTrue(sent.isEmpty());
    }
}
