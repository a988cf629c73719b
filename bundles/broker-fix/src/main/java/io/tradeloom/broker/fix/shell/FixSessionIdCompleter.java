package io.tradeloom.broker.fix.shell;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import io.tradeloom.broker.fix.api.FixSessions;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the venue ids of FIX sessions. */
@Service
public class FixSessionIdCompleter implements Completer {

    @Reference
    FixSessions sessions;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (FixSessionInfo i : sessions.sessions()) {
            delegate.getStrings().add(i.venueId());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
