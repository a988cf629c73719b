package io.tradeloom.simulators.fix.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import io.tradeloom.simulators.fix.FixSimulatorConfig;

public class SimulatorSettingsTest {

    @Test
    public void readsEveryKey() {
        Map<String, Object> p = new HashMap<>();
        p.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.tradeloom.simulator.fix-demo.cfg");
        p.put("port", "9890");
        p.put("sender.comp.id", "BRK");
        p.put("target.comp.id", "TL");
        p.put("ack.delay.ms", "15");
        p.put("fill.slices", "4");
        p.put("fill.interval.ms", "250");
        p.put("reject.symbols", "GME,AMC");
        p.put("fill.price.AAPL", "187.5");
        p.put("rest.only", "true");
        FixSimulatorConfig c = SimulatorSettings.read(p, Path.of("/data"));
        assertEquals("demo", SimulatorSettings.name(p));
        assertEquals(Path.of("/data/simulators/fix-demo"), c.storeDir());
        assertEquals(9890, c.acceptPort());
        assertEquals("BRK", c.senderCompId());
        assertEquals("TL", c.targetCompId());
        assertEquals(15, c.ackDelayMillis());
        assertEquals(4, c.fillSlices());
        assertEquals(250, c.fillIntervalMillis());
        assertEquals(Set.of("GME", "AMC"), c.rejectSymbols());
        assertEquals(new BigDecimal("187.5"), c.fillPriceFor("AAPL"));
        assertTrue(c.restOnly());
    }

    @Test
    public void defaultsAndExplicitStore() {
        Map<String, Object> p = new HashMap<>();
        p.put("store.dir", "/tmp/sim");
        p.put("reject.symbols", new String[] {"X", " Y "});
        FixSimulatorConfig c = SimulatorSettings.read(p, Path.of("/data"));
        assertEquals(SimulatorSettings.DEFAULT_PORT, c.acceptPort());
        assertEquals(Path.of("/tmp/sim"), c.storeDir());
        assertEquals("SIMBROKER", c.senderCompId());
        assertEquals("TRADELOOM", c.targetCompId());
        assertEquals(Set.of("X", "Y"), c.rejectSymbols());
        assertEquals("default", SimulatorSettings.name(Map.of()));
        assertEquals("b", SimulatorSettings.name(Map.of("service.pid", "io.tradeloom.simulator.fix~b",
                "service.factoryPid", "io.tradeloom.simulator.fix")));
    }

    @Test
    public void badValuesNameKeyAndValue() {
        String[][] cases = {{"port", "99999", "port=99999"}, {"fill.slices", "many", "fill.slices=many"},
                {"fill.price.AAPL", "-1", "fill.price.AAPL=-1"}, {"rest.only", "maybe", "rest.only=maybe"},
                {"ack.delay.ms", "-5", "ack.delay.ms=-5"}};
        for (String[] c : cases) {
            try {
                SimulatorSettings.read(Map.of(c[0], c[1]), Path.of("/data"));
                fail("accepted " + c[0] + "=" + c[1]);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(c[2]));
            }
        }
    }
}
