package io.tradeloom.broker.paper.store;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary values of a format-2 store file (since format 1's JSON cost the writer ~10 us per order in string
 * escaping and char buffers, and MVStore as much again re-encoding those strings into its pages). Every value starts
 * with {@link #VERSION}, so a record can gain fields later and old values still read; then its components in
 * declaration order: strings as varint (length + 1, 0 for null) and UTF-8, decimals as a tag, the scale and the
 * unscaled value (a zig-zag varint when it fits a long, else its two's-complement bytes: any BigDecimal exactly),
 * instants as epoch seconds and nanoseconds, enums by name (an enum that gains or reorders constants still reads).
 *
 * <p>Hand-written rather than a serialization library: three fixed records, and the writer thread encodes about
 * three of them per order into one reused buffer without allocating anything but the value itself. The varint
 * layout is the one {@code bundles/reporting}'s store uses (not shared: that is another bundle's private code).
 */
final class PaperRecords {

    /** First byte of every value. */
    static final int VERSION = 1;

    private static final int NULL = 0;
    private static final int DEC_LONG = 1;
    private static final int DEC_BIG = 2;
    private static final int PRESENT = 1;

    /** Encodes on one thread (the store's writer): the buffer is reused from value to value. */
    static final class Encoder {
        private byte[] b = new byte[512];
        private int n;

        /**
         * Executions {@code from} (inclusive) to {@code to} (exclusive) of {@code records}, ascending by sequence
         * number, as one value stored under the first one's number: one map entry per batch rather than per
         * execution (MVStore copies a leaf page for every entry it changes).
         */
        byte[] executions(List<PaperState.Recorded> records, int from, int to) {
            start();
            varLong(to - from);
            long prev = records.get(from).seq();
            for (int i = from; i < to; i++) {
                PaperState.Recorded r = records.get(i);
                varLong(r.seq() - prev);
                prev = r.seq();
                execution(r.execution());
            }
            return done();
        }

        private void execution(Execution e) {
            str(e.execId());
            str(e.orderId());
            str(e.clientOrderId());
            str(e.venue());
            str(e.venueOrderId());
            name(e.execType());
            name(e.ordStatus());
            dec(e.lastQty());
            dec(e.lastPrice());
            dec(e.cumQty());
            dec(e.leavesQty());
            dec(e.avgPrice());
            dec(e.quantity());
            dec(e.limitPrice());
            instant(e.transactTime());
            str(e.text());
            name(e.liquidity());
        }

        /** The ledger's order without its id, which is the value's key. */
        byte[] ledgerOrder(long seq, BrokerOrder o) {
            start();
            varLong(seq);
            str(o.venueOrderId());
            str(o.symbol());
            name(o.side());
            dec(o.quantity());
            name(o.status());
            dec(o.cumQty());
            dec(o.avgPrice());
            instant(o.updatedAt());
            return done();
        }

        byte[] working(WorkingOrder w) {
            start();
            varLong(w.seq());
            str(w.venueOrderId());
            u8(w.triggered() ? 1 : 0);
            dec(w.trailRef());
            Order o = w.order();
            str(o.id());
            str(o.clientOrderId());
            str(o.account());
            str(o.venue());
            str(o.symbol());
            name(o.side());
            name(o.type());
            name(o.timeInForce());
            dec(o.quantity());
            dec(o.limitPrice());
            dec(o.stopPrice());
            dec(o.trailingOffset());
            str(o.strategy());
            name(o.status());
            dec(o.filledQty());
            dec(o.leavesQty());
            dec(o.avgPrice());
            str(o.venueOrderId());
            str(o.reason());
            instant(o.createdAt());
            instant(o.updatedAt());
            return done();
        }

        private void start() {
            n = 0;
            u8(VERSION);
        }

        private byte[] done() {
            return Arrays.copyOf(b, n);
        }

        private void room(int k) {
            if (n + k > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + k));
            }
        }

        private void u8(int v) {
            room(1);
            b[n++] = (byte) v;
        }

        private void varLong(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                b[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
        }

        private void zigLong(long v) {
            varLong((v << 1) ^ (v >> 63));
        }

        private void str(String s) {
            if (s == null) {
                u8(0);
                return;
            }
            // For the ASCII strings here (ids, symbols) the JDK's encoder is one vectorized check and a copy.
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varLong(utf8.length + 1L);
            room(utf8.length);
            System.arraycopy(utf8, 0, b, n, utf8.length);
            n += utf8.length;
        }

        private void name(Enum<?> e) {
            str(e == null ? null : e.name());
        }

        private void dec(BigDecimal d) {
            if (d == null) {
                u8(NULL);
            } else if (d.precision() <= 18) {
                // The unscaled value through a scale-0 BigDecimal: no BigInteger made for it.
                u8(DEC_LONG);
                zigLong(d.scale());
                zigLong(d.scaleByPowerOfTen(d.scale()).longValueExact());
            } else {
                u8(DEC_BIG);
                zigLong(d.scale());
                byte[] unscaled = d.unscaledValue().toByteArray();
                varLong(unscaled.length);
                room(unscaled.length);
                System.arraycopy(unscaled, 0, b, n, unscaled.length);
                n += unscaled.length;
            }
        }

        private void instant(Instant t) {
            if (t == null) {
                u8(NULL);
            } else {
                u8(PRESENT);
                zigLong(t.getEpochSecond());
                varLong(t.getNano());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /**
     * The executions of a block stored under {@code firstSeq}, in order.
     *
     * @throws IllegalArgumentException when the bytes are not such a block
     */
    static List<PaperState.Recorded> executions(long firstSeq, byte[] value) {
        In r = new In(value);
        long n = r.varLong();
        if (n <= 0 || n > value.length) {
            throw new IllegalArgumentException("block of " + n + " executions in " + value.length + " bytes");
        }
        List<PaperState.Recorded> out = new ArrayList<>((int) n);
        long seq = firstSeq;
        for (long i = 0; i < n; i++) {
            seq += r.varLong();
            out.add(new PaperState.Recorded(seq, new Execution(r.str(), r.str(), r.str(), r.str(), r.str(),
                    r.enumOf(ExecType.class), r.enumOf(OrderStatus.class), r.dec(), r.dec(), r.dec(), r.dec(),
                    r.dec(), r.dec(), r.dec(), r.instant(), r.str(), r.enumOf(Liquidity.class))));
        }
        r.end();
        return out;
    }

    record SeqOrder(long seq, BrokerOrder order) {
    }

    static SeqOrder ledgerOrder(String orderId, byte[] value) {
        In r = new In(value);
        SeqOrder o = new SeqOrder(r.varLong(), new BrokerOrder(orderId, r.str(), r.str(), r.enumOf(Side.class),
                r.dec(), r.enumOf(OrderStatus.class), r.dec(), r.dec(), r.instant()));
        r.end();
        return o;
    }

    static WorkingOrder working(byte[] value) {
        In r = new In(value);
        WorkingOrder w = new WorkingOrder(r.varLong(), r.str(), r.u8() != 0, r.dec(), new Order(r.str(), r.str(),
                r.str(), r.str(), r.str(), r.enumOf(Side.class), r.enumOf(OrderType.class),
                r.enumOf(TimeInForce.class), r.dec(), r.dec(), r.dec(), r.dec(), r.str(),
                r.enumOf(OrderStatus.class), r.dec(), r.dec(), r.dec(), r.str(), r.str(), r.instant(),
                r.instant()));
        r.end();
        return w;
    }

    private static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = b;
            int version = u8();
            if (version != VERSION) {
                throw new IllegalArgumentException("record version " + version + " is not " + VERSION);
            }
        }

        private void need(int k) {
            if (k < 0 || p + k > b.length) {
                throw new IllegalArgumentException("record ends early (" + b.length + " bytes)");
            }
        }

        void end() {
            if (p != b.length) {
                throw new IllegalArgumentException((b.length - p) + " bytes after the last field");
            }
        }

        int u8() {
            need(1);
            return b[p++] & 0xFF;
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        long zigLong() {
            long v = varLong();
            return (v >>> 1) ^ -(v & 1);
        }

        String str() {
            long len = varLong() - 1;
            if (len < 0) {
                return null;
            }
            need((int) Math.min(len, Integer.MAX_VALUE));
            String s = new String(b, p, (int) len, StandardCharsets.UTF_8);
            p += (int) len;
            return s;
        }

        <E extends Enum<E>> E enumOf(Class<E> type) {
            String s = str();
            return s == null ? null : Enum.valueOf(type, s);
        }

        BigDecimal dec() {
            int tag = u8();
            switch (tag) {
                case NULL:
                    return null;
                case DEC_LONG: {
                    int scale = Math.toIntExact(zigLong());
                    return BigDecimal.valueOf(zigLong(), scale);
                }
                case DEC_BIG: {
                    int scale = Math.toIntExact(zigLong());
                    int len = Math.toIntExact(varLong());
                    need(len);
                    BigInteger unscaled = new BigInteger(b, p, len);
                    p += len;
                    return new BigDecimal(unscaled, scale);
                }
                default:
                    throw new IllegalArgumentException("unknown decimal tag " + tag);
            }
        }

        Instant instant() {
            int tag = u8();
            if (tag == NULL) {
                return null;
            }
            if (tag != PRESENT) {
                throw new IllegalArgumentException("unknown instant tag " + tag);
            }
            long seconds = zigLong();
            return Instant.ofEpochSecond(seconds, varLong());
        }
    }
}
