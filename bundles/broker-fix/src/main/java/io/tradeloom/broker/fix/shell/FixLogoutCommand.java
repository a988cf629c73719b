package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "fix-logout", description = "Sends Logout and keeps the FIX session down until tradeloom:fix-logon.")
public class FixLogoutCommand implements Action {

    @Argument(index = 0, name = "id", description = "FIX venue id", required = true)
    @Completion(FixSessionIdCompleter.class)
    String id;

    @Reference
    FixSessions sessions;

    @Override
    public Object execute() {
        sessions.logout(id, "operator logout");
        System.out.println("fix-logout sent to " + id);
        return null;
    }
}
