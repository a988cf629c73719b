package io.tradeloom.reporting.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The store's compact binary values: unsigned varints (7 bits a byte), strings as length + UTF-8. Hand-written
 * because the values are a few fields and the store's hot path must not allocate a serializer per value.
 */
final class Blob {

    private Blob() {
    }

    /** A growable byte buffer. */
    static final class Out {
        private byte[] b;
        private int n;

        Out(int capacity) {
            b = new byte[Math.max(16, capacity)];
        }

        private void room(int k) {
            if (n + k > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + k));
            }
        }

        Out u8(int v) {
            room(1);
            b[n++] = (byte) v;
            return this;
        }

        Out varLong(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                b[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
            return this;
        }

        /** Signed, zig-zag encoded. */
        Out zigLong(long v) {
            return varLong((v << 1) ^ (v >> 63));
        }

        Out bytes(byte[] v) {
            room(v.length);
            System.arraycopy(v, 0, b, n, v.length);
            n += v.length;
            return this;
        }

        Out string(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            varLong(u.length);
            return bytes(u);
        }

        byte[] toArray() {
            return Arrays.copyOf(b, n);
        }
    }

    /** Reads what {@link Out} wrote. */
    static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = b;
        }

        int u8() {
            return b[p++] & 0xFF;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
        }

        int varInt() {
            return (int) varLong();
        }

        long zigLong() {
            long v = varLong();
            return (v >>> 1) ^ -(v & 1);
        }

        String string() {
            int len = varInt();
            String s = new String(b, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }

        byte[] bytes(int len) {
            byte[] out = Arrays.copyOfRange(b, p, p + len);
            p += len;
            return out;
        }

        void skip(int len) {
            p += len;
        }
    }
}
