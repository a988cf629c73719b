package io.tradeloom.reporting.internal;

import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.ScheduledJobs;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
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
 *
 * <p>In a cluster ({@code join} other than none) the schedule and catch-up routes carry one
 * {@link ScheduledJobs#leaderPolicy leader policy} (Camel's HazelcastRoutePolicy, job {@value #JOB}): only the
 * leader's consumers run. A member taking over starts the catch-up route, which writes what was missed since the
 * last fire time any member ran for (kept in the cluster, {@link ClusterNames#SCHEDULER_LAST_FIRE}, as well as in
 * this member's {@code .last-fire}); the batch holds every member's reports ({@link SharedReports}). Manual runs
 * ({@code tradeloom:eod-run}, the direct endpoint) run wherever they are asked.
 */
public final class EodRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(EodRoutes.class);
    /** Set by camel-quartz: the time the trigger was meant to fire (java.util.Date). */
    private static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";
    /** The scheduled job's name in the cluster (its leader lock and last fire time). */
    public static final String JOB = "reporting-eod";

    private final EodSchedule schedule;
    private final EodBatcher batcher;
    private final Clock clock;
    /** The cluster's member, or null when standalone. */
    private final HazelcastInstance cluster;

    public EodRoutes(EodSchedule schedule, ReportStore store, Clock clock) {
        this(schedule, store, clock, null);
    }

    /** {@code cluster}: the member when this container is in a cluster, else null (standalone). */
    public EodRoutes(EodSchedule schedule, ReportStore store, Clock clock, HazelcastInstance cluster) {
        this.schedule = schedule;
        this.cluster = cluster;
        SharedReports shared = cluster == null ? null : new SharedReports(cluster);
        this.batcher = new EodBatcher(store, schedule.dir(), schedule.zone(),
                shared == null ? null : shared::between);
        this.clock = clock;
    }

    @Override
    public void configure() {
        RoutePolicy leader = cluster == null ? null
                : ScheduledJobs.leaderPolicy(cluster, getContext(), JOB, true);
        RouteDefinition scheduled = from(schedule.quartzUri()).routeId("reporting-eod-schedule");
        RouteDefinition catchup = from("timer:tradeloom-reporting-eod-catchup?repeatCount=1&delay=500")
                .routeId("reporting-eod-catchup");
        if (leader != null) {
            scheduled.routePolicy(leader);
            catchup.routePolicy(leader);
        }
        scheduled
                .process(ex -> {
                    Instant fire = scheduledFireTime(ex);
                    ex.getMessage().setHeader(EodSchedule.DATE_HEADER, schedule.tradingDate(fire).toString());
                    ex.setProperty(SCHEDULED_FIRE_TIME, fire);
                })
                .to(EodSchedule.EOD_ENDPOINT)
                .process(ex -> recordFire(ex.getProperty(SCHEDULED_FIRE_TIME, Instant.class)));
        catchup.process(ex -> catchUp());
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

    /** The last fire time written here or, in a cluster, by any member (the later of the two). */
    Optional<Instant> lastFire() {
        Optional<Instant> local = batcher.lastFire();
        if (cluster == null) {
            return local;
        }
        Optional<Instant> shared = ScheduledJobs.lastFire(cluster, JOB);
        if (local.isEmpty()) {
            return shared;
        }
        return shared.isPresent() && shared.get().isAfter(local.get()) ? shared : local;
    }

    private void recordFire(Instant fire) {
        batcher.recordFire(fire);
        if (cluster != null) {
            ScheduledJobs.recordFire(cluster, JOB, fire);
        }
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
        Optional<Instant> last = lastFire();
        if (last.isEmpty()) {
            // First start with this eod.dir: nothing was missed yet; later downtime is measured from here.
            recordFire(now);
            return;
        }
        List<Instant> missed = schedule.fireTimes(last.get(), now, schedule.catchupMax());
        if (missed.isEmpty()) {
            return;
        }
        LOG.warn("end-of-day: scheduled batches missed since {} while no container ran them; writing {} now"
                + " (at most eod.catchup.max={}, the most recent)", last.get(),
                missed.stream().map(schedule::tradingDate).toList(), schedule.catchupMax());
        for (Instant fire : missed) {
            LocalDate day = schedule.tradingDate(fire);
            try {
                List<Path> files = batcher.run(day);
                LOG.info("end-of-day batch {} (caught up): {} files in {}", day, files.size(),
                        schedule.dir().resolve(day.toString()));
                recordFire(fire);
            } catch (RuntimeException e) {
                // Left for the next start (the marker stays before this fire time) or for tradeloom:eod-run.
                LOG.error("end-of-day batch {} (caught up) failed: {}", day, e.getMessage(), e);
                return;
            }
        }
    }
}
