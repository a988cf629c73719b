package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

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

    /** Where it sends to, for the shell and logs; never carries a credential. */
    String target();

    @Override
    void close();
}
