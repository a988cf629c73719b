package io.tradeloom.shell.commands;

import io.tradeloom.core.api.HaltScope;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;
import io.tradeloom.shell.completers.SymbolCompleter;
import io.tradeloom.shell.completers.VenueIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import java.util.ArrayList;
import java.util.List;

/** The scope options shared by {@code tradeloom:halt} and {@code tradeloom:resume}: at most one; none is all. */
abstract class HaltScopes implements Action {

    @Option(name = "--venue", description = "Scope: one venue (a halted venue shows HALTED in tradeloom:venues)")
    @Completion(VenueIdCompleter.class)
    String venue;

    @Option(name = "--symbol", description = "Scope: one symbol")
    @Completion(SymbolCompleter.class)
    String symbol;

    @Option(name = "--account", description = "Scope: one account")
    String account;

    @Option(name = "--strategy", description = "Scope: one strategy tag")
    String strategy;

    @Reference
    HaltService halts;

    HaltScope scope() {
        List<HaltScope> given = new ArrayList<>();
        if (venue != null) {
            given.add(HaltScope.venue(venue));
        }
        if (symbol != null) {
            given.add(HaltScope.symbol(symbol));
        }
        if (account != null) {
            given.add(HaltScope.account(account));
        }
        if (strategy != null) {
            given.add(HaltScope.strategy(strategy));
        }
        if (given.size() > 1) {
            throw new ValidationException("invalid input", Violation.of("scope", given,
                    "give at most one of --venue, --symbol, --account, --strategy (none halts everything)"));
        }
        return given.isEmpty() ? HaltScope.all() : given.get(0);
    }
}
