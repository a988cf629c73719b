package io.tradeloom.shell.completers;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the venue ids that have a circuit breaker (the deployed brokers). */
@Service
public class BreakerVenueCompleter implements Completer {

    @Reference
    BreakerService breakers;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (BreakerView b : breakers.breakers()) {
            delegate.getStrings().add(b.venue());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
