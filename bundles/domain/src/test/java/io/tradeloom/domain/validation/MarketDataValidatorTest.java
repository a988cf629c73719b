package io.tradeloom.domain.validation;

import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class MarketDataValidatorTest {

    private static final Instant T = Instant.parse("2024-03-01T14:30:00Z");

    private static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static Quote quote(String bid, String bidSize, String ask, String askSize) {
        return new Quote("AAPL", "sim", d(bid), d(bidSize), d(ask), d(askSize), T, T);
    }

    private static Trade trade(String price, String size) {
        return new Trade("AAPL", "sim", d(price), d(size), "T-1", T, T);
    }

    private static Bar bar(Duration interval, String open, String high, String low, String close, String volume) {
        return new Bar("AAPL", "sim", interval, d(open), d(high), d(low), d(close), d(volume), T, T);
    }

    private static Bar bar(String open, String high, String low, String close) {
        return bar(Duration.ofMinutes(1), open, high, low, close, "1000");
    }

    private static List<String> messages(MarketDataEvent e) {
        return MarketDataValidator.validate(e).stream().map(Violation::toString).collect(Collectors.toList());
    }

    private static void assertOnly(String expected, MarketDataEvent e) {
        assertEquals(List.of(expected), messages(e));
    }

    private static void assertValid(MarketDataEvent e) {
        assertEquals(List.of(), messages(e));
        assertTrue(MarketDataValidator.validate(e).isEmpty());
    }

    // ---- quotes --------------------------------------------------------------------------------------------

    @Test
    public void validQuotesPass() {
        assertValid(quote("10.00", "500", "10.01", "300"));
        assertValid(quote("10.00", "0", "10.00", "0")); // locked is not crossed; zero size is allowed
        assertValid(quote("10.00", "500", null, null)); // one-sided
        assertValid(quote(null, null, "10.01", "300"));
    }

    @Test
    public void crossedQuote() {
        assertOnly("bid=10.05: crossed: above ask 10.00", quote("10.05", "100", "10.00", "100"));
    }

    @Test
    public void negativeSizes() {
        assertOnly("bidSize=-1: must not be negative", quote("10.00", "-1", "10.01", "300"));
        assertOnly("askSize=-300: must not be negative", quote("10.00", "1", "10.01", "-300"));
    }

    @Test
    public void quoteWithNoSide() {
        assertOnly("bid=(missing): a quote needs a bid or an ask", quote(null, "100", null, "100"));
    }

    @Test
    public void nonPositivePrices() {
        assertOnly("bid=0: must be greater than 0", quote("0", "1", "10.01", "1"));
        assertOnly("ask=-0.01: must be greater than 0", quote(null, null, "-0.01", "1"));
    }

    @Test
    public void allQuoteProblemsAreReportedTogether() {
        assertEquals(List.of("bid=-1: must be greater than 0", "ask=-2: must be greater than 0",
                        "bidSize=-3: must not be negative", "askSize=-4: must not be negative",
                        "bid=-1: crossed: above ask -2"),
                messages(quote("-1", "-3", "-2", "-4")));
    }

    @Test
    public void blankSymbol() {
        assertOnly("symbol= : must not be blank", new Quote(" ", "sim", d("1"), d("1"), d("2"), d("1"), T, T));
        assertOnly("symbol=: must not be blank", new Trade("", "sim", d("1"), d("1"), null, T, T));
    }

    // ---- trades --------------------------------------------------------------------------------------------

    @Test
    public void validTradesPass() {
        assertValid(trade("187.25", "100"));
        assertValid(trade("0.0001", "0")); // odd-lot or size-less prints
    }

    @Test
    public void tradePriceMustBePositive() {
        assertOnly("price=0: must be greater than 0", trade("0", "100"));
        assertOnly("price=-187.25: must be greater than 0", trade("-187.25", "100"));
    }

    @Test
    public void tradeSizeMustNotBeNegative() {
        assertOnly("size=-100: must not be negative", trade("187.25", "-100"));
    }

    // ---- bars ----------------------------------------------------------------------------------------------

    @Test
    public void validBarsPass() {
        assertValid(bar("10", "11", "9", "10.5"));
        assertValid(bar("10", "10", "10", "10")); // flat bar
        assertValid(bar(Duration.ofDays(1), "10.5", "10.5", "9.5", "9.5", "0"));
    }

    @Test
    public void highBelowOpenOrClose() {
        assertOnly("high=10.4: below max(open, close) 10.5", bar("10", "10.4", "9", "10.5"));
        assertOnly("high=10.9: below max(open, close) 11", bar("11", "10.9", "9", "10"));
    }

    @Test
    public void lowAboveOpenOrClose() {
        assertOnly("low=10.1: above min(open, close) 10", bar("10", "11", "10.1", "10.5"));
        assertOnly("low=10.6: above min(open, close) 10.5", bar("11", "12", "10.6", "10.5"));
    }

    @Test
    public void highBelowLowIsCaught() {
        List<String> m = messages(bar("10", "9", "11", "10"));
        assertEquals(List.of("high=9: below max(open, close) 10", "low=11: above min(open, close) 10"), m);
    }

    @Test
    public void lowMustBePositive() {
        assertOnly("low=0: must be greater than 0", bar("1", "2", "0", "1"));
    }

    @Test
    public void volumeMustNotBeNegative() {
        assertOnly("volume=-1: must not be negative", bar(Duration.ofMinutes(5), "10", "11", "9", "10", "-1"));
    }

    @Test
    public void intervalMustBePositive() {
        assertOnly("interval=PT0S: must be positive", bar(Duration.ZERO, "10", "11", "9", "10", "1"));
        assertOnly("interval=PT-1M: must be positive", bar(Duration.ofMinutes(-1), "10", "11", "9", "10", "1"));
        assertValid(bar(Duration.ofNanos(1), "10", "11", "9", "10", "1"));
    }

    /** isValid (the hot path's check) agrees with validate() on every combination of these values. */
    @Test
    public void isValidAgreesWithValidateOnEveryCombination() {
        String[] values = {null, "-1.5", "0", "0.00", "0.01", "10", "10.00", "10.5", "11"};
        String[] symbols = {"AAPL", " ", "", "\u3000\u2003", " A", "\u3000B"};
        int valid = 0;
        int checked = 0;
        for (String sym : symbols) {
            for (String bid : values) {
                for (String bidSize : values) {
                    for (String ask : values) {
                        for (String askSize : values) {
                            Quote q = new Quote(sym, "sim", d(bid), d(bidSize), d(ask), d(askSize), T, T);
                            boolean expected = MarketDataValidator.validate(q).isEmpty();
                            assertEquals(q.toString(), expected, MarketDataValidator.isValid(q));
                            valid += expected ? 1 : 0;
                            checked++;
                        }
                    }
                }
                if (bid == null) {
                    continue;
                }
                for (String size : values) {
                    if (size == null) {
                        continue;
                    }
                    Trade t = new Trade(sym, "sim", d(bid), d(size), "T-1", T, T);
                    boolean expected = MarketDataValidator.validate(t).isEmpty();
                    assertEquals(t.toString(), expected, MarketDataValidator.isValid(t));
                    valid += expected ? 1 : 0;
                    checked++;
                }
            }
        }
        for (String[] b : new String[][] {{"10", "11", "9", "10.5"}, {"10", "9", "9", "10.5"}, {"10", "11", "0", "10"}}) {
            Bar bar = bar(b[0], b[1], b[2], b[3]);
            assertEquals(MarketDataValidator.validate(bar).isEmpty(), MarketDataValidator.isValid(bar));
        }
        // Both outcomes occur many times, so the comparison means something.
        assertTrue("valid " + valid + " of " + checked, valid > 100 && checked - valid > 100);
    }
}
