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
import org.apache.karaf.shell.support.completers.StringsCompleter;

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

    /** Karaf stops reading options after the first argument; this takes {@code ID --qty Q --price P} too. */
    @Argument(index = 1, name = "changes", description = "--qty Q and/or --price P after the id", multiValued = true)
    @Completion(value = StringsCompleter.class, values = {"--qty", "--price"})
    java.util.List<String> trailing;

    @Reference
    OrderService orders;

    @Override
    public Object execute() {
        if (trailing != null) {
            for (int i = 0; i < trailing.size(); i++) {
                String key = trailing.get(i);
                if (i + 1 >= trailing.size() || !(key.equals("--qty") || key.equals("--price"))) {
                    throw new IllegalArgumentException("unexpected argument '" + key + "': use --qty Q and/or --price P");
                }
                String value = trailing.get(++i);
                if (key.equals("--qty")) {
                    qty = value;
                } else {
                    price = value;
                }
            }
        }
        Order o = orders.replace(id, Parse.decimal("qty", qty), Parse.decimal("price", price));
        System.out.println(o.id() + " " + o.status() + " qty=" + Format.decimal(o.quantity()) + " price="
                + Format.decimal(o.limitPrice()) + " filled=" + Format.decimal(o.filledQty()) + " leaves="
                + Format.decimal(o.leavesQty()));
        return null;
    }
}
