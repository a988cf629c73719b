package io.tradeloom.shell.commands;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "breaker-close", description = "Forces the venue's circuit breaker closed: commands pass and are recorded again.")
public class BreakerCloseCommand extends BreakerAction {

    @Override
    BreakerView apply(BreakerService service, String venueId) {
        return service.close(venueId);
    }
}
