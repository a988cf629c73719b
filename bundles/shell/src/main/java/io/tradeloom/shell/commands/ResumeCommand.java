package io.tradeloom.shell.commands;

import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltScope;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.shell.completers.SymbolCompleter;
import io.tradeloom.shell.completers.VenueIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.Optional;

@Service
@Command(scope = "tradeloom", name = "resume", description = "Lifts exactly the halt of the scope given (the same"
        + " options as tradeloom:halt; none = the global halt). Other halts stay; canceled orders are not restored.")
public class ResumeCommand implements Action {

    @Option(name = "--venue", description = "Resume one venue")
    @Completion(VenueIdCompleter.class)
    String venue;

    @Option(name = "--symbol", description = "Resume one symbol")
    @Completion(SymbolCompleter.class)
    String symbol;

    @Option(name = "--account", description = "Resume one account")
    String account;

    @Option(name = "--strategy", description = "Resume one strategy tag")
    String strategy;

    @Reference
    HaltService halts;

    @Override
    public Object execute() {
        HaltScope scope = HaltScopes.of(venue, symbol, account, strategy);
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
