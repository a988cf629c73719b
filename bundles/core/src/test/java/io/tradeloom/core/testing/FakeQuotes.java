package io.tradeloom.core.testing;

import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.domain.marketdata.Quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A quote book whose quotes a test sets. */
public final class FakeQuotes implements MarketDataService {

    private final ConcurrentHashMap<String, Quote> latest = new ConcurrentHashMap<>();

    public FakeQuotes quote(String symbol, String bid, String ask) {
        Instant now = Instant.parse("2024-03-01T14:30:00Z");
        latest.put(symbol, new Quote(symbol, "sim", new BigDecimal(bid), BigDecimal.valueOf(100),
                new BigDecimal(ask), BigDecimal.valueOf(100), now, now));
        return this;
    }

    public FakeQuotes clear(String symbol) {
        latest.remove(symbol);
        return this;
    }

    @Override
    public Optional<Quote> latest(String symbol) {
        return Optional.ofNullable(symbol == null ? null : latest.get(symbol));
    }

    @Override
    public Collection<Quote> all() {
        return List.copyOf(latest.values());
    }

    @Override
    public AutoCloseable subscribe(Consumer<Quote> listener) {
        return () -> { };
    }

    @Override
    public long accepted() {
        return 0;
    }

    @Override
    public long rejected() {
        return 0;
    }
}
