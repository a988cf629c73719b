package io.tradeloom.core.feeds;

import io.tradeloom.domain.config.Settings;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Market-data quality settings, {@code etc/io.tradeloom.marketdata.cfg} (every key optional).
 *
 * @param outlierJumpBps          a price (quote mid, trade price, bar close) further than this from the source's
 *                                last accepted price for the symbol is an outlier and dead-lettered; 0 = off
 * @param outlierResetCount       after this many outliers in a row the newest one becomes the reference (the
 *                                market really moved); it is still dead-lettered
 * @param consolidatedMethod      {@code median} (median bid and median ask of the healthy sources) or {@code bbo}
 *                                (highest bid, lowest ask)
 * @param consolidatedMaxAgeMs    a source's quote older than this takes no part in the consolidated quote nor
 *                                in the consistency score
 * @param consistencyToleranceBps a price within this of the other sources' median counts as consistent
 * @param timelinessTargetMs      latency (received - event time) up to this scores 1, falling linearly to 0 at
 *                                10x this
 * @param qualityAlpha            weight of the newest sample in the scores' moving averages
 * @param monitorPeriodMs         how often the failover rules are evaluated
 * @param backfillAttempts        tries per gap before it is given up (logged)
 * @param backfillRetryMs         wait between tries
 * @param gapMaxBars              safety cap: a gap of more than this many bars that the stream's trading calendar
 *                                expects (in-session bars only: nights, weekends and holidays count nothing) is
 *                                logged but not backfilled nor counted as missing
 * @param calendars               which trading calendar each source and symbol follows ({@code calendar.*})
 * @param sequenceGapSources      source venue ids whose trade sequence numbers are consecutive per symbol: a jump
 *                                there is a loss, backfilled through the source's {@code HistoricalTrades}
 *                                ({@code sequence.gap.sources}, comma-separated, default none)
 * @param sequenceGapMax          safety cap: a sequence gap of more than this many trades is logged, not
 *                                backfilled nor counted ({@code sequence.gap.max})
 */
public record FeedSettings(long outlierJumpBps, long outlierResetCount, ConsolidationMethod consolidatedMethod,
                           long consolidatedMaxAgeMs, long consistencyToleranceBps, long timelinessTargetMs,
                           double qualityAlpha, long monitorPeriodMs, long backfillAttempts, long backfillRetryMs,
                           long gapMaxBars, CalendarMapping calendars, Set<String> sequenceGapSources,
                           long sequenceGapMax) {

    public enum ConsolidationMethod { MEDIAN, BBO }

    public static final FeedSettings DEFAULTS = parse(Map.of());

    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public static FeedSettings parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        long jump = s.integer("outlier.jump.bps", 1000, 0, 1_000_000);
        long reset = s.integer("outlier.reset.count", 5, 1, 1_000_000);
        ConsolidationMethod method = s.enumValue("consolidated.method", ConsolidationMethod.class,
                ConsolidationMethod.MEDIAN);
        long maxAge = s.integer("consolidated.max.age.ms", 5000, 1, 86_400_000);
        long tolerance = s.integer("consistency.tolerance.bps", 100, 1, 1_000_000);
        long timeliness = s.integer("timeliness.target.ms", 250, 1, 3_600_000);
        double alpha = s.decimal("quality.alpha", new BigDecimal("0.05"), new BigDecimal("0.001"), BigDecimal.ONE)
                .doubleValue();
        long period = s.integer("monitor.period.ms", 25, 1, 60_000);
        long attempts = s.integer("backfill.attempts", 3, 1, 100);
        long retry = s.integer("backfill.retry.ms", 2000, 0, 3_600_000);
        long gapMax = s.integer("gap.max.bars", 120, 1, 1_000_000);
        List<String> seqSources = s.list("sequence.gap.sources", List.of());
        for (String id : seqSources) {
            if (!SOURCE_ID.matcher(id).matches()) {
                throw s.invalid("sequence.gap.sources", "source id '" + id + "' is not a venue id (letters, digits,"
                        + " '.', '_', '-'; comma-separated)");
            }
        }
        long seqMax = s.integer("sequence.gap.max", 10_000, 1, 1_000_000);
        return new FeedSettings(jump, reset, method, maxAge, tolerance, timeliness, alpha, period, attempts, retry,
                gapMax, CalendarMapping.parse(props), Set.copyOf(seqSources), seqMax);
    }
}
