package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
 * the exchange property {@value #OUTCOMES_PROPERTY} (shared by the copies a split makes). A report that reaches
 * the endpoint twice (a route that copies) is sent once.
 */
public final class RoutedSender implements Sender {

    public static final String OUT = "direct:tradeloom.reporting.out";
    public static final String DESTINATION_HEADER = "TradeloomReportDestination";
    /** Which reports of the exchange reached the destination's endpoint, and where their answers go. */
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

    /** One exchange's reports: which reached the destination's endpoint, and where their answers go. */
    private static final class Pending {
        final Map<String, Integer> index;
        final Answers answers;
        /** per report: 0 = not arrived, 1 = arrived and sent, 2 = answered as not arrived */
        final AtomicIntegerArray reached;

        Pending(List<TransactionReport> reports, Answers answers) {
            this.index = new HashMap<>(reports.size() * 2);
            for (int i = 0; i < reports.size(); i++) {
                index.put(reports.get(i).reportId(), i);
            }
            this.answers = answers;
            this.reached = new AtomicIntegerArray(reports.size());
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Exchange ex) throws Exception {
        Object body = ex.getMessage().getBody();
        List<TransactionReport> arrived = new ArrayList<>();
        if (body instanceof List<?> list) {
            for (Object o : list) {
                arrived.add(ex.getContext().getTypeConverter().mandatoryConvertTo(TransactionReport.class, ex, o));
            }
        } else {
            arrived.add(ex.getMessage().getMandatoryBody(TransactionReport.class));
        }
        Map<TransactionReport, byte[]> json = ex.getProperty(JSON_PROPERTY, Map.class);
        Pending pending = ex.getProperty(OUTCOMES_PROPERTY, Pending.class);
        if (pending == null) {
            throw new IllegalStateException(OUTCOMES_PROPERTY + " missing: not an exchange of the transmitter");
        }
        List<TransactionReport> reports = new ArrayList<>(arrived.size());
        List<byte[]> bytes = new ArrayList<>(arrived.size());
        int[] slots = new int[arrived.size()];
        for (TransactionReport r : arrived) {
            Integer slot = pending.index.get(r.reportId());
            if (slot != null && !pending.reached.compareAndSet(slot, 0, 1)) {
                // Already sent by this exchange (a route that copies), or already answered as filtered (a route
                // that goes on after the exchange came back): not sent again.
                continue;
            }
            slots[reports.size()] = slot == null ? -1 : slot;
            reports.add(r);
            byte[] b = json == null ? null : json.get(r);
            bytes.add(b == null ? ReportCodec.json(r) : b);
        }
        if (reports.isEmpty()) {
            return;
        }
        // A report the route made up (an id the transmitter did not hand over) is sent; its answer has no owner.
        inner.send(reports, bytes, (i, outcome) -> {
            if (slots[i] >= 0) {
                pending.answers.answer(slots[i], outcome);
            }
        });
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
        List<CompletableFuture<Outcome>> stages = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            stages.add(new CompletableFuture<>());
        }
        send(reports, json, (i, outcome) -> stages.get(i).complete(outcome));
        return new ArrayList<>(stages);
    }

    @Override
    public void send(List<TransactionReport> reports, List<byte[]> json, Answers answers) {
        Pending pending = new Pending(reports, answers);
        Map<TransactionReport, byte[]> bytes = new IdentityHashMap<>(reports.size() * 2);
        for (int i = 0; i < reports.size(); i++) {
            if (json.get(i) != null) {
                bytes.put(reports.get(i), json.get(i));
            }
        }
        Exchange ex = producer.send(out, e -> {
            e.getMessage().setHeader(DESTINATION_HEADER, destination);
            e.getMessage().setBody(reports.size() == 1 ? reports.get(0) : new ArrayList<>(reports));
            e.setProperty(OUTCOMES_PROPERTY, pending);
            e.setProperty(JSON_PROPERTY, Collections.unmodifiableMap(bytes));
        });
        Outcome missing = null;
        for (int i = 0; i < reports.size(); i++) {
            if (pending.reached.compareAndSet(i, 0, 2)) {
                if (missing == null) {
                    missing = ex.getException() != null
                            ? Outcome.retry("route " + OUT + ": " + ex.getException().getMessage())
                            : Outcome.rejected("filtered by route " + OUT);
                }
                answers.answer(i, missing);
            }
        }
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
