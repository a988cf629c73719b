package io.tradeloom.api.rest.internal;

import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.util.HexFormat;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ApiKeysTest {

    private static final String TRADE_SECRET = "trade-secret-0123456789";
    private static final String READ_SECRET = "read-secret-0123456789";

    @Test
    public void plainAndHashedKeysAuthenticateWithTheirRole() {
        String hashed = HexFormat.of().formatHex(ApiKeys.sha256(READ_SECRET));
        ApiKeys keys = ApiKeys.parse(Map.of("apikey.desk", "trade:" + TRADE_SECRET, "apikey.monitor",
                "read:sha256:" + hashed, "port", "1234"), "io.tradeloom.api.rest.cfg");
        assertEquals(2, keys.size());
        ApiKeys.Key desk = keys.authenticate(TRADE_SECRET).orElseThrow();
        assertEquals("desk", desk.name());
        assertEquals(ApiKeys.Role.TRADE, desk.role());
        ApiKeys.Key monitor = keys.authenticate(READ_SECRET).orElseThrow();
        assertEquals("monitor", monitor.name());
        assertEquals(ApiKeys.Role.READ, monitor.role());
        assertFalse(keys.authenticate("nope-nope-nope-nope").isPresent());
        assertFalse(keys.authenticate(hashed).isPresent());
        assertFalse(keys.authenticate("").isPresent());
        assertFalse(keys.authenticate(null).isPresent());
    }

    @Test
    public void rolesAllowWhatTheySay() {
        assertTrue(ApiKeys.Role.TRADE.allows(ApiKeys.Role.READ));
        assertTrue(ApiKeys.Role.TRADE.allows(ApiKeys.Role.TRADE));
        assertTrue(ApiKeys.Role.READ.allows(ApiKeys.Role.READ));
        assertFalse(ApiKeys.Role.READ.allows(ApiKeys.Role.TRADE));
    }

    @Test
    public void badEntriesNameFileAndKeyButNeverTheSecret() {
        String[][] cases = {
            {"admin:" + TRADE_SECRET, "role must be read or trade"},
            {"trade:short", "at least 16"},
            {"trade:sha256:abc", "64 hex digits"},
            {TRADE_SECRET, "<role>:<secret>"},
        };
        for (String[] c : cases) {
            try {
                ApiKeys.parse(Map.of("apikey.desk", c[0]), "io.tradeloom.api.rest.cfg");
                fail("accepted " + c[1]);
            } catch (SettingsException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("io.tradeloom.api.rest.cfg: apikey.desk="));
                assertTrue(e.getMessage(), e.getMessage().contains(c[1]));
                assertFalse(e.getMessage(), e.getMessage().contains(TRADE_SECRET));
                assertFalse(e.getMessage(), e.getMessage().contains("short"));
            }
        }
    }

    @Test
    public void toStringShowsNamesAndRolesOnly() {
        ApiKeys keys = ApiKeys.parse(Map.of("apikey.desk", "trade:" + TRADE_SECRET), "f");
        String s = keys.toString() + keys.authenticate(TRADE_SECRET).orElseThrow();
        assertTrue(s, s.contains("desk") && s.contains("trade"));
        assertFalse(s, s.contains(TRADE_SECRET));
        assertFalse(s, s.contains(HexFormat.of().formatHex(ApiKeys.sha256(TRADE_SECRET))));
    }

    @Test
    public void configDefaultsAndRange() {
        RestConfig c = RestConfig.parse(Map.of());
        assertEquals("127.0.0.1", c.host());
        assertEquals(8182, c.port());
        assertTrue(c.healthOpen());
        assertEquals(0, c.keys().size());
        try {
            RestConfig.parse(Map.of("port", "70000"));
            fail("port 70000 accepted");
        } catch (SettingsException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("port=70000"));
        }
        assertTrue(c.sameListener(RestConfig.parse(Map.of("apikey.x", "read:" + READ_SECRET))));
        assertFalse(c.sameListener(RestConfig.parse(Map.of("port", "8183"))));
    }
}
