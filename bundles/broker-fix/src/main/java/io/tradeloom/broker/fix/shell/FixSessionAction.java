package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** The shared shape of the commands that act on one FIX session by venue id. */
abstract class FixSessionAction implements Action {

    @Argument(index = 0, name = "id", description = "FIX venue id", required = true)
    @Completion(FixSessionIdCompleter.class)
    String id;

    @Reference
    FixSessions sessions;

    @Override
    public Object execute() {
        apply(sessions, id);
        System.out.println(name() + " sent to " + id);
        return null;
    }

    abstract String name();

    abstract void apply(FixSessions sessions, String venueId);
}
