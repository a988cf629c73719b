package io.tradeloom.shell.commands;

import io.tradeloom.core.api.HaltScope;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;

import java.util.ArrayList;
import java.util.List;

/** The scope options shared by {@code tradeloom:halt} and {@code tradeloom:resume}: at most one; none is all. */
final class HaltScopes {

    private HaltScopes() {
    }

    static HaltScope of(String venue, String symbol, String account, String strategy) {
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
