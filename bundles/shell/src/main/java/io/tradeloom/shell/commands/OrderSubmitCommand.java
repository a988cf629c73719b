package io.tradeloom.shell.commands;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.shell.completers.SymbolCompleter;
import io.tradeloom.shell.completers.VenueIdCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(scope = "tradeloom", name = "order-submit", description = "Submits an order and prints its id. Invalid input"
        + " is refused with one line naming the field and value; nothing is created then.")
public class OrderSubmitCommand implements Action {

    @Option(name = "--venue", description = "Broker venue id", required = true)
    @Completion(VenueIdCompleter.class)
    String venue;

    @Option(name = "--side", description = "buy, sell or sell_short", required = true)
    @Completion(value = StringsCompleter.class, values = {"buy", "sell", "sell_short"})
    String side;

    @Option(name = "--qty", description = "Quantity, greater than 0", required = true)
    String qty;

    @Option(name = "--type", description = "market, limit, stop, stop_limit or trailing_stop (default market)")
    @Completion(value = StringsCompleter.class, values = {"market", "limit", "stop", "stop_limit", "trailing_stop"})
    String type = "market";

    @Option(name = "--price", description = "Limit price (limit and stop_limit orders)")
    String price;

    @Option(name = "--stop-price", description = "Stop price (stop and stop_limit orders)")
    String stopPrice;

    @Option(name = "--trailing-offset", description = "Trailing distance (trailing_stop orders)")
    String trailingOffset;

    @Option(name = "--tif", description = "day, gtc, ioc, fok, opg or cls (default day)")
    @Completion(value = StringsCompleter.class, values = {"day", "gtc", "ioc", "fok", "opg", "cls"})
    String tif = "day";

    @Option(name = "--account", description = "Account (default 'default')")
    String account = "default";

    @Option(name = "--client-id", description = "Client order id; a repeated id returns the existing order")
    String clientId;

    @Option(name = "--strategy", description = "Strategy tag")
    String strategy;

    @Argument(index = 0, name = "symbol", description = "Symbol", required = true)
    @Completion(SymbolCompleter.class)
    String symbol;

    @Reference
    OrderService orders;

    @Override
    public Object execute() {
        OrderRequest request = OrderRequest.builder()
                .venue(venue)
                .side(Parse.enumValue("side", side, Side.class))
                .quantity(Parse.decimal("qty", qty))
                .type(Parse.enumValue("type", type, OrderType.class))
                .limitPrice(Parse.decimal("price", price))
                .stopPrice(Parse.decimal("stop-price", stopPrice))
                .trailingOffset(Parse.decimal("trailing-offset", trailingOffset))
                .timeInForce(Parse.enumValue("tif", tif, TimeInForce.class))
                .account(account)
                .clientOrderId(clientId)
                .strategy(strategy)
                .symbol(symbol == null ? null : symbol.toUpperCase())
                .build();
        Order order = orders.submit(request);
        System.out.println(order.id());
        if (order.status().terminal()) {
            System.out.println(order.status() + (order.reason() == null ? "" : ": " + order.reason()));
        }
        return null;
    }
}
