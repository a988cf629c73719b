package io.tradeloom.shell.commands;

import io.tradeloom.core.api.CalendarService;
import io.tradeloom.domain.calendar.Session;
import io.tradeloom.domain.calendar.TradingCalendar;
import io.tradeloom.shell.completers.CalendarIdCompleter;
import io.tradeloom.shell.completers.FeedSourceCompleter;
import io.tradeloom.shell.completers.SymbolCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

@Service
@Command(scope = "tradeloom", name = "calendar", description = "Shows the trading calendars (etc/io.tradeloom.calendar-"
        + "<id>.cfg and the built-in 24x7) or one calendar's sessions day by day: open, close (early closes), holidays,"
        + " weekends, in local time and UTC. With --source/--symbol: which calendar bar gap detection uses for them.")
public class CalendarCommand implements Action {

    @Argument(index = 0, name = "id", description = "The calendar to show day by day; all calendars when none")
    @Completion(CalendarIdCompleter.class)
    String id;

    @Option(name = "--date", description = "First day to show, yyyy-MM-dd (default: today in the calendar's zone)")
    String date;

    @Option(name = "--days", description = "How many days to show (default 7, at most 366)")
    int days = 7;

    @Option(name = "--source", description = "Show the calendar this source's bar streams follow")
    @Completion(FeedSourceCompleter.class)
    String source;

    @Option(name = "--symbol", description = "Show the calendar this symbol's bar streams follow")
    @Completion(SymbolCompleter.class)
    String symbol;

    @Reference
    CalendarService calendars;

    @Override
    public Object execute() {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days=" + days + ": must be between 1 and 366");
        }
        if (source != null || symbol != null) {
            String mapped = calendars.calendarIdOf(source == null ? "" : source, symbol == null ? "" : symbol);
            System.out.println("source " + (source == null ? "(any)" : source) + ", symbol "
                    + (symbol == null ? "(any)" : symbol) + ": calendar " + mapped
                    + (calendars.calendar(mapped).isPresent() ? "" : " (NOT LOADED: such streams are not gap-checked)"));
            if (id == null) {
                id = mapped;
            }
        }
        if (id == null) {
            list();
            return null;
        }
        TradingCalendar c = calendars.calendar(id).orElseThrow(() -> new IllegalArgumentException("id=" + id
                + ": no such calendar (known: " + calendars.calendars().stream().map(TradingCalendar::id)
                .collect(Collectors.joining(", ")) + ")"));
        LocalDate from;
        try {
            from = date == null ? LocalDate.now(c.zone()) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date=" + date + ": not a date (yyyy-MM-dd)");
        }
        System.out.println(c.id() + ": " + c.zone() + ", regular " + c.open() + "-" + end(c.close())
                + c.preOpen().map(t -> ", pre-market from " + t).orElse("")
                + c.postClose().map(t -> ", post-market to " + end(t)).orElse("")
                + ", bars expected in " + c.barHours().name().toLowerCase(Locale.ROOT) + " hours");
        ShellTable t = new ShellTable();
        t.column("Date");
        t.column("Day");
        t.column("Status");
        t.column("Open");
        t.column("Close");
        t.column("Open UTC");
        t.column("Close UTC");
        t.column("Extended");
        for (int i = 0; i < days; i++) {
            LocalDate d = from.plusDays(i);
            String day = d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
            Optional<Session> s = c.session(d);
            if (s.isEmpty()) {
                String why = c.holidays().containsKey(d) ? "holiday" + name(c.holidays().get(d)) : "weekend";
                t.addRow().addContent(d, day, why, "-", "-", "-", "-", "-");
                continue;
            }
            Session x = s.get();
            t.addRow().addContent(d, day, x.earlyClose() ? "early close" : "open", local(c, x.open(), false),
                    local(c, x.close(), true), x.open(), x.close(),
                    x.extendedOpen().equals(x.open()) && x.extendedClose().equals(x.close()) ? "-"
                            : local(c, x.extendedOpen(), false) + "-" + local(c, x.extendedClose(), true));
        }
        t.print(System.out);
        Instant now = Instant.now();
        System.out.println("now " + (c.isOpen(now) ? "open" : "closed") + "; next open " + c.nextOpen(now));
        return null;
    }

    private void list() {
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Zone");
        t.column("Hours");
        t.column("Extended");
        t.column("Weekend");
        t.column("Holidays").alignRight();
        t.column("Early closes").alignRight();
        t.column("Listed through");
        for (TradingCalendar c : calendars.calendars()) {
            String weekend = c.weekend().isEmpty() ? "none" : c.weekend().stream().sorted().map(DayOfWeek::name)
                    .map(n -> n.substring(0, 3).toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
            String through = c.holidays().isEmpty() ? "-"
                    : c.holidays().keySet().stream().max(LocalDate::compareTo).map(LocalDate::toString).orElse("-");
            t.addRow().addContent(c.id(), c.zone(), c.open() + "-" + end(c.close()),
                    c.preOpen().isEmpty() && c.postClose().isEmpty() ? "-"
                            : c.preOpen().map(LocalTime::toString).orElse("") + "-"
                            + c.postClose().map(CalendarCommand::end).orElse(""),
                    weekend, c.holidays().size(), c.earlyCloses().size(), through);
        }
        t.print(System.out);
    }

    private static String end(LocalTime t) {
        return t == null || t.equals(LocalTime.MIDNIGHT) ? "24:00" : t.toString();
    }

    /** Local time of day; an end at the next midnight is 24:00. */
    private static String local(TradingCalendar c, Instant t, boolean end) {
        LocalTime lt = LocalTime.ofInstant(t, c.zone());
        return end && lt.equals(LocalTime.MIDNIGHT) ? "24:00" : lt.toString();
    }

    private static String name(String n) {
        return n == null || n.isEmpty() ? "" : ": " + n;
    }
}
