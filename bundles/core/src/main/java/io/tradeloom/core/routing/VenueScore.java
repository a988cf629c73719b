package io.tradeloom.core.routing;

/**
 * What the ranking knows of one eligible venue, and the score it got.
 *
 * @param fillRate       0..1, recent share of finished orders with a fill; -1 when unknown
 * @param latencyMicros  recent ack latency; -1 when unknown
 * @param health         0..1 (UP 1, DEGRADED or half-open breaker 0.5)
 * @param score          0..1, weighted mean of the normalized inputs; set by {@link VenueRanker}
 */
public record VenueScore(String venue, double cost, double fillRate, long latencyMicros, double health,
                         double score) {

    public static VenueScore of(String venue, double cost, double fillRate, long latencyMicros, double health) {
        return new VenueScore(venue, cost, fillRate, latencyMicros, health, 0);
    }

    VenueScore withScore(double s) {
        return new VenueScore(venue, cost, fillRate, latencyMicros, health, s);
    }
}
