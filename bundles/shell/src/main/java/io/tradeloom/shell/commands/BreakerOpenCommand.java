package io.tradeloom.shell.commands;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.shell.completers.BreakerVenueCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "breaker-open", description = "Forces the venue's circuit breaker open: no command reaches the venue (new orders of policies that allow it fail over) until breaker-close or breaker-reset.")
public class BreakerOpenCommand implements Action {

    @Argument(index = 0, name = "venue", description = "Broker venue id", required = true)
    @Completion(BreakerVenueCompleter.class)
    String venue;

    @Reference
    BreakerService breakers;

    @Override
    public Object execute() {
        BreakersCommand.print(breakers.open(venue));
        return null;
    }
}
