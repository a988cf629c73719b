package io.tradeloom.shell.commands;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import io.tradeloom.shell.completers.BreakerVenueCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** The venue argument and the printout that breaker-open, breaker-close and breaker-reset share. */
abstract class BreakerAction implements Action {

    @Argument(index = 0, name = "venue", description = "Broker venue id", required = true)
    @Completion(BreakerVenueCompleter.class)
    String venue;

    @Reference
    BreakerService breakers;

    abstract BreakerView apply(BreakerService service, String venueId);

    @Override
    public Object execute() {
        BreakersCommand.print(apply(breakers, venue));
        return null;
    }
}
