package io.tradeloom.reconciliation.shell;

import io.tradeloom.reconciliation.api.ReconciliationRun;
import io.tradeloom.reconciliation.api.ReconciliationService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.time.Instant;

@Service
@Command(scope = "tradeloom", name = "recon-run", description = "Reconciles our orders and fills with the brokers'"
        + " ledgers now and prints what differs: MISSING_AT_BROKER, MISSING_LOCALLY, PRICE_DIFF, QTY_DIFF,"
        + " TIMING_DIFF, each with a severity. The run is kept (tradeloom:recon-results).")
public class ReconRunCommand implements Action {

    @Option(name = "--venue", description = "Only this venue (default: every venue with a broker ledger)")
    @Completion(LedgerVenueCompleter.class)
    String venue;

    @Option(name = "--from", description = "Start of the period, ISO-8601 UTC (e.g. 2026-11-20T00:00:00Z);"
            + " default: the configured look-back before --to")
    String from;

    @Option(name = "--to", description = "End of the period (exclusive), ISO-8601 UTC; default: now")
    String to;

    @Reference
    ReconciliationService reconciliation;

    @Override
    public Object execute() {
        ReconciliationRun run = reconciliation.run(venue, Times.parse("from", from), Times.parse("to", to),
                "shell");
        RunPrinter.print(run, Integer.MAX_VALUE);
        return null;
    }

    /** ISO-8601 instants for the options, with errors that name the option and the value. */
    static final class Times {
        private Times() {
        }

        static Instant parse(String option, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(value.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + "=" + value + ": not an ISO-8601 UTC time such as"
                        + " 2026-11-20T00:00:00Z");
            }
        }
    }
}
