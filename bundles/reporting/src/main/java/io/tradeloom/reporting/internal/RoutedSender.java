package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends through the route file: reports go to {@value #OUT} (header {@value #DESTINATION_HEADER}), which
 * {@code routes/reporting.yaml} routes on to {@code direct:tradeloom.reporting.destination.<id>}, where
 * {@link #routes()} hands them to the real sender. Operators can so filter, enrich or copy reports by editing the
 * route file while the container runs. A missing or broken route is a RETRY (the report stays PENDING and is
 * sent once the route is back), never a loss; a report that does not reach the destination's endpoint (a filter
 * dropped it) is REJECTED with the reason "filtered by route".
 *
 * <p>One exchange carries one report (body a {@link TransactionReport}) or, when the transmitter hands over a
 * batch ({@code batch.max} > 1), the whole batch (body a {@code List<TransactionReport>}): the per-exchange cost
 * of the hop is then paid once per batch. The destination's endpoint takes either, also single reports split
 * out of a batch by the route; each report that arrives there is sent and its answer recorded by report id in
 * the exchange property {@value #OUTCOMES_PROPERTY} (a map shared by the copies a split makes).
 */
public final class RoutedSender implements Sender {

    public static final String OUT = "direct:tradeloom.reporting.out";
    public static final String DESTINATION_HEADER = "TradeloomReportDestination";
    /** report id -> the sender's answer, filled in by the destination's endpoint. */
    public static final String OUTCOMES_PROPERTY = "TradeloomReportOutcomes";
    /** The reports' JSON as the engine encoded it, by report instance: a route that replaces a report loses it. */
    private static final String JSON_PROPERTY = "TradeloomReportJson";

    private final String destination;
    private final Sender inner;
    private final ProducerTemplate producer;
    /** Resolved once, not per send (a URI string is normalized and looked up on every call). */
    private final Endpoint out;

    public RoutedSender(String destination, Sender inner, ProducerTemplate producer) {
        this.destination = destination;
        this.inner = inner;
        this.producer = producer;
        // block=false: without the route file's consumer, fail at once instead of holding the transmitter 30 s.
        this.out = producer.getCamelContext().getEndpoint(OUT + "?block=false");
    }

    public static String destinationEndpoint(String destination) {
        return "direct:tradeloom.reporting.destination." + destination;
    }

    /** The destination's own route: the end of the route file's path. */
    public RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(destinationEndpoint(destination)).routeId("reporting-destination-" + destination)
                        .process(RoutedSender.this::deliver);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private void deliver(Exchange ex) throws Exception {
        Object body = ex.getMessage().getBody();
        List<TransactionReport> reports = new ArrayList<>();
        if (body instanceof List<?> list) {
            for (Object o : list) {
                reports.add(ex.getContext().getTypeConverter().mandatoryConvertTo(TransactionReport.class, ex, o));
            }
        } else {
            reports.add(ex.getMessage().getMandatoryBody(TransactionReport.class));
        }
        Map<TransactionReport, byte[]> json = ex.getProperty(JSON_PROPERTY, Map.class);
        Map<String, CompletionStage<Outcome>> outcomes = ex.getProperty(OUTCOMES_PROPERTY, Map.class);
        if (outcomes == null) {
            throw new IllegalStateException(OUTCOMES_PROPERTY + " missing: not an exchange of the transmitter");
        }
        List<byte[]> bytes = new ArrayList<>(reports.size());
        for (TransactionReport r : reports) {
            byte[] b = json == null ? null : json.get(r);
            bytes.add(b == null ? ReportCodec.json(r) : b);
        }
        List<CompletionStage<Outcome>> answers = inner.send(reports, bytes);
        for (int i = 0; i < reports.size(); i++) {
            outcomes.put(reports.get(i).reportId(), answers.get(i));
        }
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report) {
        return send(report, ReportCodec.json(report));
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report, byte[] json) {
        return send(List.of(report), Collections.singletonList(json)).get(0);
    }

    @Override
    public List<CompletionStage<Outcome>> send(List<TransactionReport> reports, List<byte[]> json) {
        Map<String, CompletionStage<Outcome>> outcomes = new ConcurrentHashMap<>();
        Map<TransactionReport, byte[]> bytes = new IdentityHashMap<>(reports.size() * 2);
        for (int i = 0; i < reports.size(); i++) {
            if (json.get(i) != null) {
                bytes.put(reports.get(i), json.get(i));
            }
        }
        Exchange ex = producer.send(out, e -> {
            e.getMessage().setHeader(DESTINATION_HEADER, destination);
            e.getMessage().setBody(reports.size() == 1 ? reports.get(0) : new ArrayList<>(reports));
            e.setProperty(OUTCOMES_PROPERTY, outcomes);
            e.setProperty(JSON_PROPERTY, Collections.unmodifiableMap(bytes));
        });
        List<CompletionStage<Outcome>> result = new ArrayList<>(reports.size());
        for (TransactionReport r : reports) {
            CompletionStage<Outcome> stage = outcomes.get(r.reportId());
            if (stage == null) {
                stage = CompletableFuture.completedFuture(ex.getException() != null
                        ? Outcome.retry("route " + OUT + ": " + ex.getException().getMessage())
                        : Outcome.rejected("filtered by route " + OUT));
            }
            result.add(stage);
        }
        return result;
    }

    @Override
    public String target() {
        return inner.target();
    }

    @Override
    public void close() {
        inner.close();
    }
}
