package io.tradeloom.shell.commands;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "breaker-open", description = "Forces the venue's circuit breaker open: no command reaches the venue (new orders of policies that allow it fail over) until breaker-close or breaker-reset.")
public class BreakerOpenCommand extends BreakerAction {

    @Override
    BreakerView apply(BreakerService service, String venueId) {
        return service.open(venueId);
    }
}
