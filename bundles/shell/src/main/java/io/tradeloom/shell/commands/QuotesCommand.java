package io.tradeloom.shell.commands;

import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.shell.Format;
import io.tradeloom.shell.completers.SymbolCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

@Service
@Command(scope = "tradeloom", name = "quotes", description = "Shows the latest validated quote per symbol with its"
        + " source venue and age.")
public class QuotesCommand implements Action {

    @Argument(index = 0, name = "symbols", description = "Symbols to show; all when none", multiValued = true)
    @Completion(SymbolCompleter.class)
    List<String> symbols;

    @Reference
    MarketDataService marketData;

    @Override
    public Object execute() {
        List<Quote> quotes = new ArrayList<>();
        if (symbols == null || symbols.isEmpty()) {
            quotes.addAll(marketData.all());
        } else {
            for (String s : symbols) {
                marketData.latest(s.toUpperCase()).ifPresentOrElse(quotes::add,
                        () -> System.err.println("no quote for " + s));
            }
        }
        quotes.sort(Comparator.comparing(Quote::symbol));
        ShellTable table = new ShellTable();
        table.column("Symbol");
        table.column("Bid size").alignRight();
        table.column("Bid").alignRight();
        table.column("Ask").alignRight();
        table.column("Ask size").alignRight();
        table.column("Source");
        table.column("Age").alignRight();
        Instant now = Instant.now();
        for (Quote q : quotes) {
            table.addRow().addContent(q.symbol(), Format.decimal(q.bidSize()), Format.decimal(q.bid()),
                    Format.decimal(q.ask()), Format.decimal(q.askSize()), q.source(),
                    Format.ageMillis(Duration.between(q.receivedAt(), now).toMillis()));
        }
        table.print(System.out);
        return null;
    }
}
