package io.tradeloom.core.feeds;

import io.tradeloom.domain.calendar.TradingCalendar;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which trading calendar a source's bar stream of a symbol follows, from {@code etc/io.tradeloom.marketdata.cfg}:
 * {@code calendar.symbol.<pattern>} (a symbol, or a pattern with {@code *}; the exact symbol wins, then the longest
 * pattern), else {@code calendar.source.<source>}, else {@code calendar.default} (the built-in
 * {@value TradingCalendar#ALWAYS_OPEN_ID} unless set). Only ids are checked here; a calendar that is not loaded is
 * reported where it is looked up.
 */
public record CalendarMapping(String defaultId, Map<String, String> bySource, List<SymbolRule> bySymbol) {

    public static final CalendarMapping DEFAULTS = new CalendarMapping(TradingCalendar.ALWAYS_OPEN_ID, Map.of(),
            List.of());

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.+-]{1,40}");
    private static final String SOURCE = "calendar.source.";
    private static final String SYMBOL = "calendar.symbol.";

    /** A symbol pattern and its calendar; an exact symbol has no {@code *}. */
    public record SymbolRule(String pattern, String calendarId, Pattern regex) {
        boolean exact() {
            return pattern.indexOf('*') < 0;
        }
    }

    public static CalendarMapping parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String def = id(s, "calendar.default", s.string("calendar.default", TradingCalendar.ALWAYS_OPEN_ID));
        Map<String, String> bySource = new TreeMap<>();
        List<SymbolRule> bySymbol = new ArrayList<>();
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(props == null ? Map.of() : props).entrySet()) {
            String key = e.getKey();
            if (key.startsWith(SOURCE) && key.length() > SOURCE.length()) {
                bySource.put(key.substring(SOURCE.length()), id(s, key, s.required(key)));
            } else if (key.startsWith(SYMBOL) && key.length() > SYMBOL.length()) {
                String pattern = key.substring(SYMBOL.length());
                bySymbol.add(new SymbolRule(pattern, id(s, key, s.required(key)), glob(pattern)));
            }
        }
        // Exact symbols first, then longer (more specific) patterns first.
        bySymbol.sort(Comparator.comparing((SymbolRule r) -> !r.exact())
                .thenComparing(r -> -r.pattern().length()).thenComparing(SymbolRule::pattern));
        return new CalendarMapping(def, Map.copyOf(bySource), List.copyOf(bySymbol));
    }

    private static String id(Settings s, String key, String value) {
        if (!ID.matcher(value).matches()) {
            throw new SettingsException(s.source(), key, value, "is not a calendar id (1 to 40 letters, digits or"
                    + " _.+-)");
        }
        return value;
    }

    private static Pattern glob(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }

    /** The calendar id for this source's stream of this symbol. */
    public String idOf(String source, String symbol) {
        for (SymbolRule r : bySymbol) {
            if (r.exact() ? r.pattern().equals(symbol) : r.regex().matcher(symbol).matches()) {
                return r.calendarId();
            }
        }
        String bySrc = bySource.get(source);
        return bySrc != null ? bySrc : defaultId;
    }
}
