package io.tradeloom.shell.commands;

import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltScope;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.Optional;

@Service
@Command(scope = "tradeloom", name = "resume", description = "Lifts exactly the halt of the scope given (the same"
        + " options as tradeloom:halt; none = the global halt). Other halts stay; canceled orders are not restored.")
public class ResumeCommand extends HaltScopes {

    @Override
    public Object execute() {
        HaltScope scope = scope();
        Optional<Halt> lifted = halts.resume(scope);
        if (lifted.isPresent()) {
            System.out.println("resumed " + scope + " (halted since " + lifted.get().since() + " by "
                    + lifted.get().by() + ": " + lifted.get().reason() + ")");
        } else {
            System.out.println(scope + " was not halted");
        }
        if (!halts.active().isEmpty()) {
            System.out.println("still halted: " + halts.active().stream().map(h -> h.scope().toString())
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        return null;
    }
}
