package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "fix-logon", description = "Enables the FIX session and logs on (after an operator logout).")
public class FixLogonCommand extends FixSessionAction {

    @Override
    String name() {
        return "fix-logon";
    }

    @Override
    void apply(FixSessions sessions, String venueId) {
        sessions.logon(venueId);
    }
}
