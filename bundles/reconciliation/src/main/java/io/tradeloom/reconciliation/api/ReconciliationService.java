package io.tradeloom.reconciliation.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reconciles our orders and fills with each broker's {@code BrokerLedger}; runs are kept on disk. */
public interface ReconciliationService {

    /**
     * Reconciles {@code venue} (null: every venue with a ledger) over {@code [from, to)}; null bounds default to the
     * configured look-back before now and now.
     *
     * @throws IllegalArgumentException naming the venue when it has no ledger, or when from is not before to
     */
    ReconciliationRun run(String venue, Instant from, Instant to, String trigger);

    /** Kept runs, newest first. */
    List<ReconciliationRun> runs(int max);

    Optional<ReconciliationRun> result(String id);

    /** Venues with a broker ledger right now. */
    Set<String> venues();
}
