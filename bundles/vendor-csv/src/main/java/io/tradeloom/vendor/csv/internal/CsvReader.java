package io.tradeloom.vendor.csv.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated, fields optionally in double quotes (a quote inside a quoted field is
 * written twice), quoted fields may hold commas and line breaks; records end with CRLF, LF or CR. A UTF-8 byte
 * order mark is dropped. Blank lines (nothing, or only spaces, between two line breaks) are skipped. Every record
 * keeps the physical line number it started on, so that errors can name it.
 */
final class CsvReader {

    /** One record and the (1-based) line it starts on. */
    record Row(int line, List<String> cells) {
    }

    /** The text is not CSV; names the line. */
    static final class CsvSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        CsvSyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private CsvReader() {
    }

    /** Strict UTF-8; a file in another encoding is an error rather than silently mangled prices. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    static List<Row> parse(String text) throws CsvSyntaxException {
        List<Row> rows = new ArrayList<>();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        while (i < n) {
            int rowLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quotedCell = false;
            boolean endOfRow = false;
            while (!endOfRow) {
                if (i >= n) {
                    cells.add(cell.toString());
                    break;
                }
                char c = text.charAt(i);
                if (c == '"' && cell.toString().isBlank() && !quotedCell) {
                    // Opening quote (spaces before it are dropped).
                    cell.setLength(0);
                    quotedCell = true;
                    int openLine = line;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new CsvSyntaxException(openLine, "a quoted field that starts on line " + openLine
                                    + " is never closed");
                        }
                        char q = text.charAt(i);
                        if (q == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                cell.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (q == '\r' || q == '\n') {
                            line++;
                            if (q == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                                cell.append('\r');
                                i++;
                            }
                        }
                        cell.append(text.charAt(i));
                        i++;
                    }
                    // After the closing quote only spaces may come before the separator or the line end.
                    while (i < n && text.charAt(i) == ' ') {
                        i++;
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                        throw new CsvSyntaxException(line, "unexpected character '" + text.charAt(i)
                                + "' after a closing quote");
                    }
                    continue;
                }
                if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                    quotedCell = false;
                    i++;
                } else if (c == '\r' || c == '\n') {
                    cells.add(cell.toString());
                    i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
                    line++;
                    endOfRow = true;
                } else {
                    if (quotedCell) {
                        throw new CsvSyntaxException(line, "unexpected character '" + c + "' after a closing quote");
                    }
                    cell.append(c);
                    i++;
                }
            }
            boolean blank = cells.size() == 1 && cells.get(0).isBlank() && !quotedCell;
            if (!blank) {
                rows.add(new Row(rowLine, List.copyOf(cells)));
            }
        }
        return rows;
    }
}
