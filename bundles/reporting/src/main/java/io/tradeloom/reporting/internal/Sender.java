package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sends reports to one destination. Implementations never throw from send: failures complete the stage. */
public interface Sender extends AutoCloseable {

    CompletionStage<Outcome> send(TransactionReport report);

    /**
     * As {@link #send(TransactionReport)} with the report's JSON ({@link ReportCodec#json}) already at hand: the
     * engine encodes each report once, for the store, and senders that transmit JSON reuse those bytes.
     */
    default CompletionStage<Outcome> send(TransactionReport report, byte[] json) {
        return send(report);
    }

    /**
     * Sends several reports at once (the transmitter hands over up to {@code batch.max}); one stage per report, in
     * the same order. The default sends them one by one; {@link RoutedSender} passes them through the route file
     * as one exchange.
     */
    default List<CompletionStage<Outcome>> send(List<TransactionReport> reports, List<byte[]> json) {
        List<CompletionStage<Outcome>> out = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            out.add(send(reports.get(i), json.get(i)));
        }
        return out;
    }

    /** Where it sends to, for the shell and logs; never carries a credential. */
    String target();

    @Override
    void close();
}
