package io.tradeloom.reporting.internal;

import io.tradeloom.reporting.api.DeliveryState;

/**
 * The delivery states of one destination for {@value #SIZE} consecutive report sequence numbers: one store
 * value, so that a batch of state changes (SENT, then ACKED, for hundreds of reports) is one put of one small
 * value per block instead of one put per report. Entries are primitives; {@link #NONE} means "nothing written
 * for this report here": the report is then PENDING at this destination if its group names the destination,
 * else it is not this destination's.
 *
 * <p>Value: {@code 1 (version), count, base millis (varint), count x [code | 0x80 if an error follows,
 * attempts, updated - base (zig-zag), error]}; code 0 = none, else {@code DeliveryState.ordinal() + 1}.
 */
final class StateBlock {

    static final int BITS = 9;
    static final int SIZE = 1 << BITS;
    static final byte NONE = 0;
    private static final DeliveryState[] STATES = DeliveryState.values();

    final long index;
    final byte[] code = new byte[SIZE];
    final int[] attempts = new int[SIZE];
    final long[] updated = new long[SIZE];
    /** Report creation time (from the group); not stored here, filled in by whoever loads the block. */
    final long[] created = new long[SIZE];
    private String[] errors;
    /** Entries PENDING or SENT. */
    int open;
    boolean dirty;

    StateBlock(long index) {
        this.index = index;
    }

    static long indexOf(long seq) {
        return seq >>> BITS;
    }

    static int slot(long seq) {
        return (int) (seq & (SIZE - 1));
    }

    long firstSeq() {
        return index << BITS;
    }

    static byte code(DeliveryState s) {
        return (byte) (s.ordinal() + 1);
    }

    static DeliveryState state(byte code) {
        return code == NONE ? null : STATES[code - 1];
    }

    static boolean isOpen(byte code) {
        return code == 1 || code == 2;
    }

    String error(int i) {
        return errors == null ? null : errors[i];
    }

    /** Sets an entry; keeps {@link #open} right and marks the block dirty. */
    void set(int i, DeliveryState s, int attemptCount, long updatedMillis, String error) {
        if (isOpen(code[i])) {
            open--;
        }
        byte c = code(s);
        code[i] = c;
        if (isOpen(c)) {
            open++;
        }
        attempts[i] = attemptCount;
        updated[i] = updatedMillis;
        if (error != null || errors != null) {
            if (errors == null) {
                errors = new String[SIZE];
            }
            errors[i] = error;
        }
        dirty = true;
    }

    /** A delivery of a new or resumed report: PENDING if nothing is set yet; not a change to write. */
    void markPending(int i, long createdMillis) {
        created[i] = createdMillis;
        if (code[i] == NONE) {
            code[i] = code(DeliveryState.PENDING);
            updated[i] = createdMillis;
            open++;
        }
    }

    byte[] encode() {
        int count = 0;
        long base = Long.MAX_VALUE;
        for (int i = 0; i < SIZE; i++) {
            if (code[i] != NONE) {
                count = i + 1;
                base = Math.min(base, updated[i]);
            }
        }
        if (count == 0) {
            base = 0;
        }
        Blob.Out out = new Blob.Out(8 + count * 4).u8(1).varLong(count).varLong(base);
        for (int i = 0; i < count; i++) {
            byte c = code[i];
            String e = error(i);
            out.u8(c | (e != null ? 0x80 : 0));
            if (c != NONE) {
                out.varLong(attempts[i]).zigLong(updated[i] - base);
                if (e != null) {
                    out.string(e);
                }
            }
        }
        return out.toArray();
    }

    static StateBlock decode(long index, byte[] value) {
        StateBlock b = new StateBlock(index);
        Blob.In in = new Blob.In(value);
        int version = in.u8();
        if (version != 1) {
            throw new IllegalStateException("delivery state block " + index + ": unknown version " + version);
        }
        int count = in.varInt();
        long base = in.varLong();
        for (int i = 0; i < count; i++) {
            int c = in.u8();
            boolean hasError = (c & 0x80) != 0;
            c &= 0x7F;
            b.code[i] = (byte) c;
            if (c != NONE) {
                b.attempts[i] = in.varInt();
                b.updated[i] = base + in.zigLong();
                if (isOpen((byte) c)) {
                    b.open++;
                }
                if (hasError) {
                    if (b.errors == null) {
                        b.errors = new String[SIZE];
                    }
                    b.errors[i] = in.string();
                }
            }
        }
        return b;
    }
}
