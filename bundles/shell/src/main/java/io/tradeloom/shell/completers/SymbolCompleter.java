package io.tradeloom.shell.completers;

import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.domain.instrument.Instrument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the symbols some deployed venue quotes or trades. */
@Service
public class SymbolCompleter implements Completer {

    @Reference
    VenueDirectory venues;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Instrument i : venues.instruments()) {
            delegate.getStrings().add(i.symbol());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
