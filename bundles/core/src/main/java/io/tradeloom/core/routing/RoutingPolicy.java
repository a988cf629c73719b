package io.tradeloom.core.routing;

import io.tradeloom.domain.config.Settings;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One routing policy, from a factory configuration {@code etc/io.tradeloom.routing-<name>.cfg}. An order names it
 * with the venue {@code policy:<name>}.
 *
 * @param name            what orders name after {@code policy:}
 * @param venues          eligible broker venues, in the order that breaks ties
 * @param costs           configured cost per venue (e.g. fees in bps; lower is better); missing = 0
 * @param weightCost      weight of the cost score in the ranking (0 = ignored)
 * @param weightFillRate  weight of the venue's recent fill rate
 * @param weightLatency   weight of the venue's ack latency as the gateway measures it
 * @param weightHealth    weight of the venue's health (UP 1, DEGRADED and half-open breaker 0.5)
 * @param failover        whether a NEW order moves to the next venue when its venue's breaker is open, the venue
 *                        is DOWN, or a status query proves the order never arrived there
 * @param splitThreshold  orders of at least this quantity are split across venues; 0 = never
 * @param maxSlices       at most this many child orders (and venues) per split order
 */
public record RoutingPolicy(String name, List<String> venues, Map<String, BigDecimal> costs, double weightCost,
                            double weightFillRate, double weightLatency, double weightHealth, boolean failover,
                            BigDecimal splitThreshold, int maxSlices) {

    /** The venue field prefix that names a policy instead of a venue. */
    public static final String PREFIX = "policy:";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public RoutingPolicy {
        Objects.requireNonNull(name, "name");
        venues = List.copyOf(venues);
        costs = Map.copyOf(costs);
    }

    public boolean splits(BigDecimal quantity) {
        return splitThreshold.signum() > 0 && maxSlices > 1 && quantity.compareTo(splitThreshold) >= 0;
    }

    public BigDecimal cost(String venue) {
        return costs.getOrDefault(venue, BigDecimal.ZERO);
    }

    /** Reads a policy; the exception names file, key and value. */
    public static RoutingPolicy parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String name = s.required("name");
        if (!NAME.matcher(name).matches()) {
            throw s.invalid("name", "must match " + NAME.pattern());
        }
        List<String> venues = s.list("venues", List.of());
        if (venues.isEmpty()) {
            throw s.invalid("venues", "name at least one broker venue");
        }
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        for (String v : venues) {
            costs.put(v, s.decimal("cost." + v, BigDecimal.ZERO, BigDecimal.ZERO, null));
        }
        for (Object k : (props == null ? Map.of() : props).keySet()) {
            String key = k.toString();
            if (key.startsWith("cost.") && !venues.contains(key.substring(5))) {
                throw s.invalid(key, "venue " + key.substring(5) + " is not in venues " + venues);
            }
        }
        double wc = weight(s, "weight.cost");
        double wf = weight(s, "weight.fill.rate");
        double wl = weight(s, "weight.latency");
        double wh = weight(s, "weight.health");
        if (wc + wf + wl + wh == 0) {
            throw s.invalid("weight.health", "at least one weight must be > 0");
        }
        boolean failover = s.bool("failover", true);
        BigDecimal split = s.decimal("split.threshold", BigDecimal.ZERO, BigDecimal.ZERO, null);
        int slices = (int) s.integer("max.slices", 1, 1, 100);
        return new RoutingPolicy(name, venues, costs, wc, wf, wl, wh, failover, split, slices);
    }

    private static double weight(Settings s, String key) {
        return s.decimal(key, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.valueOf(1000)).doubleValue();
    }
}
