package io.tradeloom.reporting.shell;

import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.Reporting;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.List;

@Service
@Command(scope = "tradeloom", name = "report-resend", description = "Sends a REJECTED or FAILED report again"
        + " (to every destination where it is in one of those states, or to the one named). ACKED deliveries are"
        + " never resent.")
public class ReportResendCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "Report id (tradeloom:reports)")
    String id;

    @Option(name = "--destination", description = "Only this destination")
    @Completion(DestinationCompleter.class)
    String destination;

    @Reference
    Reporting reporting;

    @Override
    public Object execute() {
        List<Delivery> requeued = reporting.resend(id, destination);
        if (requeued.isEmpty()) {
            System.out.println("report " + id + ": nothing to resend (no REJECTED or FAILED delivery"
                    + (destination != null ? " at " + destination : "") + ")");
        } else {
            for (Delivery d : requeued) {
                System.out.println("report " + id + ": queued again for " + d.destination());
            }
        }
        return null;
    }
}
