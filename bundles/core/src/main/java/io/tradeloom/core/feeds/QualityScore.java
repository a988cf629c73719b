package io.tradeloom.core.feeds;

/**
 * The live quality of one source's stream of one symbol. Each dimension is an exponentially weighted moving
 * average (weight {@code alpha} for the newest sample, {@code quality.alpha}) of per-event samples in 0..1, so it
 * follows the recent stream and recovers when the stream does. All start at 1.
 * <ul>
 *   <li><b>completeness</b>: delivered / expected. Every event is a sample of 1; every item known to be missing is
 *   a sample of 0: each bar interval skipped in a bar stream, each sequence number skipped where the source gives
 *   sequence numbers (header {@code TradeloomSequence}). Capped at 100 zero samples per gap.</li>
 *   <li><b>timeliness</b>: per event, latency = receivedAt - event time (negative counts as 0); 1 up to
 *   {@code timeliness.target.ms}, falling linearly to 0 at 10x the target.</li>
 *   <li><b>accuracy</b>: per event, 1 if it passed validation (sanity rules, monotonic time, outlier and crossed
 *   checks), else 0.</li>
 *   <li><b>consistency</b>: per valid priced event, 1 if its price (quote mid, trade price, bar close) lies
 *   within {@code consistency.tolerance.bps} of the median of the other sources' latest prices for the symbol
 *   (not older than {@code consolidated.max.age.ms}), else 0; 1 when no other source has a recent price.</li>
 * </ul>
 * {@link #overall()} is the weakest dimension: one bad dimension is enough to make a source unfit.
 */
public final class QualityScore {

    private final double alpha;
    private double completeness = 1;
    private double timeliness = 1;
    private double accuracy = 1;
    private double consistency = 1;
    private long events;
    private long lastEventNanos = -1;

    QualityScore(double alpha) {
        this.alpha = alpha;
    }

    private double ewma(double current, double sample) {
        return current + alpha * (sample - current);
    }

    /** One event; {@code consistent}: 1 or 0 for a consistency sample, -1 for none (one lock per event). */
    synchronized void event(long nowNanos, boolean valid, double timelinessSample, int consistent) {
        eventHeld(nowNanos, valid, timelinessSample, consistent);
    }

    /** {@link #event} for a caller that already holds this score's lock (the feed engine, one lock per event). */
    void eventHeld(long nowNanos, boolean valid, double timelinessSample, int consistent) {
        events++;
        lastEventNanos = nowNanos;
        completeness = ewma(completeness, 1);
        accuracy = ewma(accuracy, valid ? 1 : 0);
        timeliness = ewma(timeliness, timelinessSample);
        if (consistent >= 0) {
            consistency = ewma(consistency, consistent);
        }
    }

    synchronized void missing(long count) {
        for (long i = 0; i < Math.min(count, 100); i++) {
            completeness = ewma(completeness, 0);
        }
    }

    synchronized void consistent(boolean ok) {
        consistency = ewma(consistency, ok ? 1 : 0);
    }

    public synchronized double completeness() {
        return completeness;
    }

    public synchronized double timeliness() {
        return timeliness;
    }

    public synchronized double accuracy() {
        return accuracy;
    }

    public synchronized double consistency() {
        return consistency;
    }

    public synchronized double overall() {
        return Math.min(Math.min(completeness, timeliness), Math.min(accuracy, consistency));
    }

    public synchronized long events() {
        return events;
    }

    synchronized long lastEventNanos() {
        return lastEventNanos;
    }

    /** Timeliness sample for one latency: 1 up to target, linear to 0 at 10x target. */
    static double timelinessSample(long latencyMillis, long targetMillis) {
        long l = Math.max(0, latencyMillis);
        if (l <= targetMillis) {
            return 1;
        }
        if (l / 10 >= targetMillis) {
            return 0; // no division for a late tick (a replay, a backfill, a stalled feed)
        }
        double over = (double) (l - targetMillis) / (9.0 * targetMillis);
        return Math.max(0, 1 - over);
    }
}
