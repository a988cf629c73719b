package io.tradeloom.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks eligible venues for a policy. Each input becomes a 0..1 score: cost and latency relative to the best and
 * worst candidate (lowest = 1; all equal = 1; unknown latency = 0.5), fill rate as it is (unknown = 0.5), health
 * as it is. The venue's score is the weighted mean; ties keep the policy's venue order.
 */
public final class VenueRanker {

    private VenueRanker() {
    }

    /** Best first. {@code candidates} are in the policy's venue order. */
    public static List<VenueScore> rank(RoutingPolicy p, List<VenueScore> candidates) {
        double minCost = candidates.stream().mapToDouble(VenueScore::cost).min().orElse(0);
        double maxCost = candidates.stream().mapToDouble(VenueScore::cost).max().orElse(0);
        long minLat = candidates.stream().mapToLong(VenueScore::latencyMicros).filter(l -> l >= 0).min().orElse(-1);
        long maxLat = candidates.stream().mapToLong(VenueScore::latencyMicros).filter(l -> l >= 0).max().orElse(-1);
        double weights = p.weightCost() + p.weightFillRate() + p.weightLatency() + p.weightHealth();
        List<VenueScore> scored = new ArrayList<>(candidates.size());
        for (VenueScore c : candidates) {
            double cost = maxCost == minCost ? 1 : (maxCost - c.cost()) / (maxCost - minCost);
            double lat = c.latencyMicros() < 0 ? 0.5 : maxLat == minLat ? 1
                    : (double) (maxLat - c.latencyMicros()) / (maxLat - minLat);
            double fill = c.fillRate() < 0 ? 0.5 : c.fillRate();
            double s = (p.weightCost() * cost + p.weightFillRate() * fill + p.weightLatency() * lat
                    + p.weightHealth() * c.health()) / weights;
            scored.add(c.withScore(s));
        }
        // Stable sort: equal scores keep the configured order.
        scored.sort(Comparator.comparingDouble(VenueScore::score).reversed());
        return scored;
    }
}
