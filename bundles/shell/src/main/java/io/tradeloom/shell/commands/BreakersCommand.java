package io.tradeloom.shell.commands;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "tradeloom", name = "breakers", description = "Lists each broker venue's circuit breaker: state"
        + " (CLOSED, OPEN, HALF_OPEN, FORCED_OPEN), failure and slow-call rate of the window, calls, refused calls"
        + " and the last transition.")
public class BreakersCommand implements Action {

    @Reference
    BreakerService breakers;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Venue");
        table.column("State");
        table.column("Failure %").alignRight();
        table.column("Slow %").alignRight();
        table.column("Calls").alignRight();
        table.column("Failed").alignRight();
        table.column("Refused").alignRight();
        table.column("Last transition");
        table.column("At");
        for (BreakerView b : breakers.breakers()) {
            table.addRow().addContent(b.venue(), b.state(), rate(b.failureRate()), rate(b.slowCallRate()),
                    b.bufferedCalls(), b.failedCalls(), b.notPermitted(), b.lastTransition(),
                    b.lastTransitionAt() == null ? "" : b.lastTransitionAt().toString());
        }
        table.print(System.out);
        return null;
    }

    static String rate(float r) {
        return r < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", r);
    }

    static void print(BreakerView b) {
        System.out.println(b.venue() + " " + b.state() + " (failure " + rate(b.failureRate()) + " %, calls "
                + b.bufferedCalls() + ", refused " + b.notPermitted() + ")");
    }
}
