package io.tradeloom.reporting.internal;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code reporting-eod-schedule}: the camel-quartz trigger, to {@code direct:tradeloom.reporting.eod};
 * {@code reporting-eod}: writes the batch of the trading date (header TradeloomEodDate, yyyy-MM-dd, else the
 * date of the fire time in the schedule's zone). The body afterwards is the list of files written.
 */
public final class EodRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(EodRoutes.class);

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
                .to(EodSchedule.EOD_ENDPOINT);
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
}
