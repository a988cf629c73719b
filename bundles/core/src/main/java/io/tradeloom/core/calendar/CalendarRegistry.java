package io.tradeloom.core.calendar;

import io.tradeloom.domain.calendar.TradingCalendar;
import org.osgi.service.component.annotations.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calendars by id: the built-in {@value TradingCalendar#ALWAYS_OPEN_ID} and one per
 * {@code etc/io.tradeloom.calendar-<id>.cfg} ({@link CalendarComponent}). Read per bar by gap detection, so a
 * replaced calendar takes effect with the next bar.
 */
@Component(service = CalendarRegistry.class, immediate = true)
public class CalendarRegistry {

    private record Entry(TradingCalendar calendar, String file) {
    }

    private final Map<String, Entry> calendars = new ConcurrentHashMap<>();

    public CalendarRegistry() {
        calendars.put(TradingCalendar.ALWAYS_OPEN_ID, new Entry(TradingCalendar.alwaysOpen(), "built in"));
    }

    public Optional<TradingCalendar> calendar(String id) {
        Entry e = id == null ? null : calendars.get(id);
        return Optional.ofNullable(e == null ? null : e.calendar);
    }

    public List<TradingCalendar> calendars() {
        return calendars.values().stream().map(Entry::calendar).sorted(Comparator.comparing(TradingCalendar::id))
                .toList();
    }

    /**
     * Adds or replaces the calendar of this file.
     *
     * @throws IllegalArgumentException when another file (or the built-in) already defines its id
     */
    public synchronized void put(TradingCalendar c, String file) {
        Entry had = calendars.get(c.id());
        if (had != null && !had.file.equals(file)) {
            throw new IllegalArgumentException(file + ": id=" + c.id() + ": already defined by " + had.file);
        }
        calendars.put(c.id(), new Entry(c, file));
    }

    public synchronized void remove(String id, String file) {
        Entry had = calendars.get(id);
        if (had != null && had.file.equals(file)) {
            calendars.remove(id);
        }
    }
}
