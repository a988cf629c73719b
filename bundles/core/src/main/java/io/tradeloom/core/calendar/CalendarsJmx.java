package io.tradeloom.core.calendar;

import io.tradeloom.core.api.CalendarService;
import io.tradeloom.domain.calendar.Session;
import io.tradeloom.domain.calendar.TradingCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Registers {@link CalendarsMXBean} as {@code io.tradeloom:type=calendars} while the calendars are there. */
@Component(immediate = true)
public class CalendarsJmx implements CalendarsMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarsJmx.class);
    static final String NAME = "io.tradeloom:type=calendars";
    /** Holidays listed for less than this many days ahead are reported as running out. */
    static final int HOLIDAYS_WARNING_DAYS = 90;

    private final CalendarService calendars;
    private final Clock clock;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    @Activate
    public CalendarsJmx(@Reference CalendarService calendars) {
        this(calendars, Clock.systemUTC());
    }

    CalendarsJmx(CalendarService calendars, Clock clock) {
        this.calendars = calendars;
        this.clock = clock;
        ObjectName on;
        try {
            on = new ObjectName(NAME);
            mbeans.registerMBean(new StandardMBean(this, CalendarsMXBean.class, true), on);
        } catch (Exception e) {
            LOG.warn("calendars MBean not registered: {}", e.toString());
            on = null;
        }
        this.name = on;
    }

    @Deactivate
    void deactivate() {
        if (name != null) {
            try {
                mbeans.unregisterMBean(name);
            } catch (Exception e) {
                LOG.debug("calendars MBean: {}", e.toString());
            }
        }
    }

    private <V> Map<String, V> each(Function<TradingCalendar, V> f) {
        Map<String, V> out = new LinkedHashMap<>();
        for (TradingCalendar c : calendars.calendars()) {
            out.put(c.id(), f.apply(c));
        }
        return out;
    }

    @Override
    public Map<String, String> getCalendars() {
        return each(c -> c.zone() + ", regular " + c.open() + "-" + end(c.close())
                + c.preOpen().map(t -> ", pre-market from " + t).orElse("")
                + c.postClose().map(t -> ", post-market to " + end(t)).orElse("")
                + ", weekend " + (c.weekend().isEmpty() ? "none" : c.weekend().stream().sorted()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT)).collect(Collectors.joining(",")))
                + ", " + c.holidays().size() + " holidays and " + c.earlyCloses().size() + " early closes listed"
                + listedThrough(c).map(d -> " through " + d).orElse(""));
    }

    @Override
    public Map<String, Boolean> getOpenNow() {
        return each(c -> c.isOpen(clock.instant()));
    }

    @Override
    public Map<String, String> getNextOpen() {
        return each(c -> String.valueOf(c.nextOpen(clock.instant())));
    }

    @Override
    public Map<String, String> getHolidaysListedThrough() {
        return each(c -> listedThrough(c).map(LocalDate::toString).orElse("-"));
    }

    @Override
    public String[] getHolidaysRunningOut() {
        List<String> out = new ArrayList<>();
        for (TradingCalendar c : calendars.calendars()) {
            Optional<LocalDate> last = listedThrough(c);
            if (last.isPresent() && last.get().isBefore(LocalDate.now(clock.withZone(c.zone()))
                    .plusDays(HOLIDAYS_WARNING_DAYS))) {
                out.add(c.id());
            }
        }
        return out.toArray(String[]::new);
    }

    @Override
    public String sessions(String id, String fromDate, int days) {
        TradingCalendar c = calendars.calendar(id).orElseThrow(() -> new IllegalArgumentException("id=" + id
                + ": no such calendar (known: " + calendars.calendars().stream().map(TradingCalendar::id)
                .collect(Collectors.joining(", ")) + ")"));
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days=" + days + ": must be between 1 and 366");
        }
        LocalDate from;
        try {
            from = fromDate == null || fromDate.isBlank() ? LocalDate.now(clock.withZone(c.zone()))
                    : LocalDate.parse(fromDate.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("fromDate=" + fromDate + ": not a date (yyyy-MM-dd)");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < days; i++) {
            LocalDate d = from.plusDays(i);
            b.append(d).append(' ').append(d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT)).append(' ');
            Optional<Session> s = c.session(d);
            if (s.isPresent()) {
                Session x = s.get();
                b.append(x.earlyClose() ? "early close " : "open ").append(x.open()).append(" - ").append(x.close());
            } else if (c.holidays().containsKey(d)) {
                String n = c.holidays().get(d);
                b.append("holiday").append(n == null || n.isEmpty() ? "" : ": " + n);
            } else {
                b.append("weekend");
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Override
    public String calendarOf(String source, String symbol) {
        return calendars.calendarIdOf(source == null ? "" : source, symbol == null ? "" : symbol);
    }

    static Optional<LocalDate> listedThrough(TradingCalendar c) {
        return c.holidays().keySet().stream().max(LocalDate::compareTo);
    }

    private static String end(LocalTime t) {
        return t == null || t.equals(LocalTime.MIDNIGHT) ? "24:00" : t.toString();
    }
}
