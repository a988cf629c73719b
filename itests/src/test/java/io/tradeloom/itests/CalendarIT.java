package io.tradeloom.itests;

import io.tradeloom.core.api.CalendarService;
import io.tradeloom.domain.calendar.TradingCalendar;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Trading calendars as an operator meets them: the shipped XNYS file, the shell command, a calendar file edited live. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CalendarIT extends TradeloomTestSupport {

    @Inject
    CalendarService calendars;

    @Test
    public void theShippedXnysCalendarIsLoadedAndTheShellShowsItsSessions() {
        await("XNYS loaded from etc/", 20_000, () -> calendars.calendar("XNYS").isPresent());
        TradingCalendar x = calendars.calendar("XNYS").orElseThrow();
        assertEquals("Independence Day", x.holidays().get(LocalDate.parse("2025-07-04")));
        assertEquals("XNYS", calendars.calendarIdOf("polygon", "AAPL"));
        assertEquals(TradingCalendar.ALWAYS_OPEN_ID, calendars.calendarIdOf("sim", "AAPL"));

        String week = shell("tradeloom:calendar --date 2025-11-24 --days 7 XNYS");
        System.out.println(week);
        assertTrue(week, week.contains("2025-11-24T14:30:00Z") && week.contains("2025-11-24T21:00:00Z"));
        assertTrue(week, week.contains("holiday: Thanksgiving Day"));
        assertTrue(week, week.contains("early close") && week.contains("2025-11-28T18:00:00Z"));
        assertTrue(week, week.contains("weekend"));
        String all = shell("tradeloom:calendar");
        assertTrue(all, all.contains("XNYS") && all.contains("America/New_York") && all.contains("24x7"));
        String mapped = shell("tradeloom:calendar --source polygon --symbol AAPL --date 2025-07-03 --days 2");
        assertTrue(mapped, mapped.contains("calendar XNYS") && mapped.contains("holiday: Independence Day"));
        String unknown = shell("tradeloom:calendar XLON");
        assertTrue(unknown, unknown.contains("id=XLON: no such calendar"));
    }

    @Test
    public void jmxShowsTheCalendarsAndTheirSessions() throws Exception {
        await("XNYS loaded from etc/", 20_000, () -> calendars.calendar("XNYS").isPresent());
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("io.tradeloom:type=calendars");
        await("calendars MBean", 20_000, () -> server.isRegistered(name));
        String listed = String.valueOf(server.getAttribute(name, "HolidaysListedThrough"));
        assertTrue(listed, listed.contains("XNYS") && listed.contains("2027-"));
        String days = (String) server.invoke(name, "sessions", new Object[]{"XNYS", "2025-11-27", 2},
                new String[]{String.class.getName(), String.class.getName(), int.class.getName()});
        assertEquals("2025-11-27 Thu holiday: Thanksgiving Day\n"
                + "2025-11-28 Fri early close 2025-11-28T14:30:00Z - 2025-11-28T18:00:00Z\n", days);
        assertEquals("XNYS", server.invoke(name, "calendarOf", new Object[]{"polygon", "AAPL"},
                new String[]{String.class.getName(), String.class.getName()}));
    }

    @Test
    public void aCalendarFileIsAppliedLiveABadValueKeepsThePreviousAndDeletingItRemovesIt() throws Exception {
        Path file = karafBase().resolve("etc/io.tradeloom.calendar-ITEST.cfg");
        String good = "id = ITEST\nzone = Europe/London\nopen = 08:00\nclose = 16:30\n"
                + "holiday.2025-12-25 = Christmas Day\n";
        Files.writeString(file, good);
        try {
            await("ITEST loaded", 20_000, () -> calendars.calendar("ITEST").isPresent());
            assertEquals(LocalTime.of(8, 0), calendars.calendar("ITEST").orElseThrow().open());
            letFileInstallSettle();

            edit(file, good.replace("open = 08:00", "open = 9h30"));
            await("the bad value logged with file, key and value", 20_000, () -> {
                try {
                    return karafLog().contains("io.tradeloom.calendar-ITEST.cfg: open=9h30 not a time of day (HH:mm);"
                            + " the previous version of calendar ITEST stays in force");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertEquals(LocalTime.of(8, 0), calendars.calendar("ITEST").orElseThrow().open());
            letFileInstallSettle();

            edit(file, good.replace("open = 08:00", "open = 07:30"));
            await("the new open applied", 20_000, () -> calendars.calendar("ITEST")
                    .map(c -> c.open().equals(LocalTime.of(7, 30))).orElse(false));
            letFileInstallSettle();
        } finally {
            Files.deleteIfExists(file);
        }
        await("ITEST removed with its file", 20_000, () -> calendars.calendar("ITEST").isEmpty());
        assertTrue(calendars.calendar("XNYS").isPresent());
    }
}
