package io.tradeloom.domain.calendar;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One trading day's session of a {@link TradingCalendar}, as instants (the calendar turned its local times into
 * them, DST included).
 *
 * @param date          the trading day (in the calendar's zone)
 * @param open          regular open
 * @param close         regular close (the early close on an early-close day), exclusive
 * @param extendedOpen  pre-market open, or {@code open} when the calendar has no pre-market session
 * @param extendedClose post-market close, or {@code close} when the calendar has no post-market session
 * @param earlyClose    whether {@code close} is an early close
 */
public record Session(LocalDate date, Instant open, Instant close, Instant extendedOpen, Instant extendedClose,
                      boolean earlyClose) {

    /** Start of the hours bars are expected in: regular or extended. */
    public Instant start(TradingCalendar.Hours hours) {
        return hours == TradingCalendar.Hours.EXTENDED ? extendedOpen : open;
    }

    /** End (exclusive) of the hours bars are expected in: regular or extended. */
    public Instant end(TradingCalendar.Hours hours) {
        return hours == TradingCalendar.Hours.EXTENDED ? extendedClose : close;
    }

    /** Whether {@code t} lies in [start, end) of these hours. */
    public boolean contains(Instant t, TradingCalendar.Hours hours) {
        return !t.isBefore(start(hours)) && t.isBefore(end(hours));
    }
}
