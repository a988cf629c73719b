package io.tradeloom.domain.marketdata;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The platform's latest validated quote per symbol, offered by the core to adapters that need market data
 * (a simulated broker filling at the quote, a risk check, a router).
 */
public interface QuoteBook {

    Optional<Quote> latest(String symbol);

    Collection<Quote> all();

    /** Calls the listener on every validated quote until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<Quote> listener);
}
