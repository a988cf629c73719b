package io.tradeloom.reporting.shell;

import io.tradeloom.reporting.api.Reporting;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

@Service
@Command(scope = "tradeloom", name = "eod-run", description = "Writes the end-of-day batch of a trading date now"
        + " (one JSON and one CSV file per account and venue; running it again rewrites the same files)")
public class EodRunCommand implements Action {

    @Option(name = "--date", description = "Trading date, yyyy-MM-dd (default: today in eod.timezone)")
    String date;

    @Reference
    Reporting reporting;

    @Override
    public Object execute() {
        LocalDate day;
        try {
            day = date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            System.err.println("--date " + date + ": not a date (yyyy-MM-dd)");
            return null;
        }
        List<Path> files = reporting.endOfDay(day);
        System.out.println("end-of-day batch" + (day == null ? "" : " " + day) + ": " + files.size() + " files");
        for (Path f : files) {
            System.out.println("  " + f);
        }
        return null;
    }
}
