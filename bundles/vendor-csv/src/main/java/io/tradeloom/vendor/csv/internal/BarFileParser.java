package io.tradeloom.vendor.csv.internal;

import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.validation.MarketDataValidator;
import io.tradeloom.domain.validation.Violation;

import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one file's bytes into validated {@link Bar}s, all or nothing: the first problem (unreadable text, a
 * missing column, a value that is not a number or a time, a bar the {@link MarketDataValidator} refuses) rejects
 * the whole file with one reason naming the file, the line, the column and the value. No OSGi, no Camel.
 */
final class BarFileParser {

    static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9^][A-Za-z0-9._^/=:-]{0,31}");

    /** What became of one file. */
    sealed interface Outcome permits Accepted, Rejected {
    }

    /** Every row became a valid bar, in file order. */
    record Accepted(List<Bar> bars) implements Outcome {
    }

    /**
     * @param reason  one line: {@code AAPL.csv line 7: column High value "abc" is not a number}
     * @param line    the line number, 0 when the problem is the whole file
     * @param rowText the offending row as read (cells joined with commas), empty when none
     */
    record Rejected(String reason, int line, String rowText) implements Outcome {
    }

    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final String rowText;

        Reject(int line, String message, String rowText) {
            super(message, null, false, false);
            this.line = line;
            this.rowText = rowText;
        }
    }

    private final CsvConfig config;

    BarFileParser(CsvConfig config) {
        this.config = config;
    }

    CsvConfig config() {
        return config;
    }

    Outcome parse(String fileName, byte[] content, Instant receivedAt) {
        try {
            return new Accepted(bars(fileName, content, receivedAt));
        } catch (Reject r) {
            String where = r.line > 0 ? fileName + " line " + r.line + ": " : fileName + ": ";
            return new Rejected(where + r.getMessage(), r.line, r.rowText);
        }
    }

    private List<Bar> bars(String fileName, byte[] content, Instant receivedAt) throws Reject {
        String text;
        try {
            text = CsvReader.decode(content);
        } catch (CharacterCodingException e) {
            throw new Reject(0, "is not UTF-8 text", "");
        }
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.parse(text);
        } catch (CsvReader.CsvSyntaxException e) {
            throw new Reject(e.line(), e.getMessage(), "");
        }
        if (rows.isEmpty()) {
            throw new Reject(1, "the file is empty: expected a header line", "");
        }
        CsvReader.Row header = rows.get(0);
        Map<String, Integer> index = headerIndex(header);
        CsvConfig.Columns c = config.columns();
        int symbolCol = c.symbol() == null ? -1 : column(index, header, c.symbol());
        int timeCol = column(index, header, c.time());
        int openCol = column(index, header, c.open());
        int highCol = column(index, header, c.high());
        int lowCol = column(index, header, c.low());
        int closeCol = column(index, header, c.close());
        int volumeCol = column(index, header, c.volume());

        String fixedSymbol = null;
        if (symbolCol < 0) {
            fixedSymbol = config.symbol() != null ? config.symbol() : symbolFromFileName(fileName);
            if (fixedSymbol == null) {
                throw new Reject(0, "has no " + (c.symbol() == null ? "symbol column" : "column " + c.symbol())
                        + ", no symbol is configured and the file name does not give one (name it like AAPL.csv)",
                        "");
            }
            fixedSymbol = config.mapping().fromVenue(fixedSymbol);
        }

        int last = rows.size() - 1;
        List<Bar> bars = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            CsvReader.Row row = rows.get(r);
            List<String> cells = row.cells();
            String rowText = String.join(",", cells);
            if (r == last && config.footerPrefix() != null && cells.get(0).trim().startsWith(config.footerPrefix())) {
                break;
            }
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            if (cells.size() < header.cells().size()) {
                throw new Reject(row.line(), "has " + cells.size() + " fields, the header has "
                        + header.cells().size(), rowText);
            }
            for (int k = header.cells().size(); k < cells.size(); k++) {
                if (!cells.get(k).isBlank()) {
                    throw new Reject(row.line(), "has " + cells.size() + " fields, the header has "
                            + header.cells().size(), rowText);
                }
            }
            String symbol;
            if (symbolCol >= 0) {
                String raw = cells.get(symbolCol).trim();
                if (!SYMBOL.matcher(raw).matches()) {
                    throw new Reject(row.line(), cellProblem(header, symbolCol, raw, "is not a ticker symbol"),
                            rowText);
                }
                symbol = config.mapping().fromVenue(raw);
            } else {
                symbol = fixedSymbol;
            }
            Instant timestamp;
            String rawTime = cells.get(timeCol).trim();
            try {
                timestamp = config.time().parse(rawTime);
            } catch (DateTimeException e) {
                throw new Reject(row.line(), cellProblem(header, timeCol, rawTime, "is not a time in format "
                        + config.time().format()), rowText);
            }
            BigDecimal open = number(header, row, openCol, rowText);
            BigDecimal high = number(header, row, highCol, rowText);
            BigDecimal low = number(header, row, lowCol, rowText);
            BigDecimal close = number(header, row, closeCol, rowText);
            BigDecimal volume = number(header, row, volumeCol, rowText);
            Bar bar = new Bar(symbol, config.id(), config.interval(), open, high, low, close, volume, timestamp,
                    receivedAt);
            List<Violation> violations = MarketDataValidator.validate(bar);
            if (!violations.isEmpty()) {
                Violation v = violations.get(0);
                int col = switch (v.field()) {
                    case "open" -> openCol;
                    case "high" -> highCol;
                    case "low" -> lowCol;
                    case "close" -> closeCol;
                    case "volume" -> volumeCol;
                    case "symbol" -> symbolCol;
                    default -> -1;
                };
                String value = col >= 0 ? cells.get(col).trim() : v.value();
                String what = col >= 0 ? "column " + header.cells().get(col).trim() : v.field();
                throw new Reject(row.line(), what + " value \"" + value + "\" is invalid: " + v.reason(), rowText);
            }
            bars.add(bar);
        }
        return bars;
    }

    private static Map<String, Integer> headerIndex(CsvReader.Row header) throws Reject {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String name = header.cells().get(i).trim();
            if (name.isEmpty()) {
                continue;
            }
            Integer previous = index.put(name.toLowerCase(Locale.ROOT), i);
            if (previous != null) {
                throw new Reject(header.line(), "column " + name + " appears twice in the header",
                        String.join(",", header.cells()));
            }
        }
        return index;
    }

    private static int column(Map<String, Integer> index, CsvReader.Row header, String name) throws Reject {
        Integer i = index.get(name.trim().toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new Reject(header.line(), "column " + name + " is missing from the header (found: "
                    + String.join(", ", header.cells().stream().map(String::trim).toList()) + ")",
                    String.join(",", header.cells()));
        }
        return i;
    }

    private static BigDecimal number(CsvReader.Row header, CsvReader.Row row, int col, String rowText) throws Reject {
        String raw = row.cells().get(col).trim();
        if (raw.isEmpty()) {
            throw new Reject(row.line(), cellProblem(header, col, raw, "is empty"), rowText);
        }
        try {
            return new BigDecimal(raw);
        } catch (NumberFormatException e) {
            throw new Reject(row.line(), cellProblem(header, col, raw, "is not a number"), rowText);
        }
    }

    private static String cellProblem(CsvReader.Row header, int col, String value, String problem) {
        return "column " + header.cells().get(col).trim() + " value \"" + value + "\" " + problem;
    }

    /** {@code AAPL} from {@code AAPL.csv}, {@code BRK.B} from {@code brk.b.csv}; null when no ticker results. */
    static String symbolFromFileName(String fileName) {
        String base = fileName;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.trim().toUpperCase(Locale.ROOT);
        return SYMBOL.matcher(base).matches() ? base : null;
    }
}
