package io.tradeloom.reporting.internal;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * {@code reporting-eod-schedule}: the camel-quartz trigger, to {@code direct:tradeloom.reporting.eod} with the
 * trading date of the trigger's scheduled fire time (a misfire run after midnight still writes the day it was
 * meant for), then remembers that fire time; {@code reporting-eod-catchup}: once on start, the fire times missed
 * since the last remembered one (the container was down); {@code reporting-eod}: writes the batch of the trading
 * date (header TradeloomEodDate, yyyy-MM-dd, else today in the schedule's zone). The body afterwards is the list
 * of files written.
 */
public final class EodRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(EodRoutes.class);
    /** Set by camel-quartz: the time the trigger was meant to fire (java.util.Date). */
    private static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";

    private final EodSchedule schedule;
    private final EodBatcher batcher;
    private final Clock clock;

    public EodRoutes(EodSchedule schedule, ReportStore store, Clock clock) {
        this.schedule = schedule;
        this.batcher = new EodBatcher(store, schedule.dir(), schedule.zone());
        this.clock = clock;
    }

    @Override
    public void configure() {
        from(schedule.quartzUri()).routeId("reporting-eod-schedule")
                .process(ex -> {
                    Instant fire = scheduledFireTime(ex);
                    ex.getMessage().setHeader(EodSchedule.DATE_HEADER, schedule.tradingDate(fire).toString());
                    ex.setProperty(SCHEDULED_FIRE_TIME, fire);
                })
                .to(EodSchedule.EOD_ENDPOINT)
                .process(ex -> batcher.recordFire(ex.getProperty(SCHEDULED_FIRE_TIME, Instant.class)));
        from("timer:tradeloom-reporting-eod-catchup?repeatCount=1&delay=500").routeId("reporting-eod-catchup")
                .process(ex -> catchUp());
        from(EodSchedule.EOD_ENDPOINT).routeId("reporting-eod")
                .process(ex -> {
                    String date = ex.getMessage().getHeader(EodSchedule.DATE_HEADER, String.class);
                    LocalDate day = date != null ? LocalDate.parse(date) : batcher.tradingDate(clock.instant());
                    List<Path> files = batcher.run(day);
                    LOG.info("end-of-day batch {}: {} files in {}", day, files.size(),
                            schedule.dir().resolve(day.toString()));
                    ex.getMessage().setBody(files);
                });
    }

    private Instant scheduledFireTime(Exchange ex) {
        Date d = ex.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
        return d != null ? d.toInstant() : clock.instant();
    }

    /** Writes one date's batch now (the operator's {@code tradeloom:eod-run}); does not move the marker. */
    List<Path> run(LocalDate day) {
        List<Path> files = batcher.run(day);
        LOG.info("end-of-day batch {} (by hand): {} files in {}", day, files.size(),
                schedule.dir().resolve(day.toString()));
        return files;
    }

    /** Writes the batches of the fire times missed since the last one written; run once when the routes start. */
    void catchUp() {
        Instant now = clock.instant();
        Optional<Instant> last = batcher.lastFire();
        if (last.isEmpty()) {
            // First start with this eod.dir: nothing was missed yet; later downtime is measured from here.
            batcher.recordFire(now);
            return;
        }
        List<Instant> missed = schedule.fireTimes(last.get(), now, schedule.catchupMax());
        if (missed.isEmpty()) {
            return;
        }
        LOG.warn("end-of-day: scheduled batches missed since {} while the container was down; writing {} now"
                + " (at most eod.catchup.max={}, the most recent)", last.get(),
                missed.stream().map(schedule::tradingDate).toList(), schedule.catchupMax());
        for (Instant fire : missed) {
            LocalDate day = schedule.tradingDate(fire);
            try {
                List<Path> files = batcher.run(day);
                LOG.info("end-of-day batch {} (caught up): {} files in {}", day, files.size(),
                        schedule.dir().resolve(day.toString()));
                batcher.recordFire(fire);
            } catch (RuntimeException e) {
                // Left for the next start (the marker stays before this fire time) or for tradeloom:eod-run.
                LOG.error("end-of-day batch {} (caught up) failed: {}", day, e.getMessage(), e);
                return;
            }
        }
    }
}
