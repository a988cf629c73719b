package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import java.util.concurrent.CompletionStage;

/** Sends reports to one destination. Implementations never throw from send: failures complete the stage. */
public interface Sender extends AutoCloseable {

    CompletionStage<Outcome> send(TransactionReport report);

    /** Where it sends to, for the shell and logs; never carries a credential. */
    String target();

    @Override
    void close();
}
