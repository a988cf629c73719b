package io.tradeloom.shell.commands;

import io.tradeloom.core.api.FlattenResult;
import io.tradeloom.core.api.FlattenService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.shell.completers.SymbolCompleter;
import io.tradeloom.shell.completers.VenueIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "flatten", description = "Closes net positions: for each non-zero position in"
        + " scope a MARKET DAY order of the opposite side for its size to the venue, tagged strategy 'flatten' (it"
        + " passes halts when it reduces the position). Prints the order ids.")
public class FlattenCommand implements Action {

    @Option(name = "--account", description = "Only this account (default: all)")
    String account;

    @Option(name = "--symbol", description = "Only this symbol (default: all)")
    @Completion(SymbolCompleter.class)
    String symbol;

    @Option(name = "--venue", description = "Broker venue the closing orders go to (default paper)")
    @Completion(VenueIdCompleter.class)
    String venue = "paper";

    @Reference
    FlattenService flatten;

    @Override
    public Object execute() {
        FlattenResult r = flatten.flatten(account, symbol, venue);
        if (r.orders().isEmpty() && r.failures().isEmpty()) {
            System.out.println("nothing to flatten");
        }
        for (Order o : r.orders()) {
            System.out.println(o.id() + " " + o.side().name().toLowerCase() + " " + o.quantity().toPlainString()
                    + " " + o.symbol() + " account=" + o.account() + " " + o.status()
                    + (o.reason() == null ? "" : " (" + o.reason() + ")"));
        }
        for (String f : r.failures()) {
            System.out.println("failed: " + f);
        }
        return null;
    }
}
