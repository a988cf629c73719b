package io.tradeloom.shell.commands;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "breaker-reset", description = "Resets the venue's circuit breaker to CLOSED with an empty window.")
public class BreakerResetCommand extends BreakerAction {

    @Override
    BreakerView apply(BreakerService service, String venueId) {
        return service.reset(venueId);
    }
}
