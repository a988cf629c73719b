package io.tradeloom.core.resilience;

import io.tradeloom.domain.config.Settings;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Resilience settings of one venue, read from {@code etc/io.tradeloom.resilience.cfg}: a key
 * {@code venue.<id>.<name>} wins over {@code default.<name>}, which wins over the built-in default.
 *
 * @param failureRateThreshold  percent of failed calls in the window that opens the breaker
 * @param slowCallRateThreshold percent of slow calls that opens it
 * @param slowCallMillis        a call slower than this is slow
 * @param windowSize            calls in the count-based sliding window
 * @param minimumCalls          calls before rates are computed
 * @param openMillis            how long it stays open before half-open
 * @param halfOpenCalls         probe calls permitted while half-open
 * @param retryAttempts         attempts of a cancel or status query, first one included (1 = no retry)
 * @param retryDelayMillis      delay before the first retry; doubles (x {@code retryMultiplier}) per retry
 * @param retryMultiplier       exponential backoff factor
 * @param retryMaxDelayMillis   cap of one retry delay
 * @param retryJitter           0..1: each delay varies randomly by up to this share (Camel collision avoidance)
 * @param newResends            re-sends of a NEW order to the same venue after a status query proved that the
 *                              first attempt never arrived (failover to another venue is the policy's business)
 * @param rateLimit             new orders the venue takes per {@code rateWindowMillis}; 0 = no limit
 * @param rateWindowMillis      the sliding window of the rate limit
 * @param whenLimited           what a new order does when the limit is reached
 * @param queueMax              queued orders per venue at most; beyond that they are rejected
 */
public record VenueSettings(int failureRateThreshold, int slowCallRateThreshold, long slowCallMillis,
                            int windowSize, int minimumCalls, long openMillis, int halfOpenCalls,
                            int retryAttempts, long retryDelayMillis, double retryMultiplier,
                            long retryMaxDelayMillis, double retryJitter, int newResends, int rateLimit,
                            long rateWindowMillis, WhenLimited whenLimited, int queueMax) {

    /** What a new order does when its venue's rate limit is reached. */
    public enum WhenLimited {
        /** Wait as PENDING_NEW in a FIFO queue and leave, in order, as soon as the limit allows. */
        QUEUE,
        /** Rejected with the limit as the reason. */
        REJECT
    }

    public static VenueSettings defaults() {
        return new VenueSettings(50, 100, 2000, 20, 10, 10_000, 3, 3, 50, 2.0, 1000, 0.15, 1, 0, 1000,
                WhenLimited.QUEUE, 10_000);
    }

    /** The settings of {@code venueId} from the whole file's properties. */
    static VenueSettings parse(Settings s, String venueId) {
        Reader r = new Reader(s, venueId);
        VenueSettings d = defaults();
        return new VenueSettings(
                (int) r.integer("breaker.failure.rate.threshold", d.failureRateThreshold, 1, 100),
                (int) r.integer("breaker.slow.call.rate.threshold", d.slowCallRateThreshold, 1, 100),
                r.integer("breaker.slow.call.ms", d.slowCallMillis, 1, 3_600_000),
                (int) r.integer("breaker.window.size", d.windowSize, 1, 10_000),
                (int) r.integer("breaker.minimum.calls", d.minimumCalls, 1, 10_000),
                r.integer("breaker.open.ms", d.openMillis, 1, 86_400_000),
                (int) r.integer("breaker.half.open.calls", d.halfOpenCalls, 1, 1000),
                (int) r.integer("retry.attempts", d.retryAttempts, 1, 100),
                r.integer("retry.delay.ms", d.retryDelayMillis, 0, 3_600_000),
                r.decimal("retry.multiplier", d.retryMultiplier, "1", "100"),
                r.integer("retry.max.delay.ms", d.retryMaxDelayMillis, 0, 3_600_000),
                r.decimal("retry.jitter", d.retryJitter, "0", "1"),
                (int) r.integer("new.resends", d.newResends, 0, 10),
                (int) r.integer("rate.limit", d.rateLimit, 0, 1_000_000),
                r.integer("rate.window.ms", d.rateWindowMillis, 1, 3_600_000),
                r.whenLimited(d.whenLimited),
                (int) r.integer("rate.queue.max", d.queueMax, 1, 10_000_000));
    }

    /** Looks a name up as {@code venue.<id>.<name>}, then {@code default.<name>}. */
    private record Reader(Settings s, String venueId) {

        private String key(String name) {
            String own = "venue." + venueId + "." + name;
            if (s.string(own, null) != null) {
                return own;
            }
            return "default." + name;
        }

        long integer(String name, long dflt, long min, long max) {
            return s.integer(key(name), dflt, min, max);
        }

        double decimal(String name, double dflt, String min, String max) {
            return s.decimal(key(name), BigDecimal.valueOf(dflt), new BigDecimal(min), new BigDecimal(max))
                    .doubleValue();
        }

        WhenLimited whenLimited(WhenLimited dflt) {
            return s.enumValue(key("rate.when.limited"), WhenLimited.class, dflt);
        }
    }

    /** Checks every key of the file (also of venues not deployed now), so that a typo is refused at once. */
    static void validate(Settings s, Map<String, ?> props) {
        parse(s, "\u0000none");
        for (String key : props.keySet()) {
            if (key.startsWith("venue.")) {
                String rest = key.substring("venue.".length());
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    throw s.invalid(key, "must be venue.<id>.<setting>");
                }
                String name = rest.substring(dot + 1);
                if (!KNOWN.contains(name)) {
                    throw s.invalid(key, "unknown setting " + name + " (known: " + KNOWN + ")");
                }
                parse(s, rest.substring(0, dot));
            } else if (key.startsWith("default.") && !KNOWN.contains(key.substring("default.".length()))) {
                throw s.invalid(key, "unknown setting (known: " + KNOWN + ")");
            }
        }
    }

    private static final java.util.List<String> KNOWN = java.util.List.of("breaker.failure.rate.threshold",
            "breaker.slow.call.rate.threshold", "breaker.slow.call.ms", "breaker.window.size",
            "breaker.minimum.calls", "breaker.open.ms", "breaker.half.open.calls", "retry.attempts",
            "retry.delay.ms", "retry.multiplier", "retry.max.delay.ms", "retry.jitter", "new.resends",
            "rate.limit", "rate.window.ms", "rate.when.limited", "rate.queue.max");
}
