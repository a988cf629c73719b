package io.tradeloom.core.api;

import io.tradeloom.domain.calendar.TradingCalendar;

import java.util.List;
import java.util.Optional;

/**
 * The trading calendars the container knows ({@code etc/io.tradeloom.calendar-<id>.cfg} plus the built-in
 * {@value TradingCalendar#ALWAYS_OPEN_ID}) and which one bar gap detection uses for a source and symbol
 * ({@code calendar.*} in {@code etc/io.tradeloom.marketdata.cfg}).
 */
public interface CalendarService {

    /** Every calendar, sorted by id. */
    List<TradingCalendar> calendars();

    Optional<TradingCalendar> calendar(String id);

    /** The id of the calendar gap detection uses for this source's stream of this symbol (it may be unknown). */
    String calendarIdOf(String source, String symbol);
}
