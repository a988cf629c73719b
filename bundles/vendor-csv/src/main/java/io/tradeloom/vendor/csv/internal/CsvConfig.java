package io.tradeloom.vendor.csv.internal;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.instrument.SymbolMapping;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * One CSV inbox's settings ({@code etc/io.tradeloom.vendor.csv-<name>.cfg}).
 *
 * @param name     the factory configuration's name ({@code eod} for {@code io.tradeloom.vendor.csv-eod.cfg})
 * @param columns  header names of the columns; {@code symbol} is null when the file has no symbol column
 * @param symbol   fixed symbol for files without a symbol column; null means "from the file name"
 * @param footerPrefix a last line starting with this text is not data (Barchart's "Downloaded from ..."); may be null
 */
record CsvConfig(String id, String name, Path inbox, Path doneDir, Path errorDir, Layout layout, Columns columns,
                 TimeParser time, String symbol, Duration interval, SymbolMapping mapping, String footerPrefix) {

    static final String PID = "io.tradeloom.vendor.csv";

    enum Layout {
        YAHOO, BARCHART, CUSTOM
    }

    /** Header names, matched case-insensitively after trimming. */
    record Columns(String symbol, String time, String open, String high, String low, String close, String volume) {
    }

    /** Yahoo Finance "Download" of historical daily prices: {@code Date,Open,High,Low,Close,Adj Close,Volume}. */
    static final Columns YAHOO = new Columns(null, "Date", "Open", "High", "Low", "Close", "Volume");
    static final String YAHOO_TIME = "yyyy-MM-dd";
    /** Barchart historical export: {@code Symbol,Time,Open,High,Low,Last,Volume}. */
    static final Columns BARCHART = new Columns("Symbol", "Time", "Open", "High", "Low", "Last", "Volume");
    static final String BARCHART_TIME = "[MM/dd/yyyy][yyyy-MM-dd][ HH:mm[:ss]]";
    static final String BARCHART_FOOTER = "Downloaded from Barchart";

    /** {@code ${karaf.data}}, or ./data outside Karaf. */
    static Path defaultDataDir() {
        return Paths.get(System.getProperty("karaf.data", "data")).toAbsolutePath();
    }

    static CsvConfig parse(Map<String, ?> props, Path dataDir) {
        Settings s = new Settings(props);
        String id = s.string("id", "csv");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw s.invalid("id", "must match [a-z0-9][a-z0-9._-]*");
        }
        String name = nameOf(props, id);

        Path inbox = path(s, "inbox", dataDir.resolve("csv").resolve(name).resolve("inbox"));
        Path parent = inbox.getParent() == null ? inbox : inbox.getParent();
        Path done = path(s, "done.dir", parent.resolve("done"));
        Path error = path(s, "error.dir", parent.resolve("error"));
        if (done.equals(inbox)) {
            throw s.invalid("done.dir", "must not be the inbox " + inbox);
        }
        if (error.equals(inbox)) {
            throw s.invalid("error.dir", "must not be the inbox " + inbox);
        }
        if (error.equals(done)) {
            throw s.invalid("error.dir", "must not be the same folder as done.dir");
        }

        String rawLayout = s.required("layout");
        Layout layout;
        try {
            layout = Layout.valueOf(rawLayout.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw s.invalid("layout", "must be one of yahoo, barchart, custom");
        }
        Columns preset = switch (layout) {
            case YAHOO -> YAHOO;
            case BARCHART -> BARCHART;
            case CUSTOM -> null;
        };
        Columns columns = new Columns(
                preset == null ? s.string("column.symbol", null) : s.string("column.symbol", preset.symbol()),
                column(s, "column.time", preset == null ? null : preset.time()),
                column(s, "column.open", preset == null ? null : preset.open()),
                column(s, "column.high", preset == null ? null : preset.high()),
                column(s, "column.low", preset == null ? null : preset.low()),
                column(s, "column.close", preset == null ? null : preset.close()),
                column(s, "column.volume", preset == null ? null : preset.volume()));

        String defaultFormat = switch (layout) {
            case YAHOO -> YAHOO_TIME;
            case BARCHART -> BARCHART_TIME;
            case CUSTOM -> null;
        };
        String format = defaultFormat == null ? s.required("time.format") : s.string("time.format", defaultFormat);
        ZoneId zone;
        try {
            zone = ZoneId.of(s.string("time.zone", "America/New_York"));
        } catch (DateTimeException e) {
            throw s.invalid("time.zone", "is not a time zone id such as America/New_York or UTC");
        }
        TimeParser time;
        try {
            time = new TimeParser(format, zone);
        } catch (IllegalArgumentException e) {
            throw s.invalid("time.format", "is not iso, epoch-seconds, epoch-millis or a date-time pattern such as"
                    + " yyyy-MM-dd: " + e.getMessage());
        }

        String symbol = s.string("symbol", null);
        if (symbol != null && !BarFileParser.SYMBOL.matcher(symbol).matches()) {
            throw s.invalid("symbol", "is not a ticker symbol");
        }

        Duration interval;
        try {
            interval = Duration.parse(s.string("interval", "P1D"));
        } catch (DateTimeParseException e) {
            throw s.invalid("interval", "is not an ISO-8601 duration such as P1D, PT1H or PT1M");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw s.invalid("interval", "must be positive");
        }

        SymbolMapping mapping;
        try {
            mapping = SymbolMapping.parse(s.string("symbol.map", ""));
        } catch (IllegalArgumentException e) {
            throw s.invalid("symbol.map", e.getMessage());
        }
        return new CsvConfig(id, name, inbox, done, error, layout, columns, time, symbol, interval, mapping,
                layout == Layout.BARCHART ? BARCHART_FOOTER : null);
    }

    private static String column(Settings s, String key, String preset) {
        return preset == null ? s.required(key) : s.string(key, preset);
    }

    private static Path path(Settings s, String key, Path defaultValue) {
        String v = s.string(key, null);
        if (v == null) {
            return defaultValue.toAbsolutePath().normalize();
        }
        try {
            return Paths.get(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw s.invalid(key, "is not a path: " + e.getReason());
        }
    }

    /** {@code eod} from {@code io.tradeloom.vendor.csv-eod.cfg} or PID {@code io.tradeloom.vendor.csv~eod}. */
    static String nameOf(Map<String, ?> props, String fallback) {
        Object file = props.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            int slash = Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'));
            String base = f.substring(slash + 1);
            String prefix = PID + "-";
            if (base.startsWith(prefix) && base.endsWith(".cfg") && base.length() > prefix.length() + 4) {
                return base.substring(prefix.length(), base.length() - 4);
            }
        }
        Object pid = props.get("service.pid");
        if (pid != null) {
            String p = pid.toString();
            int tilde = p.indexOf('~');
            if (tilde >= 0 && tilde < p.length() - 1) {
                return p.substring(tilde + 1);
            }
        }
        return fallback;
    }

    /** Same folders: the running file route can stay, only the parsing rules change. */
    boolean sameFolders(CsvConfig other) {
        return inbox.equals(other.inbox) && doneDir.equals(other.doneDir) && errorDir.equals(other.errorDir);
    }
}
