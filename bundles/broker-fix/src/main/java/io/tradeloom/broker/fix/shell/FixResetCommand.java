package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "fix-reset", description = "Logs out, resets both sequence numbers to 1 and logs on again. Agree this with the counterparty first.")
public class FixResetCommand extends FixSessionAction {

    @Override
    String name() {
        return "fix-reset";
    }

    @Override
    void apply(FixSessions sessions, String venueId) {
        sessions.reset(venueId);
    }
}
