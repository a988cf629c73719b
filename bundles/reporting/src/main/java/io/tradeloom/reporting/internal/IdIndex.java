package io.tradeloom.reporting.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Report id -> sequence number for every stored report: the duplicate check of each new report and the look-ups
 * by id. Report ids are UUIDs ({@link Reports#reportId}); those in canonical lower-case form are kept as two
 * longs in an open-addressing table (linear probing, at most half full): no object per report, about 50 bytes
 * each, and a claim costs a hash probe instead of a ConcurrentHashMap node (the largest engine cost per report
 * in the JFR profile before). Any other id string goes to a plain map. Thread-safe by its own lock; the engine
 * is its only writer.
 */
final class IdIndex {

    private long[] hi = new long[1 << 12];
    private long[] lo = new long[1 << 12];
    /** 0 = free slot (sequence numbers start at 1). */
    private long[] seqs = new long[1 << 12];
    private int used;
    private final Map<String, Long> other = new HashMap<>();

    /** Adds the id with this seq unless it is there; returns the seq it already had, or 0 if added. */
    synchronized long putIfAbsent(String id, long seq) {
        long h = hexLong(id, true);
        long l = hexLong(id, false);
        if (h == BAD || l == BAD) {
            Long prev = other.putIfAbsent(id, seq);
            return prev == null ? 0 : prev;
        }
        int mask = seqs.length - 1;
        for (int i = slot(h, l, mask); ; i = (i + 1) & mask) {
            if (seqs[i] == 0) {
                hi[i] = h;
                lo[i] = l;
                seqs[i] = seq;
                if (++used * 2 > seqs.length) {
                    grow();
                }
                return 0;
            }
            if (hi[i] == h && lo[i] == l) {
                return seqs[i];
            }
        }
    }

    /** The id's seq, or 0 if unknown. */
    synchronized long get(String id) {
        long h = hexLong(id, true);
        long l = hexLong(id, false);
        if (h == BAD || l == BAD) {
            Long s = other.get(id);
            return s == null ? 0 : s;
        }
        int mask = seqs.length - 1;
        for (int i = slot(h, l, mask); ; i = (i + 1) & mask) {
            if (seqs[i] == 0) {
                return 0;
            }
            if (hi[i] == h && lo[i] == l) {
                return seqs[i];
            }
        }
    }

    /** Removes the id if it maps to this seq (a report that was not stored after all). */
    synchronized void remove(String id, long seq) {
        long h = hexLong(id, true);
        long l = hexLong(id, false);
        if (h == BAD || l == BAD) {
            other.remove(id, seq);
            return;
        }
        int mask = seqs.length - 1;
        int i = slot(h, l, mask);
        while (seqs[i] != 0 && !(hi[i] == h && lo[i] == l)) {
            i = (i + 1) & mask;
        }
        if (seqs[i] != seq) {
            return;
        }
        // Backward-shift deletion: move later entries of the probe run into the hole so look-ups stay right.
        int hole = i;
        for (int j = (i + 1) & mask; seqs[j] != 0; j = (j + 1) & mask) {
            int home = slot(hi[j], lo[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                hi[hole] = hi[j];
                lo[hole] = lo[j];
                seqs[hole] = seqs[j];
                hole = j;
            }
        }
        seqs[hole] = 0;
        used--;
    }

    synchronized int size() {
        return used + other.size();
    }

    private void grow() {
        long[] oh = hi;
        long[] ol = lo;
        long[] os = seqs;
        hi = new long[os.length * 2];
        lo = new long[os.length * 2];
        seqs = new long[os.length * 2];
        int mask = seqs.length - 1;
        for (int k = 0; k < os.length; k++) {
            if (os[k] != 0) {
                int i = slot(oh[k], ol[k], mask);
                while (seqs[i] != 0) {
                    i = (i + 1) & mask;
                }
                hi[i] = oh[k];
                lo[i] = ol[k];
                seqs[i] = os[k];
            }
        }
    }

    private static int slot(long h, long l, int mask) {
        long x = h * 0x9E3779B97F4A7C15L ^ l;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return (int) x & mask;
    }

    private static final long BAD = Long.MIN_VALUE;

    /**
     * The high (first 8 bytes) or low half of a canonical lower-case UUID string as a long; {@link #BAD} if the
     * id is not one (then it is kept as a string). BAD is also what a half equal to Long.MIN_VALUE would give:
     * such ids just take the string path.
     */
    private static long hexLong(String id, boolean high) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
                || id.charAt(23) != '-') {
            return BAD;
        }
        long v = 0;
        int from = high ? 0 : 19;
        int to = high ? 18 : 36;
        for (int i = from; i < to; i++) {
            char c = id.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c == '-' && (i == 8 || i == 13 || i == 23)) {
                continue;
            } else {
                return BAD;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
