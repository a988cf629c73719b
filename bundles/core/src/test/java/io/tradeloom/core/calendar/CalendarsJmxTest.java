package io.tradeloom.core.calendar;

import io.tradeloom.core.api.CalendarService;
import io.tradeloom.domain.calendar.TradingCalendar;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import javax.management.RuntimeMBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** The calendars as a JMX client reads them from the platform MBean server. */
public class CalendarsJmxTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final CalendarRegistry registry = new CalendarRegistry();
    private CalendarsJmx jmx;
    private ObjectName name;

    private void start(String now) throws Exception {
        CalendarService service = new CalendarService() {
            @Override
            public List<TradingCalendar> calendars() {
                return registry.calendars();
            }

            @Override
            public Optional<TradingCalendar> calendar(String id) {
                return registry.calendar(id);
            }

            @Override
            public String calendarIdOf(String source, String symbol) {
                return source.equals("lse-feed") ? "XTST" : TradingCalendar.ALWAYS_OPEN_ID;
            }
        };
        jmx = new CalendarsJmx(service, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
        name = new ObjectName(CalendarsJmx.NAME);
    }

    @Before
    public void files() {
        new CalendarComponent(registry, CalendarComponentTest.file("io.tradeloom.calendar-XTST.cfg", "weekend",
                "saturday,sunday", "holiday.2026-12-25", "Christmas Day", "holiday.2026-12-28", "Boxing Day (substitute)"));
    }

    @After
    public void stop() {
        if (jmx != null) {
            jmx.deactivate();
        }
    }

    @Test
    public void attributesShowEachCalendarItsHoursAndWhetherItIsOpenNow() throws Exception {
        start("2026-11-23T10:00:00Z"); // a Monday, 10:00 in London
        @SuppressWarnings("unchecked")
        Map<String, Boolean> open = toMap(server.getAttribute(name, "OpenNow"));
        assertEquals(Boolean.TRUE, open.get("XTST"));
        assertEquals(Boolean.TRUE, open.get(TradingCalendar.ALWAYS_OPEN_ID));
        Map<String, Object> described = toMap(server.getAttribute(name, "Calendars"));
        assertTrue(String.valueOf(described.get("XTST")), String.valueOf(described.get("XTST"))
                .startsWith("Europe/London, regular 08:00-16:30, weekend Sat,Sun, 2 holidays and 0 early closes listed"
                        + " through 2026-12-28"));
        assertEquals("2026-12-28", toMap(server.getAttribute(name, "HolidaysListedThrough")).get("XTST"));
        assertEquals("-", toMap(server.getAttribute(name, "HolidaysListedThrough")).get(TradingCalendar.ALWAYS_OPEN_ID));
        // 35 days before the last listed holiday: less than 90 days of holidays left.
        assertArrayEquals(new String[]{"XTST"}, (String[]) server.getAttribute(name, "HolidaysRunningOut"));
        assertEquals("XTST", server.invoke(name, "calendarOf", new Object[]{"lse-feed", "VOD"},
                new String[]{String.class.getName(), String.class.getName()}));
    }

    @Test
    public void closedOnASaturdayWithTheNextOpenOnMonday() throws Exception {
        start("2026-11-28T12:00:00Z");
        assertEquals(Boolean.FALSE, toMap(server.getAttribute(name, "OpenNow")).get("XTST"));
        assertEquals("2026-11-30T08:00:00Z", toMap(server.getAttribute(name, "NextOpen")).get("XTST"));
    }

    @Test
    public void sessionsNameHolidaysAndWeekendsAndABadArgumentIsRefusedByName() throws Exception {
        start("2026-11-23T10:00:00Z");
        String[] sig = {String.class.getName(), String.class.getName(), int.class.getName()};
        String days = (String) server.invoke(name, "sessions", new Object[]{"XTST", "2026-12-24", 5}, sig);
        assertEquals("2026-12-24 Thu open 2026-12-24T08:00:00Z - 2026-12-24T16:30:00Z\n"
                + "2026-12-25 Fri holiday: Christmas Day\n"
                + "2026-12-26 Sat weekend\n"
                + "2026-12-27 Sun weekend\n"
                + "2026-12-28 Mon holiday: Boxing Day (substitute)\n", days);
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "sessions",
                new Object[]{"XTST", "24.12.2026", 5}, sig));
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().startsWith("fromDate=24.12.2026"));
        e = assertThrows(RuntimeMBeanException.class, () -> server.invoke(name, "sessions", new Object[]{"NOPE", "", 5},
                sig));
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().startsWith("id=NOPE: no such calendar"));
    }

    @Test
    public void enoughHolidaysListedIsNotRunningOut() throws Exception {
        start("2026-06-01T10:00:00Z");
        assertEquals(0, ((String[]) server.getAttribute(name, "HolidaysRunningOut")).length);
        jmx.deactivate();
        assertFalse(server.isRegistered(name));
        jmx = null;
    }

    /** An MXBean map attribute arrives as TabularData of key/value rows. */
    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> toMap(Object tabular) {
        Map<String, V> out = new HashMap<>();
        for (Object row : ((javax.management.openmbean.TabularData) tabular).values()) {
            javax.management.openmbean.CompositeData cd = (javax.management.openmbean.CompositeData) row;
            out.put((String) cd.get("key"), (V) cd.get("value"));
        }
        return out;
    }
}
