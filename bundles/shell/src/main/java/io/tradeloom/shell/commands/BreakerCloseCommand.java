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
@Command(scope = "tradeloom", name = "breaker-close", description = "Forces the venue's circuit breaker closed: commands pass and are recorded again.")
public class BreakerCloseCommand implements Action {

    @Argument(index = 0, name = "venue", description = "Broker venue id", required = true)
    @Completion(BreakerVenueCompleter.class)
    String venue;

    @Reference
    BreakerService breakers;

    @Override
    public Object execute() {
        BreakersCommand.print(breakers.close(venue));
        return null;
    }
}
