package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "fix-logout", description = "Sends Logout and keeps the FIX session down until tradeloom:fix-logon.")
public class FixLogoutCommand extends FixSessionAction {

    @Override
    String name() {
        return "fix-logout";
    }

    @Override
    void apply(FixSessions sessions, String venueId) {
        sessions.logout(venueId, "operator logout");
    }
}
