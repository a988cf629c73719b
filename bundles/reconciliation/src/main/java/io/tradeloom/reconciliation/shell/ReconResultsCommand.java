package io.tradeloom.reconciliation.shell;

import io.tradeloom.reconciliation.api.ReconciliationRun;
import io.tradeloom.reconciliation.api.ReconciliationService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.List;

@Service
@Command(scope = "tradeloom", name = "recon-results", description = "Lists kept reconciliation runs newest first"
        + " (kept under data/tradeloom/reconciliation/runs); --id shows one run's discrepancies, --last the newest.")
public class ReconResultsCommand implements Action {

    @Option(name = "--id", description = "Show the discrepancies of this run")
    String id;

    @Option(name = "--last", description = "Show the discrepancies of the newest run")
    boolean last;

    @Option(name = "--venue", description = "Only runs that covered this venue")
    @Completion(LedgerVenueCompleter.class)
    String venue;

    @Option(name = "--max", description = "At most this many runs (default 20) or discrepancies (default all)")
    int max = -1;

    @Reference
    ReconciliationService reconciliation;

    @Override
    public Object execute() {
        if (max == 0 || max < -1) {
            throw new IllegalArgumentException("max=" + max + ": must be greater than 0");
        }
        if (id != null || last) {
            ReconciliationRun run = id != null ? reconciliation.result(id).orElseThrow(
                    () -> new IllegalArgumentException("id=" + id + ": no such reconciliation run"))
                    : reconciliation.runs(1).stream().findFirst().orElse(null);
            if (run == null) {
                System.out.println("no reconciliation runs yet");
                return null;
            }
            RunPrinter.print(run, max < 0 ? Integer.MAX_VALUE : max);
            return null;
        }
        int limit = max < 0 ? 20 : max;
        List<ReconciliationRun> runs = reconciliation.runs(Integer.MAX_VALUE).stream()
                .filter(r -> venue == null || r.venues().contains(venue)).limit(limit).toList();
        if (runs.isEmpty()) {
            System.out.println("no reconciliation runs" + (venue == null ? "" : " of venue " + venue) + " yet");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Trigger");
        table.column("Started");
        table.column("Period");
        table.column("Venues");
        table.column("Fills").alignRight();
        table.column("Discrepancies").alignRight();
        table.column("By kind");
        table.column("By severity");
        table.column("Adopted").alignRight();
        table.column("Errors");
        for (ReconciliationRun r : runs) {
            table.addRow().addContent(r.id(), r.trigger(), r.startedAt().toString(), r.from() + " .. " + r.to(),
                    String.join(",", r.venues()), r.compared(), r.discrepancies().size(), r.countsByKind(),
                    r.countsBySeverity(), r.adopted(), r.errors().isEmpty() ? "" : String.join("; ", r.errors()));
        }
        table.print(System.out);
        return null;
    }
}
