package io.tradeloom.benchmarks;

import java.util.Arrays;

/** The measured orders of one path: send path (t1 - t0), round trip (t2 - t0) and the closed loop's wall time. */
final class Samples {

    private final long[] send;
    private final long[] roundTrip;
    private int count;
    private long loopNanos;

    Samples(int capacity) {
        send = new long[capacity];
        roundTrip = new long[capacity];
    }

    void add(long[] t) {
        send[count] = t[1] - t[0];
        roundTrip[count] = t[2] - t[0];
        count++;
    }

    /** Wall time of one block of back-to-back orders (from the first t0 to the last ER taken in). */
    void addLoopTime(long nanos) {
        loopNanos += nanos;
    }

    int count() {
        return count;
    }

    /** Orders per second of the closed loop over all measured blocks. */
    double throughput() {
        return count * 1e9 / loopNanos;
    }

    Summary summary() {
        long[] s = Arrays.copyOf(send, count);
        long[] r = Arrays.copyOf(roundTrip, count);
        Arrays.sort(s);
        Arrays.sort(r);
        return new Summary(s, r, throughput());
    }

    /** Sorted latencies (nanoseconds). */
    record Summary(long[] send, long[] roundTrip, double throughput) {

        /** Nearest-rank percentile in microseconds; {@code p} in (0, 100]. */
        static double micros(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1000.0;
        }

        double send(double p) {
            return micros(send, p);
        }

        double roundTrip(double p) {
            return micros(roundTrip, p);
        }

        double sendMax() {
            return send[send.length - 1] / 1000.0;
        }

        double roundTripMax() {
            return roundTrip[roundTrip.length - 1] / 1000.0;
        }
    }
}
