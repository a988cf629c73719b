package io.tradeloom.core.routing;

/**
 * Recent ack latency and fill rate of one venue, as exponentially weighted means (each new sample weighs
 * {@value #ALPHA}), so that the ranking follows the venue's recent behaviour.
 */
public final class VenueMetrics {

    static final double ALPHA = 0.1;

    private double latencyMicros = -1;
    private double fillRate = -1;

    public synchronized void ack(long micros) {
        latencyMicros = latencyMicros < 0 ? micros : latencyMicros + ALPHA * (micros - latencyMicros);
    }

    /** A finished order: filled (at least partly) or not. */
    public synchronized void finished(boolean filled) {
        double x = filled ? 1 : 0;
        fillRate = fillRate < 0 ? x : fillRate + ALPHA * (x - fillRate);
    }

    public synchronized long latencyMicros() {
        return latencyMicros < 0 ? -1 : Math.round(latencyMicros);
    }

    public synchronized double fillRate() {
        return fillRate;
    }
}
