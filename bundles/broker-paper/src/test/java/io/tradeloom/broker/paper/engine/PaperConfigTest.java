package io.tradeloom.broker.paper.engine;

import org.junit.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class PaperConfigTest {

    @Test
    public void emptyPropertiesGiveTheDefaults() {
        PaperConfig c = PaperConfig.parse(Map.of());
        assertEquals("paper", c.venueId());
        assertEquals(FillModel.QUOTE, c.fillModel());
        assertEquals(0, c.slippageBps().signum());
        assertEquals(0L, c.latencyMillis());
        assertEquals(0, c.partialFillRatio().compareTo(BigDecimal.ONE));
        assertEquals(c, PaperConfig.parse(null));
        assertEquals(PaperConfig.defaults(), c);
    }

    @Test
    public void readsEveryKeyFromStringsAndNumbersAndIgnoresUnknownKeys() {
        Map<String, Object> p = new HashMap<>();
        p.put("id", "paper-eu");
        p.put("fill.model", "MID");
        p.put("slippage.bps", "2.5");
        p.put("latency.ms", 150);
        p.put("partial.fill.ratio", 0.25d);
        p.put("felix.fileinstall.filename", "file:/etc/io.tradeloom.broker.paper-eu.cfg");
        p.put("service.pid", "x");
        PaperConfig c = PaperConfig.parse(p);
        assertEquals("paper-eu", c.venueId());
        assertEquals(FillModel.MID, c.fillModel());
        assertEquals(0, c.slippageBps().compareTo(new BigDecimal("2.5")));
        assertEquals(150L, c.latencyMillis());
        assertEquals(0, c.partialFillRatio().compareTo(new BigDecimal("0.25")));
    }

    @Test
    public void blankValuesTakeTheDefault() {
        PaperConfig c = PaperConfig.parse(Map.of("id", " ", "fill.model", "", "slippage.bps", "  ",
                "latency.ms", "", "partial.fill.ratio", ""));
        assertEquals(PaperConfig.defaults(), c);
    }

    @Test
    public void ratioOfExactlyOneIsAllowed() {
        assertEquals(0, PaperConfig.parse(Map.of("partial.fill.ratio", "1"))
                .partialFillRatio().compareTo(BigDecimal.ONE));
    }

    @Test
    public void errorsNameTheKeyAndTheValue() {
        assertRejected("partial.fill.ratio", "1.5", "partial.fill.ratio=1.5: must be > 0 and <= 1");
        assertRejected("partial.fill.ratio", "0", "partial.fill.ratio=0: must be > 0 and <= 1");
        assertRejected("partial.fill.ratio", "-0.5", "partial.fill.ratio=-0.5: must be > 0 and <= 1");
        assertRejected("partial.fill.ratio", "half", "partial.fill.ratio=half: not a number");
        assertRejected("fill.model", "last", "fill.model=last: must be quote or mid");
        assertRejected("slippage.bps", "-1", "slippage.bps=-1: must be >= 0");
        assertRejected("slippage.bps", "abc", "slippage.bps=abc: not a number");
        assertRejected("slippage.bps", "10000", "slippage.bps=10000: must be < 10000 (100%)");
        assertRejected("latency.ms", "-5", "latency.ms=-5: must be >= 0");
        assertRejected("latency.ms", "1.5", "latency.ms=1.5: must be a whole number of milliseconds");
        assertRejected("latency.ms", "soon", "latency.ms=soon: must be a whole number of milliseconds");
    }

    @Test
    public void theRecordItselfRefusesBadValues() {
        try {
            new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("2"));
            fail("ratio 2 accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("partialFillRatio=2"));
        }
        try {
            new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, -1, BigDecimal.ONE);
            fail("negative latency accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("latencyMillis=-1"));
        }
        try {
            new PaperConfig("paper", FillModel.QUOTE, new BigDecimal("-3"), 0, BigDecimal.ONE);
            fail("negative slippage accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("slippageBps=-3"));
        }
    }

    private static void assertRejected(String key, String value, String message) {
        try {
            PaperConfig.parse(Map.of(key, value));
            fail(key + "=" + value + " was accepted");
        } catch (IllegalArgumentException e) {
            assertEquals(message, e.getMessage());
        }
    }
}
