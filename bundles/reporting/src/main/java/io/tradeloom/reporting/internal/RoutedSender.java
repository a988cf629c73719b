package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends through the route file: each report goes to {@value #OUT} (header {@value #DESTINATION_HEADER}), which
 * {@code routes/reporting.yaml} routes on to {@code direct:tradeloom.reporting.destination.<id>}, where
 * {@link #routes()} hands it to the real sender. Operators can so filter, enrich or copy reports by editing the
 * route file while the container runs. A missing or broken route is a RETRY (the report stays PENDING and is
 * sent once the route is back), never a loss; a route that drops the report (a filter) REJECTS it with the reason
 * "filtered by route".
 */
public final class RoutedSender implements Sender {

    public static final String OUT = "direct:tradeloom.reporting.out";
    public static final String DESTINATION_HEADER = "TradeloomReportDestination";
    public static final String OUTCOME_PROPERTY = "TradeloomReportOutcome";
    /** The report's JSON as the engine encoded it (byte[]); a route that changes the body drops it. */
    public static final String JSON_PROPERTY = "TradeloomReportJson";
    private static final String REPORT_PROPERTY = "TradeloomReportOriginal";

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
                        .process(ex -> {
                            TransactionReport r = ex.getMessage().getMandatoryBody(TransactionReport.class);
                            byte[] json = ex.getProperty(JSON_PROPERTY, byte[].class);
                            // The JSON only if the route left the very report the engine encoded.
                            ex.setProperty(OUTCOME_PROPERTY, json != null && r == ex.getProperty(REPORT_PROPERTY)
                                    ? inner.send(r, json) : inner.send(r));
                        });
            }
        };
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report) {
        return send(report, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Outcome> send(TransactionReport report, byte[] json) {
        Exchange ex = producer.send(out, e -> {
            e.getMessage().setHeader(DESTINATION_HEADER, destination);
            e.getMessage().setBody(report);
            if (json != null) {
                e.setProperty(JSON_PROPERTY, json);
                e.setProperty(REPORT_PROPERTY, report);
            }
        });
        if (ex.getException() != null) {
            return CompletableFuture.completedFuture(Outcome.retry("route " + OUT + ": "
                    + ex.getException().getMessage()));
        }
        Object outcome = ex.getProperty(OUTCOME_PROPERTY);
        if (outcome instanceof CompletionStage<?> stage) {
            return (CompletionStage<Outcome>) stage;
        }
        return CompletableFuture.completedFuture(Outcome.rejected("filtered by route " + OUT));
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
