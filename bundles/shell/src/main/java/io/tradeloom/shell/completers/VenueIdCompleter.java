package io.tradeloom.shell.completers;

import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueView;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the ids of deployed venues. */
@Service
public class VenueIdCompleter implements Completer {

    @Reference
    VenueDirectory venues;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (VenueView v : venues.venues()) {
            delegate.getStrings().add(v.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
