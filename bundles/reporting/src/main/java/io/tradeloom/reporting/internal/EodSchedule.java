package io.tradeloom.reporting.internal;

import io.tradeloom.domain.config.Settings;
import org.quartz.CronExpression;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * The end-of-day schedule from {@code etc/io.tradeloom.reporting.eod.cfg}: {@code eod.cron} (Quartz cron, default
 * {@code 0 30 22 ? * MON-FRI}), {@code eod.timezone} (default UTC; also decides the trading date), {@code eod.dir}
 * and {@code eod.misfire}: what Quartz does when a fire time passed while the scheduler could not fire
 * ({@code fire-once-now}, the default, runs the batch once as soon as it can; {@code do-nothing} skips to the next
 * fire time). Quartz's job store is in memory, so a fire time that passed while the container was down is not a
 * Quartz misfire after the restart; instead the batch remembers the last fire time it ran for, and on start runs
 * the fire times missed since then ({@code eod.catchup.max}, default 5, the most recent ones; 0 = off). A
 * missed date can also be written by hand: {@code tradeloom:eod-run --date yyyy-MM-dd} or header
 * TradeloomEodDate to {@code direct:tradeloom.reporting.eod} (the batch is idempotent).
 */
public record EodSchedule(String cron, ZoneId zone, Path dir, Misfire misfire, int catchupMax) {

    public static final String EOD_ENDPOINT = "direct:tradeloom.reporting.eod";
    public static final String DATE_HEADER = "TradeloomEodDate";

    public enum Misfire {
        FIRE_ONCE_NOW(1), DO_NOTHING(2);

        final int quartzCode;

        Misfire(int quartzCode) {
            this.quartzCode = quartzCode;
        }
    }

    public static EodSchedule parse(Map<String, ?> props, Path dataDir) {
        Settings s = new Settings(props);
        String cron = s.string("eod.cron", "0 30 22 ? * MON-FRI");
        if (!CronExpression.isValidExpression(cron)) {
            throw s.invalid("eod.cron", "not a valid Quartz cron expression");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(s.string("eod.timezone", "UTC"));
        } catch (DateTimeException e) {
            throw s.invalid("eod.timezone", "not a time zone id (e.g. America/New_York)");
        }
        String dir = s.string("eod.dir", null);
        int catchup = (int) s.integer("eod.catchup.max", 5, 0, 366);
        return new EodSchedule(cron, zone, dir == null ? dataDir.resolve("tradeloom/reporting/eod") : Path.of(dir),
                s.enumValue("eod.misfire", Misfire.class, Misfire.FIRE_ONCE_NOW), catchup);
    }

    /**
     * The fire times of the schedule after {@code after} and not after {@code upTo}, oldest first; only the most
     * recent {@code max} when there are more.
     */
    public List<Instant> fireTimes(Instant after, Instant upTo, int max) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalStateException("eod.cron=" + cron + ": " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        ArrayDeque<Instant> times = new ArrayDeque<>();
        Date next = expression.getNextValidTimeAfter(Date.from(after));
        while (max > 0 && next != null && !next.toInstant().isAfter(upTo)) {
            times.addLast(next.toInstant());
            if (times.size() > max) {
                times.removeFirst();
            }
            next = expression.getNextValidTimeAfter(next);
        }
        return new ArrayList<>(times);
    }

    /** The trading date a batch fired at {@code fireTime} reports on. */
    public LocalDate tradingDate(Instant fireTime) {
        return LocalDate.ofInstant(fireTime, zone);
    }

    /** The camel-quartz endpoint (cron spaces as '+', as camel-quartz expects in a URI). */
    public String quartzUri() {
        return "quartz://tradeloom-reporting/eod?cron=" + cron.trim().replaceAll("\\s+", "+")
                + "&trigger.timeZone=" + zone.getId() + "&trigger.misfireInstruction=" + misfire.quartzCode;
    }

    @Override
    public String toString() {
        return "end-of-day batch at '" + cron + "' " + zone + " (misfire " + misfire.name().toLowerCase()
                + ", catch-up " + catchupMax + ") into " + dir;
    }
}
