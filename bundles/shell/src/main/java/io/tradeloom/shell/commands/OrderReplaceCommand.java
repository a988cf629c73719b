package io.tradeloom.shell.commands;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.shell.Format;
import io.tradeloom.shell.completers.OrderIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "order-replace", description = "Asks the venue to change an open order's"
        + " quantity and/or limit price (cancel/replace) and prints the order afterwards.")
public class OrderReplaceCommand implements Action {

    @Argument(index = 0, name = "id", description = "Order id", required = true)
    @Completion(OrderIdCompleter.class)
    String id;

    @Option(name = "--qty", description = "New total quantity")
    String qty;

    @Option(name = "--price", description = "New limit price")
    String price;

    @Reference
    OrderService orders;

    @Override
    public Object execute() {
        Order o = orders.replace(id, Parse.decimal("qty", qty), Parse.decimal("price", price));
        System.out.println(o.id() + " " + o.status() + " qty=" + Format.decimal(o.quantity()) + " price="
                + Format.decimal(o.limitPrice()) + " filled=" + Format.decimal(o.filledQty()) + " leaves="
                + Format.decimal(o.leavesQty()));
        return null;
    }
}
