package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class PolygonConfigTest {

    private static Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put("felix.fileinstall.filename", "file:/opt/etc/io.tradeloom.vendor.polygon-live.cfg");
        p.put("id", "poly");
        p.put("api.key", "SECRET-KEY-123");
        p.put("symbols", "AAPL,BRKB");
        p.put("symbol.map", "BRKB=BRK.B");
        return p;
    }

    @Test
    public void defaultsAndSubscribeParamsUseVendorTickers() {
        PolygonConfig c = PolygonConfig.parse(props());
        assertEquals("wss://socket.polygon.io/stocks", c.wsUrl().toString());
        assertEquals("https://api.polygon.io", c.restUrl().toString());
        assertEquals(500, c.backoffMinMillis());
        assertEquals(30_000, c.backoffMaxMillis());
        assertEquals("T.AAPL,T.BRK.B,Q.AAPL,Q.BRK.B,AM.AAPL,AM.BRK.B", c.subscribeParams());
        assertEquals("BRKB", c.symbolMap().fromVenue("BRK.B"));
    }

    @Test
    public void toStringNeverShowsTheKey() {
        PolygonConfig c = PolygonConfig.parse(props());
        assertFalse(c.toString(), c.toString().contains("SECRET-KEY-123"));
        assertTrue(c.toString().contains("apiKey=****"));
    }

    @Test
    public void badValuesNameFileKeyAndValue() {
        Map<String, Object> p = props();
        p.put("channels", "Q,XX");
        SettingsException e = assertThrows(SettingsException.class, () -> PolygonConfig.parse(p));
        assertTrue(e.getMessage(), e.getMessage().startsWith("io.tradeloom.vendor.polygon-live.cfg: channels=Q,XX"));

        Map<String, Object> p2 = props();
        p2.put("reconnect.backoff.min.ms", "5000");
        p2.put("reconnect.backoff.max.ms", "1000");
        e = assertThrows(SettingsException.class, () -> PolygonConfig.parse(p2));
        assertTrue(e.getMessage(), e.getMessage().contains("reconnect.backoff.max.ms=1000"));

        Map<String, Object> p3 = props();
        p3.put("ws.url", "ftp://x");
        e = assertThrows(SettingsException.class, () -> PolygonConfig.parse(p3));
        assertTrue(e.getMessage(), e.getMessage().contains("ws.url=ftp://x must be a ws or wss URL"));
    }

    @Test
    public void missingKeyIsNamedAndAKeyInAUrlIsRefusedWithoutEchoingIt() {
        Map<String, Object> p = props();
        p.remove("api.key");
        SettingsException e = assertThrows(SettingsException.class, () -> PolygonConfig.parse(p));
        assertTrue(e.getMessage(), e.getMessage().contains("api.key=(missing) is required"));

        Map<String, Object> p2 = props();
        p2.put("rest.url", "https://api.polygon.io?apiKey=LEAKED");
        e = assertThrows(SettingsException.class, () -> PolygonConfig.parse(p2));
        assertTrue(e.getMessage(), e.getMessage().contains("must not carry the API key"));
        assertFalse(e.getMessage(), e.getMessage().contains("LEAKED"));

        Map<String, Object> p3 = props();
        p3.put("symbols", "*,AAPL");
        e = assertThrows(SettingsException.class, () -> PolygonConfig.parse(p3));
        assertTrue(e.getMessage(), e.getMessage().contains("symbols=*,AAPL"));
    }
}
