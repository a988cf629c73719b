package io.tradeloom.shell.commands;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.shell.Format;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "tradeloom", name = "orders", description = "Lists orders with state, filled and leaves quantity,"
        + " average price and the last reason.")
public class OrdersCommand implements Action {

    @Option(name = "--state", description = "open (default) or all")
    @Completion(value = StringsCompleter.class, values = {"open", "all"})
    String state = "open";

    @Reference
    OrderService orders;

    @Override
    public Object execute() {
        boolean openOnly;
        if ("open".equalsIgnoreCase(state)) {
            openOnly = true;
        } else if ("all".equalsIgnoreCase(state)) {
            openOnly = false;
        } else {
            throw new IllegalArgumentException("state=" + state + ": must be open or all");
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Venue");
        table.column("Symbol");
        table.column("Side");
        table.column("Type");
        table.column("TIF");
        table.column("Qty").alignRight();
        table.column("Price").alignRight();
        table.column("State");
        table.column("Filled").alignRight();
        table.column("Leaves").alignRight();
        table.column("Avg px").alignRight();
        table.column("Reason");
        for (Order o : orders.orders(openOnly)) {
            table.addRow().addContent(o.id(), o.venue(), o.symbol(), o.side(), o.type(), o.timeInForce(),
                    Format.decimal(o.quantity()), Format.decimal(o.limitPrice()), o.status(),
                    Format.decimal(o.filledQty()), Format.decimal(o.leavesQty()), Format.decimal(o.avgPrice()),
                    o.reason() == null ? "" : o.reason());
        }
        table.print(System.out);
        return null;
    }
}
