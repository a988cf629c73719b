package io.tradeloom.core.feeds;

import io.tradeloom.domain.calendar.TradingCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The bars a stream missed between two bars it delivered, per its trading calendar, as runs to backfill: one run
 * per contiguous stretch of expected bars (a night, weekend or holiday between two stretches splits them), each
 * with exactly the bar starts it stands for, so that the backfill's answer is filtered to them.
 */
final class BarGaps {

    private static final Duration HALF_DAY = Duration.ofHours(12);

    private BarGaps() {
    }

    /**
     * One stretch of missing bars: the request window [from, to) and which starts in it are missing (an intraday
     * start, or a daily bar whose trading day is missing).
     */
    record Run(Instant from, Instant to, int bars, Predicate<Instant> expects) {
    }

    /**
     * @param missing bars the calendar expected and the stream did not deliver (at most {@code cap + 1})
     * @param overCap more than {@code cap} are missing: no runs are given
     */
    record Found(List<Run> runs, long missing, boolean overCap) {
        static final Found NONE = new Found(List.of(), 0, false);
    }

    static Found find(TradingCalendar calendar, Duration interval, Instant last, Instant next, long cap) {
        int limit = (int) Math.min(cap, Integer.MAX_VALUE - 1);
        List<Instant> missing = calendar.missingBetween(interval, last, next, limit);
        if (missing.isEmpty()) {
            return Found.NONE;
        }
        if (missing.size() > cap) {
            return new Found(List.of(), missing.size(), true);
        }
        if (interval.compareTo(Duration.ofDays(1)) >= 0) {
            return new Found(List.of(dailyRun(calendar, missing)), missing.size(), false);
        }
        List<Run> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= missing.size(); i++) {
            if (i == missing.size() || !missing.get(i).equals(missing.get(i - 1).plus(interval))) {
                Set<Instant> starts = new HashSet<>(missing.subList(start, i));
                runs.add(new Run(missing.get(start), missing.get(i - 1).plus(interval), i - start, starts::contains));
                start = i;
            }
        }
        return new Found(List.copyOf(runs), missing.size(), false);
    }

    /**
     * The missing trading days are every trading day between the two bars, so they make one run. Its window holds
     * every bar whose trading day (start + 12 h, local date) is one of them, whether the vendor stamps daily bars at
     * local or at UTC midnight: [first day's midnight - 12 h, the day after the last one's midnight - 12 h).
     */
    private static Run dailyRun(TradingCalendar calendar, List<Instant> midnights) {
        Set<LocalDate> days = new HashSet<>();
        for (Instant m : midnights) {
            days.add(calendar.dateOf(m));
        }
        LocalDate lastDay = calendar.dateOf(midnights.get(midnights.size() - 1)).plusDays(1);
        Instant from = midnights.get(0).minus(HALF_DAY);
        Instant to = lastDay.atStartOfDay(calendar.zone()).toInstant().minus(HALF_DAY);
        return new Run(from, to, midnights.size(), t -> days.contains(calendar.tradingDateOfDailyBar(t)));
    }
}
