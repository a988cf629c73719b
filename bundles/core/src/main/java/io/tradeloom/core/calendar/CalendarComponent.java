package io.tradeloom.core.calendar;

import io.tradeloom.domain.calendar.TradingCalendar;
import io.tradeloom.domain.calendar.TradingCalendars;
import io.tradeloom.domain.config.Settings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.Map;

/**
 * One trading calendar per factory configuration {@code etc/io.tradeloom.calendar-<id>.cfg}: add the file to add
 * it, edit it to change it live (a bad value is logged and the previous version stays), delete it to remove it.
 */
@Component(service = CalendarComponent.class, configurationPid = "io.tradeloom.calendar",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public class CalendarComponent {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarComponent.class);

    private final CalendarRegistry registry;
    private volatile String id;
    private volatile String file;

    @Activate
    public CalendarComponent(@Reference CalendarRegistry registry, Map<String, Object> props) {
        this.registry = registry;
        apply(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        apply(props);
    }

    private void apply(Map<String, Object> props) {
        String source = new Settings(props).source();
        TradingCalendar c;
        try {
            c = TradingCalendars.parse(props);
            if (id != null && !id.equals(c.id())) {
                throw new IllegalArgumentException(source + ": id=" + c.id() + ": a calendar's id cannot change"
                        + " while it runs (remove the file and add a new one)");
            }
            registry.put(c, source);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; {}", e.getMessage(), id == null ? "calendar not loaded"
                    : "the previous version of calendar " + id + " stays in force");
            return;
        }
        id = c.id();
        file = source;
        LOG.info("calendar {} ({}): {}", c.id(), source, c);
        CalendarsJmx.listedThrough(c).filter(last -> last.isBefore(LocalDate.now(c.zone())
                .plusDays(CalendarsJmx.HOLIDAYS_WARNING_DAYS))).ifPresent(last -> LOG.warn("calendar {} ({}): holidays"
                + " are listed only through {}; add the dates after it (past them every weekday is a trading day, and"
                + " bar gap detection expects bars on holidays that are not listed)", c.id(), source, last));
    }

    @Deactivate
    void deactivate() {
        if (id != null) {
            registry.remove(id, file);
            LOG.info("calendar {} removed", id);
        }
    }
}
