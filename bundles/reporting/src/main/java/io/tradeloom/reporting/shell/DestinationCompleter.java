package io.tradeloom.reporting.shell;

import io.tradeloom.reporting.api.DestinationInfo;
import io.tradeloom.reporting.api.Reporting;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the configured destination names. */
@Service
public class DestinationCompleter implements Completer {

    @Reference
    Reporting reporting;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (DestinationInfo d : reporting.destinations()) {
            delegate.getStrings().add(d.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
