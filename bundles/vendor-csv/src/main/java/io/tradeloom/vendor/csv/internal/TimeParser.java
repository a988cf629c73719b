package io.tradeloom.vendor.csv.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Turns a time cell into the bar's start as a UTC instant. A date without a time is the start of that day in the
 * configured zone; a date-time without an offset is in the configured zone; one with an offset or zone keeps it.
 *
 * <p>Formats: {@code iso} (ISO-8601 date, local date-time, offset or zoned date-time), {@code epoch-seconds},
 * {@code epoch-millis}, or a {@link DateTimeFormatter} pattern such as {@code yyyy-MM-dd} or
 * {@code MM/dd/yyyy HH:mm} (optional sections in {@code [...]} allowed). Patterns are applied strictly: 2024-02-30
 * is an error, not March 1st.
 */
final class TimeParser {

    private final String format;
    private final ZoneId zone;
    private final DateTimeFormatter pattern;

    /** @throws IllegalArgumentException when the pattern is not a valid DateTimeFormatter pattern */
    TimeParser(String format, ZoneId zone) {
        this.format = format;
        this.zone = zone;
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("iso") || f.equals("epoch-seconds") || f.equals("epoch-millis")) {
            this.pattern = null;
        } else {
            this.pattern = DateTimeFormatter.ofPattern(strictYears(format), Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT);
        }
    }

    String format() {
        return format;
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * STRICT resolution needs the proleptic year {@code u}: {@code yyyy} (year of era) would need an era. Rewrites
     * unquoted {@code y} to {@code u}, leaving quoted literals alone.
     */
    static String strictYears(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(!quoted && c == 'y' ? 'u' : c);
        }
        return out.toString();
    }

    /** @throws DateTimeException when the text does not match */
    Instant parse(String text) {
        String t = text.trim();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "epoch-seconds":
                return Instant.ofEpochSecond(number(t));
            case "epoch-millis":
                return Instant.ofEpochMilli(number(t));
            case "iso":
                return iso(t);
            default:
                TemporalAccessor parsed = pattern.parseBest(t, ZonedDateTime::from, OffsetDateTime::from,
                        LocalDateTime::from, LocalDate::from);
                return toInstant(parsed);
        }
    }

    private static long number(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new DateTimeException("not a whole number");
        }
    }

    private Instant iso(String t) {
        DateTimeException first = null;
        DateTimeFormatter[] formats = {DateTimeFormatter.ISO_ZONED_DATE_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.ISO_LOCAL_DATE_TIME, DateTimeFormatter.ISO_LOCAL_DATE};
        for (DateTimeFormatter f : formats) {
            try {
                return toInstant(f.parseBest(t, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
                        LocalDate::from));
            } catch (DateTimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private Instant toInstant(TemporalAccessor parsed) {
        if (parsed instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (parsed instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (parsed instanceof LocalDateTime l) {
            return l.atZone(zone).toInstant();
        }
        return ((LocalDate) parsed).atStartOfDay(zone).toInstant();
    }
}
