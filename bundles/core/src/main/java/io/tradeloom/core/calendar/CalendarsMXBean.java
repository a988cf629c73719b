package io.tradeloom.core.calendar;

import java.util.Map;

/**
 * JMX view of the trading calendars: {@code io.tradeloom:type=calendars}. What {@code tradeloom:calendar} shows,
 * for tools that watch JMX (Jolokia, ...): each calendar's hours, whether it is open now, its next open, and how far
 * its holidays are listed (past that date every weekday counts as a trading day, so bar gap detection expects bars
 * on holidays that are not listed).
 */
public interface CalendarsMXBean {

    /** Calendar id to a one-line description: zone, hours, weekend, holidays and early closes listed. */
    Map<String, String> getCalendars();

    Map<String, Boolean> getOpenNow();

    /** Calendar id to its next regular open (ISO-8601 UTC instant). */
    Map<String, String> getNextOpen();

    /** Calendar id to the last holiday it lists (yyyy-MM-dd), or "-" when it lists none. */
    Map<String, String> getHolidaysListedThrough();

    /** Ids of calendars whose listed holidays end within 90 days (or have ended): add the next year's dates. */
    String[] getHolidaysRunningOut();

    /**
     * One calendar's days from {@code fromDate} (yyyy-MM-dd; empty for today in its zone), one line each: date,
     * weekday, status (open, early close, holiday with its name, weekend) and the session in UTC.
     */
    String sessions(String id, String fromDate, int days);

    /** The calendar bar gap detection uses for this source's stream of this symbol. */
    String calendarOf(String source, String symbol);
}
