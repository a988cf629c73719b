package io.tradeloom.domain.validation;

import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Stateless sanity rules for one market-data event. Rules across events (monotonic time, jumps) live in core. */
public final class MarketDataValidator {

    private MarketDataValidator() {
    }

    /**
     * Whether {@link #validate} would find nothing, without building a list (the market-data hot path asks this
     * for every tick and words the violations only for the rare invalid one).
     */
    public static boolean isValid(MarketDataEvent event) {
        String symbol = event.symbol();
        // Blank only if it starts with whitespace: one character looked at per tick, not the whole symbol.
        if (symbol.isEmpty() || Character.isWhitespace(symbol.charAt(0)) && symbol.isBlank()) {
            return false;
        }
        if (event instanceof Quote q) {
            BigDecimal bid = q.bid();
            BigDecimal ask = q.ask();
            return (bid != null || ask != null)
                    && (bid == null || bid.signum() > 0) && (ask == null || ask.signum() > 0)
                    && (q.bidSize() == null || q.bidSize().signum() >= 0)
                    && (q.askSize() == null || q.askSize().signum() >= 0)
                    && !q.crossed();
        }
        if (event instanceof Trade t) {
            return t.price().signum() > 0 && t.size().signum() >= 0;
        }
        return validate(event).isEmpty(); // bars: rare, and worded the same way either way
    }

    public static List<Violation> validate(MarketDataEvent event) {
        List<Violation> v = new ArrayList<>(0);
        if (event.symbol().isBlank()) {
            v.add(Violation.of("symbol", event.symbol(), "must not be blank"));
        }
        if (event instanceof Quote q) {
            quote(q, v);
        } else if (event instanceof Trade t) {
            trade(t, v);
        } else if (event instanceof Bar b) {
            bar(b, v);
        }
        return v;
    }

    private static void quote(Quote q, List<Violation> v) {
        if (q.bid() == null && q.ask() == null) {
            v.add(Violation.of("bid", null, "a quote needs a bid or an ask"));
        }
        positiveIfPresent("bid", q.bid(), v);
        positiveIfPresent("ask", q.ask(), v);
        notNegativeIfPresent("bidSize", q.bidSize(), v);
        notNegativeIfPresent("askSize", q.askSize(), v);
        if (q.crossed()) {
            v.add(Violation.of("bid", q.bid(), "crossed: above ask " + q.ask().toPlainString()));
        }
    }

    private static void trade(Trade t, List<Violation> v) {
        if (t.price().signum() <= 0) {
            v.add(Violation.of("price", t.price(), "must be greater than 0"));
        }
        if (t.size().signum() < 0) {
            v.add(Violation.of("size", t.size(), "must not be negative"));
        }
    }

    private static void bar(Bar b, List<Violation> v) {
        BigDecimal top = b.open().max(b.close());
        BigDecimal bottom = b.open().min(b.close());
        if (b.high().compareTo(top) < 0) {
            v.add(Violation.of("high", b.high(), "below max(open, close) " + top.toPlainString()));
        }
        if (b.low().compareTo(bottom) > 0) {
            v.add(Violation.of("low", b.low(), "above min(open, close) " + bottom.toPlainString()));
        }
        if (b.low().signum() <= 0) {
            v.add(Violation.of("low", b.low(), "must be greater than 0"));
        }
        if (b.volume().signum() < 0) {
            v.add(Violation.of("volume", b.volume(), "must not be negative"));
        }
        if (b.interval().isNegative() || b.interval().isZero()) {
            v.add(Violation.of("interval", b.interval(), "must be positive"));
        }
    }

    private static void positiveIfPresent(String field, BigDecimal value, List<Violation> v) {
        if (value != null && value.signum() <= 0) {
            v.add(Violation.of(field, value, "must be greater than 0"));
        }
    }

    private static void notNegativeIfPresent(String field, BigDecimal value, List<Violation> v) {
        if (value != null && value.signum() < 0) {
            v.add(Violation.of(field, value, "must not be negative"));
        }
    }
}
