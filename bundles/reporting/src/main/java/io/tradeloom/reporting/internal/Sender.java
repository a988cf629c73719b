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

    /** Takes the answers of a {@link #send(List, List, Answers)}; called from any thread, once per report. */
    interface Answers {
        /** @param index the report's position in the list handed over */
        void answer(int index, Outcome outcome);
    }

    /**
     * As {@link #send(List, List)}, answering through a callback instead of one stage per report (the transmitter
     * counts a batch's answers and takes them back as one event). The default adapts the stages; senders on the
     * hot path ({@link KafkaSender}, {@link RoutedSender}) answer directly.
     */
    default void send(List<TransactionReport> reports, List<byte[]> json, Answers answers) {
        List<CompletionStage<Outcome>> stages = send(reports, json);
        for (int i = 0; i < stages.size(); i++) {
            int index = i;
            stages.get(i).whenComplete((o, e) -> answers.answer(index, o != null ? o
                    : Outcome.retry(e == null ? "no answer" : e.toString())));
        }
    }

    /** Where it sends to, for the shell and logs; never carries a credential. */
    String target();

    @Override
    void close();
}
