package io.tradeloom.reporting.shell;

import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.DestinationInfo;
import io.tradeloom.reporting.api.Reporting;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.List;
import java.util.Locale;

@Service
@Command(scope = "tradeloom", name = "reports", description = "Transaction reports and where each stands per"
        + " destination (PENDING, SENT, ACKED, REJECTED, FAILED), newest first; with --summary the counts per"
        + " destination and the age of the oldest pending report.")
public class ReportsCommand implements Action {

    @Option(name = "--state", description = "Only deliveries in this state: pending, sent, acked, rejected, failed")
    @Completion(value = StringsCompleter.class, values = {"pending", "sent", "acked", "rejected", "failed"})
    String state;

    @Option(name = "--destination", description = "Only this destination")
    @Completion(DestinationCompleter.class)
    String destination;

    @Option(name = "--max", description = "At most this many rows (default 50)")
    int max = 50;

    @Option(name = "--summary", description = "Counts per destination instead of single reports")
    boolean summary;

    @Reference
    Reporting reporting;

    @Override
    public Object execute() {
        if (max <= 0) {
            throw new IllegalArgumentException("max=" + max + ": must be greater than 0");
        }
        DeliveryState s = null;
        if (state != null) {
            try {
                s = DeliveryState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state=" + state
                        + ": must be one of pending, sent, acked, rejected, failed");
            }
        }
        if (summary) {
            ShellTable t = new ShellTable();
            t.column("Destination");
            t.column("Type");
            t.column("Target");
            for (DeliveryState x : DeliveryState.values()) {
                t.column(x.name()).alignRight();
            }
            t.column("Oldest pending").alignRight();
            for (DestinationInfo d : reporting.destinations()) {
                var row = t.addRow();
                row.addContent(d.name(), d.type(), d.target());
                for (DeliveryState x : DeliveryState.values()) {
                    row.addContent(d.counts().get(x));
                }
                row.addContent(d.oldestPendingAgeMillis() + " ms");
            }
            t.print(System.out);
            return null;
        }
        List<Delivery> list = reporting.deliveries(s, destination, max);
        if (list.isEmpty()) {
            System.out.println("no reports" + (s != null ? " in state " + s : "")
                    + (destination != null ? " for destination " + destination : ""));
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Report");
        t.column("Destination");
        t.column("State");
        t.column("Attempts").alignRight();
        t.column("Updated");
        t.column("Execution");
        t.column("Last error");
        for (Delivery d : list) {
            String exec = reporting.report(d.reportId())
                    .map(r -> r.venue() + " " + r.execId() + " " + r.side() + " " + r.quantity().toPlainString()
                            + " " + r.symbol() + " @ " + r.price().toPlainString())
                    .orElse("?");
            t.addRow().addContent(d.reportId(), d.destination(), d.state(), d.attempts(), d.updatedAt(), exec,
                    d.lastError() == null ? "" : oneLine(d.lastError()));
        }
        t.print(System.out);
        return null;
    }

    private static String oneLine(String s) {
        String v = s.replaceAll("\\s+", " ");
        return v.length() > 80 ? v.substring(0, 77) + "..." : v;
    }
}
