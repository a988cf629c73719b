package io.tradeloom.shell.commands;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.shell.completers.OrderIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "tradeloom", name = "order-cancel", description = "Asks the venue to cancel an open order and prints"
        + " the order's state afterwards.")
public class OrderCancelCommand implements Action {

    @Argument(index = 0, name = "id", description = "Order id", required = true)
    @Completion(OrderIdCompleter.class)
    String id;

    @Reference
    OrderService orders;

    @Override
    public Object execute() {
        Order o = orders.cancel(id);
        System.out.println(o.id() + " " + o.status() + " filled=" + o.filledQty().toPlainString() + " leaves="
                + o.leavesQty().toPlainString() + (o.reason() == null ? "" : " (" + o.reason() + ")"));
        return null;
    }
}
