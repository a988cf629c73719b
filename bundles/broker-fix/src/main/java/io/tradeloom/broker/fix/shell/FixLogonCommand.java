package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "fix-logon", description = "Enables the FIX session and logs on (after an operator logout).")
public class FixLogonCommand implements Action {

    @Argument(index = 0, name = "id", description = "FIX venue id", required = true)
    @Completion(FixSessionIdCompleter.class)
    String id;

    @Reference
    FixSessions sessions;

    @Override
    public Object execute() {
        sessions.logon(id);
        System.out.println("fix-logon sent to " + id);
        return null;
    }
}
