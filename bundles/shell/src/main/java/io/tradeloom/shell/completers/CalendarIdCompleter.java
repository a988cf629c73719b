package io.tradeloom.shell.completers;

import io.tradeloom.core.api.CalendarService;
import io.tradeloom.domain.calendar.TradingCalendar;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the ids of the loaded trading calendars. */
@Service
public class CalendarIdCompleter implements Completer {

    @Reference
    CalendarService calendars;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (TradingCalendar c : calendars.calendars()) {
            delegate.getStrings().add(c.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
