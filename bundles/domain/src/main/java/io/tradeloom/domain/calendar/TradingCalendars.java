package io.tradeloom.domain.calendar;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a {@link TradingCalendar} from one configuration ({@code etc/io.tradeloom.calendar-<id>.cfg}). Keys:
 * <ul>
 *   <li>{@code id} (required): the calendar's id, e.g. {@code XNYS} (MIC of the venue)</li>
 *   <li>{@code zone} (required): IANA time zone the hours are given in, e.g. {@code America/New_York}</li>
 *   <li>{@code open}, {@code close}: regular hours, {@code HH:mm} (default 00:00 and 24:00)</li>
 *   <li>{@code pre.open}, {@code post.close}: pre- and post-market hours (default none)</li>
 *   <li>{@code weekend}: days without a session, e.g. {@code saturday,sunday} (the default) or {@code none}</li>
 *   <li>{@code holiday.<yyyy-MM-dd> = <name>}: a full-day holiday</li>
 *   <li>{@code early.close.<yyyy-MM-dd> = <HH:mm>}: an early close</li>
 *   <li>{@code early.post.close}: the post-market close on early-close days (default: as other days)</li>
 *   <li>{@code bars.hours}: {@code regular} (default) or {@code extended}: the hours bar streams are expected in</li>
 * </ul>
 * A bad value throws {@link SettingsException} naming the file, the key and the value.
 */
public final class TradingCalendars {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.+-]{1,40}");
    private static final String HOLIDAY = "holiday.";
    private static final String EARLY_CLOSE = "early.close.";

    private TradingCalendars() {
    }

    /** Reads a calendar {@code .cfg} file directly (tools and tests; the container gets it from Config Admin). */
    public static TradingCalendar load(Path cfgFile) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(cfgFile)) {
            p.load(r);
        }
        Map<String, Object> props = new HashMap<>();
        p.forEach((k, v) -> props.put(k.toString(), v));
        props.put("felix.fileinstall.filename", cfgFile.getFileName().toString());
        return parse(props);
    }

    public static TradingCalendar parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String id = s.required("id");
        if (!ID.matcher(id).matches()) {
            throw s.invalid("id", "must be 1 to 40 letters, digits or _.+-");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(s.required("zone"));
        } catch (DateTimeException e) {
            throw s.invalid("zone", "not a time zone (IANA id such as America/New_York): " + e.getMessage());
        }
        LocalTime open = time(s, "open", "00:00", false);
        LocalTime close = time(s, "close", "24:00", true);
        LocalTime pre = time(s, "pre.open", null, false);
        LocalTime post = time(s, "post.close", null, true);
        LocalTime earlyPost = time(s, "early.post.close", null, false);
        if (earlyPost != null && s.string("post.close", null) == null) {
            throw s.invalid("early.post.close", "needs a post.close (there is no post-market to shorten)");
        }
        int openS = open.toSecondOfDay();
        int closeS = close == null ? 86_400 : close.toSecondOfDay();
        if (closeS <= openS) {
            throw s.invalid("close", "is not after the open " + open);
        }
        if (pre != null && pre.isAfter(open)) {
            throw s.invalid("pre.open", "is after the open " + open);
        }
        if (post != null && post.toSecondOfDay() < closeS) {
            throw s.invalid("post.close", "is before the close " + s.string("close", "24:00"));
        }
        TradingCalendar.Builder b = TradingCalendar.builder(id, zone).hours(open, close)
                .extended(pre, post == null && s.string("post.close", null) != null ? LocalTime.MIDNIGHT : post)
                .earlyPostClose(earlyPost)
                .weekend(weekend(s))
                .barHours(s.enumValue("bars.hours", TradingCalendar.Hours.class, TradingCalendar.Hours.REGULAR));
        // Sorted, so that the first bad key named is the same every time.
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(props).entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().toString().trim();
            if (key.startsWith(HOLIDAY)) {
                b.holiday(date(s, key, key.substring(HOLIDAY.length())), value);
            } else if (key.startsWith(EARLY_CLOSE)) {
                date(s, key, key.substring(EARLY_CLOSE.length()));
                LocalTime t = time(s, key, null, false);
                if (t == null) {
                    throw new SettingsException(s.source(), key, null, "needs the close time (HH:mm)");
                }
                if (t.toSecondOfDay() <= openS || t.toSecondOfDay() > closeS) {
                    throw s.invalid(key, "must be after the open " + open + " and not after the close");
                }
                String day = key.substring(EARLY_CLOSE.length());
                if (props.containsKey(HOLIDAY + day)) {
                    throw s.invalid(key, "the day is also a holiday (" + HOLIDAY + day + ")");
                }
                b.earlyClose(LocalDate.parse(day), t);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(s.source(), "close", s.string("close", "24:00"), "does not fit: "
                    + e.getMessage());
        }
    }

    private static LocalDate date(Settings s, String key, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new SettingsException(s.source(), key, text, "is not a date (yyyy-MM-dd) in the key");
        }
    }

    /** HH:mm[:ss]; 24:00 only where {@code endOfDay} (returned as null: the end of the day). */
    private static LocalTime time(Settings s, String key, String defaultValue, boolean endOfDay) {
        String v = s.string(key, defaultValue);
        if (v == null) {
            return null;
        }
        if (v.equals("24:00") || v.equals("24:00:00")) {
            if (!endOfDay) {
                throw s.invalid(key, "24:00 is only allowed for close and post.close");
            }
            return null;
        }
        try {
            return LocalTime.parse(v.length() == 4 ? "0" + v : v);
        } catch (DateTimeParseException e) {
            throw s.invalid(key, "not a time of day (HH:mm)");
        }
    }

    private static Set<DayOfWeek> weekend(Settings s) {
        List<String> days = s.list("weekend", List.of("saturday", "sunday"));
        if (days.size() == 1 && days.get(0).equalsIgnoreCase("none")) {
            return Set.of();
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String d : days) {
            try {
                out.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(s.source(), "weekend", d,
                        "is not a day of the week (monday..sunday, or none)");
            }
        }
        if (out.size() == 7) {
            throw s.invalid("weekend", "leaves no trading day");
        }
        return out;
    }
}
