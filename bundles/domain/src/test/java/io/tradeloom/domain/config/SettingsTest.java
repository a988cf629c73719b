package io.tradeloom.domain.config;

import org.junit.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tradeloom.domain.DecimalAssert.assertDecimal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class SettingsTest {

    private static final String FILE = "io.tradeloom.broker.paper-default.cfg";
    private static final String FILE_URL = "file:/opt/karaf/etc/" + FILE;
    private static final String FILE_PATH = "/opt/karaf/etc/" + FILE;

    private enum FillModel { QUOTE, MID, DAY_LIMIT }

    /** Properties as FileInstall delivers them: the file name as a URL plus the given key/value pairs. */
    private static Settings settings(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", FILE_URL);
        m.put("service.pid", "io.tradeloom.broker.paper.1a2b3c");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new Settings(m);
    }

    private static SettingsException expectBad(Runnable r) {
        try {
            r.run();
        } catch (SettingsException e) {
            return e;
        }
        fail("expected a SettingsException");
        return null;
    }

    // ---------------------------------------------------------------- source

    @Test
    public void sourceIsFileNameOfFileUrl() {
        assertEquals(FILE, settings().source());
    }

    @Test
    public void sourceIsFileNameOfTripleSlashFileUrl() {
        assertEquals(FILE, new Settings(Map.of("felix.fileinstall.filename", "file:///opt/karaf/etc/" + FILE))
                .source());
    }

    @Test
    public void sourceIsFileNameOfEncodedFileUrl() {
        assertEquals(FILE, new Settings(Map.of("felix.fileinstall.filename",
                "file:/opt/my%20karaf/etc/" + FILE)).source());
    }

    @Test
    public void sourceIsFileNameOfPlainPath() {
        assertEquals(FILE, new Settings(Map.of("felix.fileinstall.filename", FILE_PATH)).source());
    }

    /** A plain path is not a URI: characters such as a space must not make the whole path the source. */
    @Test
    public void sourceIsFileNameOfPlainPathWithSpace() {
        assertEquals(FILE, new Settings(Map.of("felix.fileinstall.filename", "/opt/my karaf/etc/" + FILE))
                .source());
    }

    @Test
    public void sourceFallsBackToServicePid() {
        assertEquals("io.tradeloom.broker.paper.1a2b3c",
                new Settings(Map.of("service.pid", "io.tradeloom.broker.paper.1a2b3c")).source());
    }

    @Test
    public void sourceWithoutFileOrPidIsConfiguration() {
        assertEquals("configuration", new Settings(Map.of()).source());
        assertEquals("configuration", new Settings(null).source());
    }

    @Test
    public void errorMessageWithPlainPathNamesFileOnly() {
        Settings s = new Settings(Map.of("felix.fileinstall.filename", FILE_PATH, "latency.ms", "abc"));
        SettingsException e = expectBad(() -> s.integer("latency.ms", 0, 0, 60_000));
        assertEquals(FILE + ": latency.ms=abc not a whole number", e.getMessage());
        assertEquals(FILE, e.source());
    }

    @Test
    public void errorMessageWithServicePidOnly() {
        Settings s = new Settings(Map.of("service.pid", "io.tradeloom.broker.paper.1a2b3c", "latency.ms", "abc"));
        SettingsException e = expectBad(() -> s.integer("latency.ms", 0, 0, 60_000));
        assertEquals("io.tradeloom.broker.paper.1a2b3c: latency.ms=abc not a whole number", e.getMessage());
    }

    // ---------------------------------------------------------------- defaults

    @Test
    public void missingValuesGiveDefaults() {
        Settings s = settings();
        assertEquals("paper", s.string("id", "paper"));
        assertNull(s.string("id", null));
        assertDecimal("1.5", s.decimal("ratio", new BigDecimal("1.5"), BigDecimal.ZERO, BigDecimal.TEN));
        assertEquals(42L, s.integer("latency.ms", 42, 0, 100));
        assertTrue(s.bool("enabled", true));
        assertFalse(s.bool("enabled", false));
        assertEquals(FillModel.MID, s.enumValue("fill.model", FillModel.class, FillModel.MID));
        assertEquals(List.of("A", "B"), s.list("symbols", List.of("A", "B")));
    }

    @Test
    public void blankValuesGiveDefaults() {
        Settings s = settings("id", "   ", "ratio", "", "latency.ms", " \t", "enabled", "", "fill.model", "  ",
                "symbols", " , ,");
        assertEquals("paper", s.string("id", "paper"));
        assertDecimal("1.5", s.decimal("ratio", new BigDecimal("1.5"), BigDecimal.ZERO, BigDecimal.TEN));
        assertEquals(42L, s.integer("latency.ms", 42, 0, 100));
        assertTrue(s.bool("enabled", true));
        assertEquals(FillModel.QUOTE, s.enumValue("fill.model", FillModel.class, FillModel.QUOTE));
        assertEquals(List.of("X"), s.list("symbols", List.of("X")));
    }

    @Test
    public void nullPropertiesGiveDefaults() {
        Settings s = new Settings(null);
        assertEquals(7L, s.integer("n", 7, 0, 10));
        assertEquals("d", s.string("k", "d"));
    }

    @Test
    public void valuesAreTrimmedAndNonStringValuesAccepted() {
        Map<String, Object> m = new HashMap<>();
        m.put("id", "  paper  ");
        m.put("latency.ms", 250);
        m.put("ratio", new BigDecimal("0.25"));
        m.put("enabled", Boolean.TRUE);
        Settings s = new Settings(m);
        assertEquals("paper", s.string("id", "x"));
        assertEquals(250L, s.integer("latency.ms", 0, 0, 1000));
        assertDecimal("0.25", s.decimal("ratio", null, null, null));
        assertTrue(s.bool("enabled", false));
    }

    // ---------------------------------------------------------------- parsing

    @Test
    public void decimalParsesExactly() {
        Settings s = settings("slippage.bps", " 2.50 ", "neg", "-0.01", "exp", "1e3");
        BigDecimal d = s.decimal("slippage.bps", BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("10000"));
        assertEquals(new BigDecimal("2.50"), d); // scale kept, no binary floating point
        assertDecimal("-0.01", s.decimal("neg", null, null, null));
        assertDecimal("1000", s.decimal("exp", null, null, null));
    }

    @Test
    public void decimalBoundsAreInclusive() {
        Settings s = settings("lo", "0", "hi", "1", "one", "1.000");
        assertDecimal("0", s.decimal("lo", null, BigDecimal.ZERO, BigDecimal.ONE));
        assertDecimal("1", s.decimal("hi", null, BigDecimal.ZERO, BigDecimal.ONE));
        assertDecimal("1", s.decimal("one", null, BigDecimal.ZERO, BigDecimal.ONE));
    }

    @Test
    public void integerParses() {
        Settings s = settings("latency.ms", "250", "min", "0", "max", "60000", "neg", "-5");
        assertEquals(250L, s.integer("latency.ms", 0, 0, 60_000));
        assertEquals(0L, s.integer("min", 9, 0, 60_000));
        assertEquals(60_000L, s.integer("max", 9, 0, 60_000));
        assertEquals(-5L, s.integer("neg", 0, -10, 10));
    }

    @Test
    public void boolAcceptsTrueYesOnFalseNoOffAnyCase() {
        for (String t : List.of("true", "TRUE", "Yes", "on", " On ")) {
            assertTrue(t, settings("b", t).bool("b", false));
        }
        for (String f : List.of("false", "False", "NO", "off", " OFF ")) {
            assertFalse(f, settings("b", f).bool("b", true));
        }
    }

    @Test
    public void enumIsCaseInsensitiveAndAcceptsDashes() {
        assertEquals(FillModel.MID, settings("m", "mid").enumValue("m", FillModel.class, FillModel.QUOTE));
        assertEquals(FillModel.QUOTE, settings("m", " Quote ").enumValue("m", FillModel.class, FillModel.MID));
        assertEquals(FillModel.DAY_LIMIT, settings("m", "day-limit").enumValue("m", FillModel.class, null));
        assertEquals(FillModel.DAY_LIMIT, settings("m", "DAY_LIMIT").enumValue("m", FillModel.class, null));
    }

    @Test
    public void listSplitsTrimsAndDropsBlanks() {
        assertEquals(List.of("AAPL", "MSFT", "SPY"),
                settings("symbols", " AAPL , MSFT,,  ,SPY ,").list("symbols", List.of()));
        assertEquals(List.of("AAPL"), settings("symbols", "AAPL").list("symbols", List.of()));
    }

    @Test
    public void listTakesArraysAndCollectionsAsIs() {
        Map<String, Object> m = new HashMap<>();
        m.put("arr", new String[] {"A", " B ", ""});
        m.put("col", Arrays.asList("X", "  ", "Y"));
        m.put("emptyArr", new String[0]);
        Settings s = new Settings(m);
        assertEquals(List.of("A", "B"), s.list("arr", null));
        assertEquals(List.of("X", "Y"), s.list("col", null));
        List<String> dflt = List.of("D");
        assertSame(dflt, s.list("emptyArr", dflt));
    }

    @Test
    public void listIsUnmodifiable() {
        List<String> l = settings("symbols", "A,B").list("symbols", List.of());
        try {
            l.add("C");
            fail("list must be unmodifiable");
        } catch (UnsupportedOperationException expected) {
            // ok
        }
    }

    // ---------------------------------------------------------------- bad values

    @Test
    public void notAWholeNumber() {
        SettingsException e = expectBad(() -> settings("latency.ms", "abc").integer("latency.ms", 0, 0, 60_000));
        assertEquals("io.tradeloom.broker.paper-default.cfg: latency.ms=abc not a whole number", e.getMessage());
        assertEquals(FILE, e.source());
        assertEquals("latency.ms", e.key());
        assertEquals("abc", e.value());
    }

    @Test
    public void fractionIsNotAWholeNumber() {
        SettingsException e = expectBad(() -> settings("latency.ms", " 1.5 ").integer("latency.ms", 0, 0, 60_000));
        assertEquals(FILE + ": latency.ms=1.5 not a whole number", e.getMessage());
        assertEquals("1.5", e.value());
    }

    @Test
    public void overflowingIntegerIsNotAWholeNumber() {
        SettingsException e = expectBad(() -> settings("n", "99999999999999999999").integer("n", 0, 0, 10));
        assertEquals(FILE + ": n=99999999999999999999 not a whole number", e.getMessage());
    }

    @Test
    public void notANumber() {
        SettingsException e = expectBad(() -> settings("slippage.bps", "1,5")
                .decimal("slippage.bps", BigDecimal.ZERO, BigDecimal.ZERO, null));
        assertEquals(FILE + ": slippage.bps=1,5 not a number", e.getMessage());
        assertEquals("slippage.bps", e.key());
        assertEquals("1,5", e.value());
    }

    @Test
    public void notABoolean() {
        SettingsException e = expectBad(() -> settings("enabled", "maybe").bool("enabled", false));
        assertEquals(FILE + ": enabled=maybe must be true or false", e.getMessage());
    }

    @Test
    public void notAnEnumConstant() {
        SettingsException e = expectBad(() -> settings("fill.model", "last")
                .enumValue("fill.model", FillModel.class, FillModel.QUOTE));
        assertEquals(FILE + ": fill.model=last must be one of [quote, mid, day_limit]", e.getMessage());
        assertEquals("last", e.value());
    }

    @Test
    public void integerOutOfRange() {
        SettingsException low = expectBad(() -> settings("latency.ms", "-1").integer("latency.ms", 0, 0, 60_000));
        assertEquals(FILE + ": latency.ms=-1 must be between 0 and 60000", low.getMessage());
        SettingsException high = expectBad(() -> settings("latency.ms", "60001")
                .integer("latency.ms", 0, 0, 60_000));
        assertEquals(FILE + ": latency.ms=60001 must be between 0 and 60000", high.getMessage());
    }

    @Test
    public void decimalOutOfRange() {
        SettingsException high = expectBad(() -> settings("partial.fill.ratio", "1.01")
                .decimal("partial.fill.ratio", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE));
        assertEquals(FILE + ": partial.fill.ratio=1.01 must be between 0 and 1", high.getMessage());
        SettingsException low = expectBad(() -> settings("slippage.bps", "-0.5")
                .decimal("slippage.bps", BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("10000")));
        assertEquals(FILE + ": slippage.bps=-0.5 must be between 0 and 10000", low.getMessage());
    }

    @Test
    public void decimalOpenBoundsAreShownAsInfinity() {
        SettingsException min = expectBad(() -> settings("start.price", "0.001")
                .decimal("start.price", null, new BigDecimal("0.01"), null));
        assertEquals(FILE + ": start.price=0.001 must be between 0.01 and +inf", min.getMessage());
        SettingsException max = expectBad(() -> settings("x", "5")
                .decimal("x", null, null, new BigDecimal("4")));
        assertEquals(FILE + ": x=5 must be between -inf and 4", max.getMessage());
    }

    @Test
    public void requiredReturnsTrimmedValue() {
        assertEquals("paper", settings("id", " paper ").required("id"));
    }

    @Test
    public void requiredMissing() {
        SettingsException e = expectBad(() -> settings().required("account"));
        assertEquals(FILE + ": account=(missing) is required", e.getMessage());
        assertEquals("account", e.key());
        assertNull(e.value());
    }

    @Test
    public void requiredBlankIsMissing() {
        SettingsException e = expectBad(() -> settings("account", "   ").required("account"));
        assertEquals(FILE + ": account=(missing) is required", e.getMessage());
    }

    @Test
    public void invalidNamesFileKeyAndValue() {
        SettingsException e = settings("id", "Paper!").invalid("id", "must match [a-z0-9]+");
        assertEquals(FILE + ": id=Paper! must match [a-z0-9]+", e.getMessage());
        assertEquals("Paper!", e.value());
    }

    @Test
    public void isAnIllegalArgumentException() {
        IllegalArgumentException e = new SettingsException("f.cfg", "k", "v", "bad");
        assertEquals("f.cfg: k=v bad", e.getMessage());
    }

    // ---------------------------------------------------------------- secrets

    @Test
    public void secretKeysAreRecognised() {
        for (String k : List.of("api.key", "apiKey", "broker.API.KEY", "password", "db.Password", "client.secret",
                "auth.token", "credentials")) {
            assertTrue(k, SettingsException.secret(k));
        }
        for (String k : List.of("latency.ms", "id", "symbols", "fill.model", "keyboard")) {
            assertFalse(k, SettingsException.secret(k));
        }
    }

    @Test
    public void secretValueIsMaskedInParseError() {
        SettingsException e = expectBad(() -> settings("api.key", "hunter2").integer("api.key", 0, 0, 10));
        assertEquals(FILE + ": api.key=**** not a whole number", e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertEquals("api.key", e.key());
        assertNull(e.value());
    }

    @Test
    public void secretValueIsMaskedInRangeError() {
        SettingsException e = expectBad(() -> settings("password", "12345").integer("password", 0, 0, 10));
        assertEquals(FILE + ": password=**** must be between 0 and 10", e.getMessage());
        assertNull(e.value());
    }

    @Test
    public void secretValueIsMaskedInInvalid() {
        SettingsException e = settings("broker.password", "s3cr3t-value").invalid("broker.password", "too short");
        assertEquals(FILE + ": broker.password=**** too short", e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-value"));
        assertNull(e.value());
    }

    @Test
    public void secretValueIsMaskedForOtherSecretKeys() {
        for (String k : Set.of("client.secret", "auth.token", "apiKey", "credential")) {
            SettingsException e = settings(k, "topsecret").invalid(k, "is rejected");
            assertEquals(FILE + ": " + k + "=**** is rejected", e.getMessage());
            assertNull(k, e.value());
        }
    }

    /** "api.key" and "apiKey" are secret, so the other usual spellings of the same key must be too. */
    @Test
    public void apiKeyWithDashOrUnderscoreIsMasked() {
        for (String k : List.of("api-key", "api_key", "broker.API_KEY")) {
            assertTrue(k + " must be a secret key", SettingsException.secret(k));
            SettingsException e = expectBad(() -> settings(k, "AKIA-live-123").integer(k, 0, 0, 10));
            assertEquals(FILE + ": " + k + "=**** not a whole number", e.getMessage());
            assertNull(k, e.value());
        }
    }

    @Test
    public void missingSecretIsShownAsMissing() {
        SettingsException e = expectBad(() -> settings().required("api.key"));
        assertEquals(FILE + ": api.key=(missing) is required", e.getMessage());
        assertNull(e.value());
    }

    @Test
    public void secretValuesAreStillReadable() {
        assertEquals("hunter2", settings("password", "hunter2").required("password"));
    }
}
