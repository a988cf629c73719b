package io.tradeloom.core.feeds;

import io.tradeloom.domain.config.Settings;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * One feed group, factory configuration {@code etc/io.tradeloom.feedgroup-<name>.cfg}.
 *
 * @param sources             venue ids in priority order, the first is the primary
 * @param symbols             the symbols this group selects a source for (a symbol belongs to one group at most)
 * @param silenceMinMs        a source is silent after max(silenceMinMs, silenceMultiplier x its median
 *                            inter-arrival time) without any event for the group's symbols
 * @param qualityThreshold    a source whose quality (weakest dimension, weakest symbol) stays below this ...
 * @param qualitySeconds      ... for this long is failed over
 * @param failbackMs          a higher-priority source takes over again once it was eligible this long
 * @param source              the file, for messages
 */
public record FeedGroupConfig(String name, List<String> sources, List<String> symbols, long silenceMinMs,
                              long silenceMultiplier, double qualityThreshold, long qualitySeconds, long failbackMs,
                              String source) {

    public static FeedGroupConfig parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String name = s.required("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw s.invalid("name", "must match [A-Za-z0-9][A-Za-z0-9._-]*");
        }
        List<String> sources = s.list("sources", List.of());
        if (sources.isEmpty()) {
            throw s.invalid("sources", "needs at least one venue id");
        }
        if (new HashSet<>(sources).size() != sources.size()) {
            throw s.invalid("sources", "lists a venue twice");
        }
        List<String> symbols = s.list("symbols", List.of());
        if (symbols.isEmpty()) {
            throw s.invalid("symbols", "needs at least one symbol");
        }
        if (new HashSet<>(symbols).size() != symbols.size()) {
            throw s.invalid("symbols", "lists a symbol twice");
        }
        long silenceMin = s.integer("silence.min.ms", 500, 1, 3_600_000);
        long multiplier = s.integer("silence.multiplier", 5, 1, 1000);
        double threshold = s.decimal("quality.threshold", new BigDecimal("0.5"), BigDecimal.ZERO, BigDecimal.ONE)
                .doubleValue();
        long qualitySeconds = s.integer("quality.seconds", 5, 0, 86_400);
        long failbackMs = s.integer("failback.healthy.ms", 10_000, 0, 86_400_000);
        return new FeedGroupConfig(name, List.copyOf(sources), List.copyOf(symbols), silenceMin, multiplier,
                threshold, qualitySeconds, failbackMs, s.source());
    }
}
