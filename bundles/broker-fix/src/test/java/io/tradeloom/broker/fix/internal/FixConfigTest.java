package io.tradeloom.broker.fix.internal;

import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.Test;
import quickfix.ConfigError;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class FixConfigTest {

    private static final String FILE = "io.tradeloom.broker.fix-acme.cfg";
    private static final Path DATA = Paths.get("/var/tradeloom/data");

    private static Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", "io.tradeloom.broker.fix.8d7c0a4e-1");
        p.put("service.factoryPid", "io.tradeloom.broker.fix");
        p.put("felix.fileinstall.filename", "file:/opt/karaf/etc/" + FILE);
        p.put("id", "acme");
        p.put("SenderCompID", "TRADELOOM");
        p.put("TargetCompID", "ACME");
        p.put("SocketConnectHost", "fix.acme.example");
        p.put("SocketConnectPort", "9878");
        return p;
    }

    private static SettingsException refused(Map<String, Object> p, String key) {
        SettingsException e = assertThrows(SettingsException.class, () -> FixConfig.parse(p, DATA));
        assertEquals(e.getMessage(), key, e.key());
        assertEquals(e.getMessage(), FILE, e.source());
        assertTrue(e.getMessage(), e.getMessage().startsWith(FILE + ": "));
        assertTrue(e.getMessage(), e.getMessage().contains(key));
        return e;
    }

    @Test
    public void minimalConfiguration() throws Exception {
        FixConfig c = FixConfig.parse(props(), DATA);
        SessionID sid = new SessionID("FIX.4.4", "TRADELOOM", "ACME");
        assertEquals("acme", c.id());
        assertEquals(sid, c.sessionId());
        assertNull(c.account());
        assertEquals(0, c.orderRateLimit());
        assertEquals(FixConfig.WhenDown.REJECT, c.whenDown());
        assertNull(c.logonPassword());
        assertEquals(EnumSet.allOf(OrderType.class), c.orderTypes());
        assertEquals(EnumSet.allOf(TimeInForce.class), c.timeInForces());
        assertEquals("BRK.B", c.symbols().toVenue("BRK.B"));

        SessionSettings qf = c.quickfix();
        assertEquals("initiator", qf.getString(sid, "ConnectionType"));
        assertEquals("fix.acme.example", qf.getString(sid, "SocketConnectHost"));
        assertEquals("9878", qf.getString(sid, "SocketConnectPort"));
        assertEquals("30", qf.getString(sid, "HeartBtInt"));
        assertEquals("5", qf.getString(sid, "ReconnectInterval"));
        assertEquals("FIX44.xml", qf.getString(sid, "DataDictionary"));
        assertEquals("N", qf.getString(sid, "ResetOnLogon"));
        assertEquals(DATA.resolve("fix").resolve("acme").resolve("store").toString(),
                qf.getString(sid, "FileStorePath"));
        // Exactly one session.
        Iterator<SessionID> it = qf.sectionIterator();
        assertEquals(sid, it.next());
        assertFalse(it.hasNext());
    }

    @Test
    public void requiredKeysMissingNameFileAndKey() {
        for (String key : List.of("SenderCompID", "TargetCompID", "SocketConnectHost", "SocketConnectPort")) {
            Map<String, Object> p = props();
            p.remove(key);
            SettingsException e = refused(p, key);
            assertTrue(e.getMessage(), e.getMessage().contains("required"));

            Map<String, Object> blank = props();
            blank.put(key, "  ");
            refused(blank, key);
        }
    }

    @Test
    public void sourceIsThePidWithoutAFile() {
        Map<String, Object> p = props();
        p.remove("felix.fileinstall.filename");
        p.remove("SenderCompID");
        SettingsException e = assertThrows(SettingsException.class, () -> FixConfig.parse(p, DATA));
        assertEquals("io.tradeloom.broker.fix.8d7c0a4e-1", e.source());
        assertEquals("SenderCompID", e.key());
    }

    @Test
    public void badPortIsRefused() {
        for (String bad : List.of("abc", "0", "65536", "-1", "98.5")) {
            Map<String, Object> p = props();
            p.put("SocketConnectPort", bad);
            SettingsException e = refused(p, "SocketConnectPort");
            assertEquals(bad, e.value());
        }
    }

    @Test
    public void badHeartbeatIntervalIsRefused() {
        for (String bad : List.of("x", "0", "3601")) {
            Map<String, Object> p = props();
            p.put("HeartBtInt", bad);
            refused(p, "HeartBtInt");
        }
        Map<String, Object> p = props();
        p.put("ReconnectInterval", "0");
        refused(p, "ReconnectInterval");
    }

    @Test
    public void onlyFix44IsAccepted() throws Exception {
        for (String bad : List.of("FIX.4.2", "FIXT.1.1", "fix.4.4")) {
            Map<String, Object> p = props();
            p.put("BeginString", bad);
            SettingsException e = refused(p, "BeginString");
            assertTrue(e.getMessage(), e.getMessage().contains(bad));
        }
        Map<String, Object> p = props();
        p.put("BeginString", "FIX.4.4");
        assertEquals("FIX.4.4", FixConfig.parse(p, DATA).sessionId().getBeginString());
    }

    @Test
    public void unknownOrderTypeIsRefusedNamingTheEntry() {
        Map<String, Object> p = props();
        p.put("order.types", "market, limit, iceberg");
        SettingsException e = refused(p, "order.types");
        assertTrue(e.getMessage(), e.getMessage().contains("'iceberg'"));

        Map<String, Object> t = props();
        t.put("tifs", "day,gtd");
        SettingsException te = refused(t, "tifs");
        assertTrue(te.getMessage(), te.getMessage().contains("'gtd'"));
    }

    @Test
    public void orderTypesAndTimeInForcesAreRead() {
        Map<String, Object> p = props();
        p.put("order.types", "market,limit,stop-limit");
        p.put("tifs", "day,ioc");
        FixConfig c = FixConfig.parse(p, DATA);
        assertEquals(EnumSet.of(OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_LIMIT), c.orderTypes());
        assertEquals(EnumSet.of(TimeInForce.DAY, TimeInForce.IOC), c.timeInForces());
    }

    @Test
    public void upperCaseKeysGoToQuickFixAsTheyAre() throws Exception {
        Map<String, Object> p = props();
        p.put("SocketConnectHost1", "fix-backup.acme.example");
        p.put("SocketConnectPort1", "9879");
        p.put("ResetOnLogon", "Y");
        p.put("StartTime", "08:00:00");
        p.put("EndTime", "18:00:00");
        p.put("TimeZone", "America/New_York");
        p.put("HeartBtInt", " 15 ");
        p.put("ReconnectInterval", 7);
        FixConfig c = FixConfig.parse(p, DATA);
        SessionSettings qf = c.quickfix();
        SessionID sid = c.sessionId();
        assertEquals("fix-backup.acme.example", qf.getString(sid, "SocketConnectHost1"));
        assertEquals("9879", qf.getString(sid, "SocketConnectPort1"));
        assertEquals("Y", qf.getString(sid, "ResetOnLogon"));
        assertEquals("08:00:00", qf.getString(sid, "StartTime"));
        assertEquals("18:00:00", qf.getString(sid, "EndTime"));
        assertEquals("America/New_York", qf.getString(sid, "TimeZone"));
        assertEquals("15", qf.getString(sid, "HeartBtInt"));
        assertEquals("7", qf.getString(sid, "ReconnectInterval"));
        assertEquals("TRADELOOM", qf.getString(sid, "SenderCompID"));
        assertEquals("ACME", qf.getString(sid, "TargetCompID"));
    }

    @Test
    public void osgiAndOurOwnKeysDoNotGoToQuickFix() throws Exception {
        Map<String, Object> p = props();
        p.put("account", "ACC-9");
        p.put("when.down", "hold");
        p.put("logon.password", "s3cret");
        p.put("component.name", "io.tradeloom.broker.fix");
        p.put("objectClass", new String[]{"x"});
        FixConfig c = FixConfig.parse(p, DATA);
        SessionSettings qf = c.quickfix();
        SessionID sid = c.sessionId();
        for (String key : List.of("service.pid", "service.factoryPid", "felix.fileinstall.filename", "id",
                "account", "when.down", "logon.password", "component.name", "objectClass")) {
            assertFalse(key + " must not be a QuickFIX/J setting", qf.isSetting(sid, key));
            assertFalse(key + " must not be a default QuickFIX/J setting", qf.getDefaultProperties().containsKey(key));
        }
        assertEquals("ACC-9", c.account());
        assertEquals("s3cret", c.logonPassword());
    }

    @Test
    public void fileStorePathDefaultsUnderTheDataDirAndMayBeSet() throws Exception {
        Path data = Paths.get("some", "where");
        FixConfig c = FixConfig.parse(props(), data);
        assertEquals(Paths.get("some", "where", "fix", "acme", "store").toString(),
                c.quickfix().getString(c.sessionId(), "FileStorePath"));

        Map<String, Object> p = props();
        p.put("FileStorePath", "/fast/disk/acme");
        FixConfig set = FixConfig.parse(p, data);
        assertEquals("/fast/disk/acme", set.quickfix().getString(set.sessionId(), "FileStorePath"));
    }

    @Test
    public void whenDown() {
        Map<String, Object> p = props();
        p.put("when.down", "hold");
        assertEquals(FixConfig.WhenDown.HOLD, FixConfig.parse(p, DATA).whenDown());
        p.put("when.down", "REJECT");
        assertEquals(FixConfig.WhenDown.REJECT, FixConfig.parse(p, DATA).whenDown());
        p.put("when.down", "queue");
        SettingsException e = refused(p, "when.down");
        assertTrue(e.getMessage(), e.getMessage().contains("queue"));
    }

    @Test
    public void symbolMap() {
        Map<String, Object> p = props();
        p.put("symbol.map", "BRK.B=BRK/B, BF.B=BF/B");
        FixConfig c = FixConfig.parse(p, DATA);
        assertEquals("BRK/B", c.symbols().toVenue("BRK.B"));
        assertEquals("BF/B", c.symbols().toVenue("BF.B"));
        assertEquals("BRK.B", c.symbols().fromVenue("BRK/B"));
        assertEquals("AAPL", c.symbols().toVenue("AAPL"));

        p.put("symbol.map", "BRK.B=BRK/B,BADENTRY");
        SettingsException e = refused(p, "symbol.map");
        assertTrue(e.getMessage(), e.getMessage().contains("BADENTRY"));
    }

    @Test
    public void idAndRateLimit() {
        Map<String, Object> p = props();
        p.put("id", "Not An Id");
        refused(p, "id");

        Map<String, Object> r = props();
        r.put("order.rate.limit", "-1");
        refused(r, "order.rate.limit");
        r.put("order.rate.limit", "25");
        assertEquals(25, FixConfig.parse(r, DATA).orderRateLimit());

        Map<String, Object> d = props();
        d.remove("id");
        assertEquals("fix", FixConfig.parse(d, DATA).id());
    }

    @Test
    public void statusTimeoutDefaultsToFiveSecondsAndMustBePositive() {
        assertEquals(5000, FixConfig.parse(props(), DATA).statusTimeoutMillis());
        Map<String, Object> p = props();
        p.put("status.timeout.ms", "750");
        assertEquals(750, FixConfig.parse(p, DATA).statusTimeoutMillis());
        for (String bad : new String[] {"0", "-5", "soon", "600001"}) {
            p.put("status.timeout.ms", bad);
            SettingsException e = refused(p, "status.timeout.ms");
            assertTrue(e.getMessage(), e.getMessage().contains(bad));
        }
    }

    @Test
    public void sessionQualifierIsPartOfTheSessionId() throws ConfigError {
        Map<String, Object> p = props();
        p.put("SessionQualifier", "drop");
        FixConfig c = FixConfig.parse(p, DATA);
        assertEquals("drop", c.sessionId().getSessionQualifier());
        assertEquals("fix.acme.example", c.quickfix().getString(c.sessionId(), "SocketConnectHost"));
    }
}
