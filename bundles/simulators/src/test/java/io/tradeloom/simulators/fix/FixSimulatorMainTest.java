package io.tradeloom.simulators.fix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Set;

import org.junit.Test;

public class FixSimulatorMainTest {

    @Test
    public void parsesTheCommandLine() {
        FixSimulatorConfig c = FixSimulatorMain.parse(new String[] {"--port", "9881", "--sender", "B", "--target",
                "C", "--store", "x/y", "--ack-delay-ms", "5", "--fill-slices", "0", "--fill-interval-ms", "7",
                "--reject-symbols", "GME, AMC", "--fill-price", "AAPL=187.25", "--default-price", "50",
                "--rest-only"});
        assertEquals(9881, c.acceptPort());
        assertEquals("B", c.senderCompId());
        assertEquals("C", c.targetCompId());
        assertEquals(Path.of("x/y"), c.storeDir());
        assertEquals(5, c.ackDelayMillis());
        assertEquals(0, c.fillSlices());
        assertEquals(7, c.fillIntervalMillis());
        assertEquals(Set.of("GME", "AMC"), c.rejectSymbols());
        assertEquals(new BigDecimal("187.25"), c.fillPriceFor("AAPL"));
        assertEquals(new BigDecimal("50"), c.fillPriceFor("IBM"));
        assertTrue(c.restOnly());

        FixSimulatorConfig d = FixSimulatorMain.parse(new String[0]);
        assertEquals(9880, d.acceptPort());
        assertEquals("SIMBROKER", d.senderCompId());
        assertEquals("TRADELOOM", d.targetCompId());
        assertEquals(2, d.fillSlices());
        assertEquals(50, d.fillIntervalMillis());
        assertEquals(new BigDecimal("100.00"), d.fillPriceFor("AAPL"));
    }

    @Test
    public void refusesBadArguments() {
        for (String[] bad : new String[][] {{"--port", "x"}, {"--port", "70000"}, {"--fill-slices", "-1"},
                {"--fill-price", "AAPL"}, {"--nope"}, {"--sender"}, {"--sender", "SAME", "--target", "SAME"}}) {
            try {
                FixSimulatorMain.parse(bad);
                fail("accepted " + String.join(" ", bad));
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), !expected.getMessage().isBlank());
            }
        }
    }
}
