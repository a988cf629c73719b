package io.tradeloom.shell.completers;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the ids of open orders: the only ones that can be canceled or replaced. */
@Service
public class OrderIdCompleter implements Completer {

    @Reference
    OrderService orders;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Order o : orders.orders(true)) {
            delegate.getStrings().add(o.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
