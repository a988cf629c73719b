package io.tradeloom.vendor.csv.internal;

import io.tradeloom.domain.config.SettingsException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static io.tradeloom.vendor.csv.internal.TestSupport.FILE;
import static io.tradeloom.vendor.csv.internal.TestSupport.config;
import static io.tradeloom.vendor.csv.internal.TestSupport.props;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class CsvConfigTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SettingsException rejected(String... kv) {
        try {
            CsvConfig c = config(tmp.getRoot().toPath(), kv);
            fail("expected a SettingsException, got " + c);
        } catch (SettingsException e) {
            assertEquals(FILE, e.source());
            return e;
        }
        return null;
    }

    @Test
    public void defaults() {
        Path data = tmp.getRoot().toPath();
        CsvConfig c = config(data, "layout", "yahoo");
        assertEquals("csv", c.id());
        assertEquals("eod", c.name());
        assertEquals(data.resolve("csv/eod/inbox"), c.inbox());
        assertEquals(data.resolve("csv/eod/done"), c.doneDir());
        assertEquals(data.resolve("csv/eod/error"), c.errorDir());
        assertEquals(CsvConfig.YAHOO, c.columns());
        assertEquals("yyyy-MM-dd", c.time().format());
        assertEquals(ZoneId.of("America/New_York"), c.time().zone());
        assertEquals(Duration.ofDays(1), c.interval());
        assertNull(c.symbol());
        assertNull(c.footerPrefix());
    }

    @Test
    public void foldersFollowTheInbox() {
        Path inbox = tmp.getRoot().toPath().resolve("drop/in");
        CsvConfig c = config(tmp.getRoot().toPath(), "layout", "barchart", "inbox", inbox.toString());
        assertEquals(inbox, c.inbox());
        assertEquals(inbox.resolveSibling("done"), c.doneDir());
        assertEquals(inbox.resolveSibling("error"), c.errorDir());
        assertEquals(CsvConfig.BARCHART, c.columns());
        assertEquals(CsvConfig.BARCHART_FOOTER, c.footerPrefix());
        CsvConfig d = config(tmp.getRoot().toPath(), "layout", "barchart", "inbox", inbox.toString(),
                "done.dir", "/srv/archive", "error.dir", "/srv/bad");
        assertEquals(Path.of("/srv/archive"), d.doneDir());
        assertEquals(Path.of("/srv/bad"), d.errorDir());
    }

    @Test
    public void presetColumnsCanBeOverridden() {
        CsvConfig c = config(tmp.getRoot().toPath(), "layout", "yahoo", "column.close", "Adj Close");
        assertEquals("Adj Close", c.columns().close());
        assertEquals("Open", c.columns().open());
    }

    @Test
    public void nameFromFileOrPid() {
        assertEquals("eod", CsvConfig.nameOf(props(), "x"));
        assertEquals("intraday", CsvConfig.nameOf(Map.of("service.pid", "io.tradeloom.vendor.csv~intraday"), "x"));
        assertEquals("x", CsvConfig.nameOf(Map.of("service.pid", "io.tradeloom.vendor.csv.1b2c"), "x"));
    }

    @Test
    public void layoutIsRequiredAndChecked() {
        assertEquals(FILE + ": layout=(missing) is required", rejected().getMessage());
        SettingsException e = rejected("layout", "excel");
        assertEquals("layout", e.key());
        assertEquals("excel", e.value());
        assertEquals(FILE + ": layout=excel must be one of yahoo, barchart, custom", e.getMessage());
    }

    @Test
    public void customNeedsItsColumnsAndTimeFormat() {
        assertEquals("column.time", rejected("layout", "custom").key());
        assertEquals("column.volume", rejected("layout", "custom", "column.time", "t", "column.open", "o",
                "column.high", "h", "column.low", "l", "column.close", "c").key());
        assertEquals("time.format", rejected("layout", "custom", "column.time", "t", "column.open", "o",
                "column.high", "h", "column.low", "l", "column.close", "c", "column.volume", "v").key());
        CsvConfig c = config(tmp.getRoot().toPath(), "layout", "custom", "column.time", "t", "column.open", "o",
                "column.high", "h", "column.low", "l", "column.close", "c", "column.volume", "v",
                "time.format", "iso");
        assertNull(c.columns().symbol());
    }

    @Test
    public void badValuesNameKeyAndValue() {
        SettingsException zone = rejected("layout", "yahoo", "time.zone", "Mars/Olympus");
        assertEquals("time.zone", zone.key());
        assertEquals("Mars/Olympus", zone.value());
        assertTrue(zone.getMessage(), zone.getMessage().startsWith(FILE + ": time.zone=Mars/Olympus "));
        assertEquals("time.format", rejected("layout", "yahoo", "time.format", "yyyy-MM-dd {").key());
        assertEquals("interval", rejected("layout", "yahoo", "interval", "1 day").key());
        assertEquals("interval", rejected("layout", "yahoo", "interval", "PT0S").key());
        assertEquals("interval", rejected("layout", "yahoo", "interval", "-P1D").key());
        assertEquals("id", rejected("layout", "yahoo", "id", "CSV Feed").key());
        assertEquals("symbol.map", rejected("layout", "yahoo", "symbol.map", "AAPL").key());
        assertEquals("symbol", rejected("layout", "yahoo", "symbol", "A B").key());
        assertEquals("done.dir", rejected("layout", "yahoo", "inbox", "/srv/in", "done.dir", "/srv/in").key());
        assertEquals("error.dir", rejected("layout", "yahoo", "inbox", "/srv/in", "done.dir", "/srv/x",
                "error.dir", "/srv/x").key());
    }

    @Test
    public void foldersAreCreated() {
        Path inbox = tmp.getRoot().toPath().resolve("a/inbox");
        CsvConfig c = config(tmp.getRoot().toPath(), "layout", "yahoo", "inbox", inbox.toString());
        CsvVendor.createFolders(c, props());
        assertTrue(inbox.toFile().isDirectory());
        assertTrue(c.doneDir().toFile().isDirectory());
        assertTrue(c.errorDir().toFile().isDirectory());
    }

    @Test
    public void uncreatableFolderNamesTheKey() throws Exception {
        Path file = tmp.newFile("plain-file").toPath();
        CsvConfig c = config(tmp.getRoot().toPath(), "layout", "yahoo", "inbox", file.resolve("inbox").toString());
        try {
            CsvVendor.createFolders(c, props());
            fail("expected a SettingsException");
        } catch (SettingsException e) {
            assertEquals("inbox", e.key());
            assertTrue(e.getMessage(), e.getMessage().contains("folder cannot be created"));
        }
    }
}
