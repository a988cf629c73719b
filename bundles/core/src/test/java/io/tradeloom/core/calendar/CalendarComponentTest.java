package io.tradeloom.core.calendar;

import io.tradeloom.domain.calendar.TradingCalendar;
import org.junit.Test;

import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** Calendar files as Config Admin hands them over: added, edited (a bad edit keeps the previous), removed. */
public class CalendarComponentTest {

    /** A calendar file as Config Admin hands it over (test calendar XTST, London hours), with these keys added. */
    static Map<String, Object> file(String name, String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/karaf/etc/" + name);
        m.put("id", "XTST");
        m.put("zone", "Europe/London");
        m.put("open", "08:00");
        m.put("close", "16:30");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    public void aFileAddsEditsAndRemovesItsCalendarAndABadEditKeepsThePrevious() {
        CalendarRegistry registry = new CalendarRegistry();
        assertEquals(List.of(TradingCalendar.ALWAYS_OPEN_ID), registry.calendars().stream().map(TradingCalendar::id)
                .toList());
        CalendarComponent c = new CalendarComponent(registry, file("io.tradeloom.calendar-XTST.cfg"));
        assertEquals(LocalTime.of(8, 0), registry.calendar("XTST").orElseThrow().open());

        c.modified(file("io.tradeloom.calendar-XTST.cfg", "open", "25:00"));
        assertEquals(LocalTime.of(8, 0), registry.calendar("XTST").orElseThrow().open());
        c.modified(file("io.tradeloom.calendar-XTST.cfg", "id", "OTHER"));
        assertTrue(registry.calendar("OTHER").isEmpty());
        c.modified(file("io.tradeloom.calendar-XTST.cfg", "open", "07:00"));
        assertEquals(LocalTime.of(7, 0), registry.calendar("XTST").orElseThrow().open());

        // A second file with the same id is refused; the first one's calendar stays.
        CalendarComponent twin = new CalendarComponent(registry, file("io.tradeloom.calendar-copy.cfg", "open",
                "09:00"));
        assertEquals(LocalTime.of(7, 0), registry.calendar("XTST").orElseThrow().open());
        twin.deactivate();
        assertTrue(registry.calendar("XTST").isPresent());

        c.deactivate();
        assertTrue(registry.calendar("XTST").isEmpty());
        assertTrue(registry.calendar(TradingCalendar.ALWAYS_OPEN_ID).isPresent());
    }

    @Test
    public void theBuiltInCalendarCannotBeReplacedByAFile() {
        CalendarRegistry registry = new CalendarRegistry();
        String error = assertThrows(IllegalArgumentException.class, () -> registry.put(
                TradingCalendar.builder(TradingCalendar.ALWAYS_OPEN_ID, java.time.ZoneOffset.UTC).build(),
                "io.tradeloom.calendar-24x7.cfg")).getMessage();
        assertEquals("io.tradeloom.calendar-24x7.cfg: id=24x7: already defined by built in", error);
    }
}
