package io.tradeloom.vendor.sim.internal;

import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

public class SimConfigTest {

    private static final String FILE = "io.tradeloom.vendor.sim-default.cfg";

    private static Map<String, Object> props(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/karaf/etc/" + FILE);
        m.put("service.pid", "io.tradeloom.vendor.sim.6f1e");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static SettingsException rejected(String... kv) {
        try {
            SimConfig c = SimConfig.parse(props(kv));
            fail("expected a SettingsException, got " + c);
        } catch (SettingsException e) {
            return e;
        }
        return null;
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals("expected " + expected + " but was " + actual, 0, new BigDecimal(expected).compareTo(actual));
    }

    @Test
    public void defaults() {
        SimConfig c = SimConfig.parse(props());
        assertEquals("sim", c.id());
        assertEquals(List.of("AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "SPY"), c.symbols());
        assertEquals(200L, c.ticksPerSecond());
        assertDecimal("0.2", c.tradeRatio());
        assertDecimal("5", c.volatilityBps());
        assertDecimal("2", c.spreadBps());
        assertEquals(c.symbols().size(), c.startPrices().size());
        for (String sym : c.symbols()) {
            assertDecimal("100", c.startPrices().get(sym));
        }
    }

    @Test
    public void defaultsFromEmptyOrNullProperties() {
        assertEquals(SimConfig.parse(props()), SimConfig.parse(Map.of()));
        assertEquals(SimConfig.parse(props()), SimConfig.parse(null));
    }

    @Test
    public void blankValuesGiveDefaults() {
        SimConfig c = SimConfig.parse(props("id", " ", "symbols", " , ", "ticks.per.second", "", "trade.ratio", " "));
        assertEquals("sim", c.id());
        assertEquals(6, c.symbols().size());
        assertEquals(200L, c.ticksPerSecond());
        assertDecimal("0.2", c.tradeRatio());
    }

    @Test
    public void allSettingsAreRead() {
        SimConfig c = SimConfig.parse(props("id", "sim-eu", "symbols", " VOD.L , BRK/B,^FTSE", "ticks.per.second",
                "1000", "trade.ratio", "0.5", "volatility.bps", "12.5", "spread.bps", "0", "start.price", "42.10"));
        assertEquals("sim-eu", c.id());
        assertEquals(List.of("VOD.L", "BRK/B", "^FTSE"), c.symbols());
        assertEquals(1000L, c.ticksPerSecond());
        assertDecimal("0.5", c.tradeRatio());
        assertDecimal("12.5", c.volatilityBps());
        assertDecimal("0", c.spreadBps());
        assertDecimal("42.10", c.startPrices().get("VOD.L"));
        assertDecimal("42.10", c.startPrices().get("^FTSE"));
    }

    @Test
    public void perSymbolStartPricesOverrideTheDefault() {
        SimConfig c = SimConfig.parse(props("symbols", "AAPL,MSFT,SPY", "start.price", "50",
                "start.price.AAPL", "190.00", "start.price.SPY", "560.25", "start.price.GOOG", "170"));
        assertDecimal("190.00", c.startPrices().get("AAPL"));
        assertDecimal("50", c.startPrices().get("MSFT"));
        assertDecimal("560.25", c.startPrices().get("SPY"));
        // a price for a symbol that is not configured is not carried
        assertNull(c.startPrices().get("GOOG"));
        assertEquals(3, c.startPrices().size());
    }

    @Test
    public void shippedConfigurationParses() {
        SimConfig c = SimConfig.parse(props("id", "sim", "symbols", "AAPL,MSFT,GOOG,AMZN,TSLA,SPY",
                "ticks.per.second", "200", "trade.ratio", "0.2", "volatility.bps", "5", "spread.bps", "2",
                "start.price", "100", "start.price.AAPL", "190.00", "start.price.MSFT", "420.00",
                "start.price.GOOG", "170.00", "start.price.AMZN", "185.00", "start.price.TSLA", "250.00",
                "start.price.SPY", "560.00"));
        assertDecimal("420", c.startPrices().get("MSFT"));
        assertDecimal("560", c.startPrices().get("SPY"));
    }

    @Test
    public void boundaryValuesAreAccepted() {
        SimConfig lo = SimConfig.parse(props("ticks.per.second", "1", "trade.ratio", "0", "volatility.bps", "0",
                "spread.bps", "0", "start.price", "0.01"));
        assertEquals(1L, lo.ticksPerSecond());
        assertDecimal("0", lo.tradeRatio());
        assertDecimal("0.01", lo.startPrices().get("AAPL"));
        SimConfig hi = SimConfig.parse(props("ticks.per.second", "1000000", "trade.ratio", "1",
                "volatility.bps", "1000", "spread.bps", "1000"));
        assertEquals(1_000_000L, hi.ticksPerSecond());
        assertDecimal("1", hi.tradeRatio());
    }

    @Test
    public void validIdsAreAccepted() {
        SimConfig c = SimConfig.parse(props("id", "a"));
        assertEquals("a", c.id());
        assertEquals("0.feed_2-x", SimConfig.parse(props("id", "0.feed_2-x")).id());
    }

    @Test
    public void badIdsAreRejected() {
        for (String id : List.of("Sim", "-sim", "sim feed", "sim!", "sim/1", "x".repeat(65))) {
            SettingsException e = rejected("id", id);
            assertEquals(FILE + ": id=" + id + " must match [a-z0-9][a-z0-9._-]*", e.getMessage());
            assertEquals("id", e.key());
            assertEquals(id, e.value());
        }
    }

    @Test
    public void longestIdIsAccepted() {
        String id = "x".repeat(64);
        assertEquals(id, SimConfig.parse(props("id", id)).id());
    }

    @Test
    public void lowerCaseSymbolIsRejected() {
        SettingsException e = rejected("symbols", "AAPL, msft ,SPY");
        assertEquals(FILE + ": symbols=AAPL, msft ,SPY symbol 'msft' is not an upper-case ticker", e.getMessage());
        assertEquals("symbols", e.key());
        assertEquals("AAPL, msft ,SPY", e.value());
    }

    @Test
    public void symbolWithSpaceOrTooLongIsRejected() {
        SettingsException space = rejected("symbols", "BRK B");
        assertEquals(FILE + ": symbols=BRK B symbol 'BRK B' is not an upper-case ticker", space.getMessage());
        String longSym = "A".repeat(21);
        SettingsException tooLong = rejected("symbols", longSym);
        assertEquals(FILE + ": symbols=" + longSym + " symbol '" + longSym + "' is not an upper-case ticker",
                tooLong.getMessage());
    }

    @Test
    public void rateOutOfRangeIsRejected() {
        assertEquals(FILE + ": ticks.per.second=0 must be between 1 and 1000000",
                rejected("ticks.per.second", "0").getMessage());
        assertEquals(FILE + ": ticks.per.second=-5 must be between 1 and 1000000",
                rejected("ticks.per.second", "-5").getMessage());
        SettingsException e = rejected("ticks.per.second", "1000001");
        assertEquals(FILE + ": ticks.per.second=1000001 must be between 1 and 1000000", e.getMessage());
        assertEquals("ticks.per.second", e.key());
        assertEquals("1000001", e.value());
    }

    @Test
    public void rateNotAWholeNumberIsRejected() {
        assertEquals(FILE + ": ticks.per.second=fast not a whole number",
                rejected("ticks.per.second", "fast").getMessage());
        assertEquals(FILE + ": ticks.per.second=2.5 not a whole number",
                rejected("ticks.per.second", "2.5").getMessage());
    }

    @Test
    public void tradeRatioAboveOneIsRejected() {
        SettingsException e = rejected("trade.ratio", "1.5");
        assertEquals(FILE + ": trade.ratio=1.5 must be between 0 and 1", e.getMessage());
        assertEquals("trade.ratio", e.key());
        assertEquals("1.5", e.value());
        assertEquals(FILE + ": trade.ratio=1.0001 must be between 0 and 1",
                rejected("trade.ratio", "1.0001").getMessage());
    }

    @Test
    public void negativeTradeRatioIsRejected() {
        assertEquals(FILE + ": trade.ratio=-0.1 must be between 0 and 1",
                rejected("trade.ratio", "-0.1").getMessage());
    }

    @Test
    public void tradeRatioNotANumberIsRejected() {
        assertEquals(FILE + ": trade.ratio=20% not a number", rejected("trade.ratio", "20%").getMessage());
    }

    @Test
    public void volatilityAndSpreadOutOfRangeAreRejected() {
        assertEquals(FILE + ": volatility.bps=1001 must be between 0 and 1000",
                rejected("volatility.bps", "1001").getMessage());
        assertEquals(FILE + ": spread.bps=-1 must be between 0 and 1000",
                rejected("spread.bps", "-1").getMessage());
    }

    @Test
    public void startPriceBelowOneCentIsRejected() {
        assertEquals(FILE + ": start.price=0 must be between 0.01 and 1000000000",
                rejected("start.price", "0").getMessage());
        SettingsException e = rejected("symbols", "AAPL", "start.price.AAPL", "0.001");
        assertEquals(FILE + ": start.price.AAPL=0.001 must be between 0.01 and 1000000000", e.getMessage());
        assertEquals("start.price.AAPL", e.key());
    }

    @Test
    public void badStartPriceOfUnconfiguredSymbolIsIgnored() {
        SimConfig c = SimConfig.parse(props("symbols", "AAPL", "start.price.MSFT", "oops"));
        assertEquals(List.of("AAPL"), c.symbols());
    }

    @Test
    public void errorNamesServicePidWithoutFile() {
        SettingsException e;
        try {
            SimConfig.parse(Map.of("service.pid", "io.tradeloom.vendor.sim.6f1e", "trade.ratio", "2"));
            fail("expected a SettingsException");
            return;
        } catch (SettingsException ex) {
            e = ex;
        }
        assertEquals("io.tradeloom.vendor.sim.6f1e: trade.ratio=2 must be between 0 and 1", e.getMessage());
    }

    @Test
    public void duplicateSymbolsAndHugeStartPriceAreRejected() {
        assertEquals(FILE + ": symbols=AAPL,AAPL lists a symbol twice", rejected("symbols", "AAPL,AAPL").getMessage());
        assertEquals(FILE + ": start.price=1e17 must be between 0.01 and 1000000000",
                rejected("start.price", "1e17").getMessage());
    }

    @Test
    public void faultInjectionKey() {
        assertEquals(SimConfig.Fault.NONE, SimConfig.parse(props()).fault());
        assertEquals(SimConfig.Fault.SILENT, SimConfig.parse(props("fault", "silent")).fault());
        assertEquals(SimConfig.Fault.DISCONNECT, SimConfig.parse(props("fault", "DISCONNECT")).fault());
        SettingsException e = rejected("fault", "crash");
        assertEquals(FILE + ": fault=crash must be one of [none, silent, disconnect]", e.getMessage());
    }
}
