package io.tradeloom.core.marketdata;

import java.util.function.Function;

/**
 * Symbol to per-symbol state for the intake's per-tick lookup: open addressing over dense arrays of hashes, keys and
 * values, so a hit reads three array slots and then only the value the caller needs anyway, and a vendor that
 * reuses its symbol strings (as vendor-polygon does) matches by identity. A ConcurrentHashMap reads a table slot,
 * a node and often a chain of nodes per lookup: with hundreds of symbols those are cache misses, measured at about
 * a sixth of a 50-event frame's time (BENCHMARKS.md). Why not a library map: Agrona and Eclipse Collections maps are
 * not lock-free for readers, and the JDK has no open-addressing concurrent map.
 *
 * <p>Readers take no lock; a reader that sees a slot half filled gets null and the caller goes to {@link #add},
 * which looks again under the lock. Values must be safely publishable through a plain store (final fields, as the
 * intake's are). A table that would be more than half full is replaced by a larger copy published through a
 * volatile field. Entries are never removed (one per
 * symbol the source has sent, as before).
 *
 * @param <V> the value type
 */
final class SymbolTable<V> {

    /**
     * Three parallel arrays: a probe compares hashes and keys in dense arrays and touches no entry object, so a
     * symbol that shares a probe run costs nothing beyond the run's cache line.
     */
    private static final class Table {
        /** Mixed hash of the key, never 0; 0 marks a free slot. */
        final int[] hashes;
        final String[] keys;
        final Object[] values;

        Table(int n) {
            hashes = new int[n];
            keys = new String[n];
            values = new Object[n];
        }
    }

    /** Power-of-two length, at most half full (short probe runs). */
    private volatile Table table = new Table(64);
    private int size;

    /** Fibonacci hashing: String hashes of similar symbols ("S1", "S2", ...) are spread over the whole table. */
    private static int hash(String symbol) {
        int h = symbol.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return h != 0 ? h : 1;
    }

    /**
     * The symbol's value, or null when it has none yet ({@link #add}). Separate from add so that the per-tick call
     * makes no capturing lambda. Slots are filled value first, key second, hash last; a reader that sees a hash
     * but not yet the key or value returns null, and add, under the lock, finds the entry.
     */
    @SuppressWarnings("unchecked")
    V get(String symbol) {
        Table t = table;
        int[] hashes = t.hashes;
        int mask = hashes.length - 1;
        int h = hash(symbol);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int hi = hashes[i];
            if (hi == 0) {
                return null;
            }
            if (hi == h) {
                String k = t.keys[i];
                if (k == symbol || k != null && k.equals(symbol)) {
                    return (V) t.values[i];
                }
            }
        }
    }

    /** The symbol's value, made by {@code create} (under this table's lock) unless it has one. */
    @SuppressWarnings("unchecked")
    synchronized V add(String symbol, Function<String, V> create) {
        Table t = table;
        int h = hash(symbol);
        int mask = t.hashes.length - 1;
        int i = h & mask;
        for (; t.hashes[i] != 0; i = (i + 1) & mask) {
            if (t.hashes[i] == h && t.keys[i].equals(symbol)) {
                return (V) t.values[i];
            }
        }
        V value = java.util.Objects.requireNonNull(create.apply(symbol), "value");
        if (2 * (size + 1) > t.hashes.length) {
            t = grown(t);
            table = t;
            mask = t.hashes.length - 1;
            i = h & mask;
            while (t.hashes[i] != 0) {
                i = (i + 1) & mask;
            }
        }
        t.values[i] = value;
        t.keys[i] = symbol;
        t.hashes[i] = h;
        size++;
        return value;
    }

    private static Table grown(Table t) {
        Table bigger = new Table(t.hashes.length * 2);
        int mask = bigger.hashes.length - 1;
        for (int j = 0; j < t.hashes.length; j++) {
            int h = t.hashes[j];
            if (h != 0) {
                int i = h & mask;
                while (bigger.hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                bigger.values[i] = t.values[j];
                bigger.keys[i] = t.keys[j];
                bigger.hashes[i] = h;
            }
        }
        return bigger;
    }

    int size() {
        synchronized (this) {
            return size;
        }
    }
}
