package io.tradeloom.reconciliation.internal;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import org.quartz.CronExpression;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The settings of {@code etc/io.tradeloom.reconciliation.cfg}; every key is optional (defaults below).
 *
 * @param cron              Quartz cron of the scheduled run (seconds first), default weekdays 22:30
 * @param timeZone          time zone of {@code cron}
 * @param lookback          the period a run covers when no bounds are given and no scheduled run came before
 * @param priceToleranceBps a fill price may differ by this many basis points before it is a PRICE_DIFF (WARNING)
 * @param priceCriticalBps  from here a PRICE_DIFF is CRITICAL
 * @param qtyTolerance      absolute quantity difference still taken as equal
 * @param timingTolerance   times further apart are a TIMING_DIFF (INFO)
 * @param timingCritical    from here a TIMING_DIFF is a WARNING
 * @param adoptMissingFills apply fills the broker has and we missed to our order state, tagged as adopted
 * @param brokerTimeout     how long to wait for a broker's statement (FIX status answers)
 * @param keepRuns          runs kept on disk and in memory; older ones are deleted
 */
public record ReconConfig(String cron, ZoneId timeZone, Duration lookback, BigDecimal priceToleranceBps,
                          BigDecimal priceCriticalBps, BigDecimal qtyTolerance, Duration timingTolerance,
                          Duration timingCritical, boolean adoptMissingFills, long brokerTimeout, int keepRuns) {

    public static final String DEFAULT_CRON = "0 30 22 ? * MON-FRI";

    public static ReconConfig defaults() {
        return parse(Map.of());
    }

    /** @throws SettingsException naming file, key and value */
    public static ReconConfig parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String cron = s.string("schedule.cron", DEFAULT_CRON);
        if (!CronExpression.isValidExpression(cron)) {
            throw s.invalid("schedule.cron", "not a Quartz cron expression (seconds minutes hours day-of-month"
                    + " month day-of-week [year])");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(s.string("schedule.timezone", "UTC"));
        } catch (RuntimeException e) {
            throw s.invalid("schedule.timezone", "unknown time zone");
        }
        BigDecimal priceTol = s.decimal("price.tolerance.bps", BigDecimal.ONE, BigDecimal.ZERO, null);
        BigDecimal priceCrit = s.decimal("price.critical.bps", new BigDecimal("50"), BigDecimal.ZERO, null);
        if (priceCrit.compareTo(priceTol) < 0) {
            throw s.invalid("price.critical.bps", "must be >= price.tolerance.bps (" + priceTol.toPlainString() + ")");
        }
        long timingTol = s.integer("timing.tolerance.ms", 5_000, 0, Long.MAX_VALUE);
        long timingCrit = s.integer("timing.critical.ms", 60_000, 0, Long.MAX_VALUE);
        if (timingCrit < timingTol) {
            throw s.invalid("timing.critical.ms", "must be >= timing.tolerance.ms (" + timingTol + ")");
        }
        return new ReconConfig(cron, zone,
                Duration.ofMinutes(s.integer("lookback.minutes", 24 * 60, 1, 366L * 24 * 60)),
                priceTol, priceCrit,
                s.decimal("qty.tolerance", BigDecimal.ZERO, BigDecimal.ZERO, null),
                Duration.ofMillis(timingTol), Duration.ofMillis(timingCrit),
                s.bool("adopt.missing.fills", false),
                s.integer("broker.timeout.ms", 10_000, 100, 600_000),
                (int) s.integer("keep.runs", 200, 1, 100_000));
    }

    /** The cron as a Camel quartz URI wants it: spaces as '+'. */
    public String cronForUri() {
        return cron.trim().replaceAll("\\s+", "+");
    }
}
