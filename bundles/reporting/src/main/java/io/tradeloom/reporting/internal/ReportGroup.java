package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import java.util.List;

/**
 * Reports with consecutive sequence numbers and the same destinations, stored as one entry of each group map
 * (see {@link ReportStore}) and handed to each destination's transmitter as one piece of work. The engine fills
 * one while the committer commits the previous ones.
 *
 * <p>Meta value: {@code 1 (version), count, created base millis, destination count, destinations (strings),
 * count x [report id (string), created - base (varint)]}. JSON value: {@code count, count x length, the JSON
 * bytes one after another}.
 */
final class ReportGroup {

    final long firstSeq;
    final List<String> destinations;
    final String[] ids;
    final TransactionReport[] reports;
    final byte[][] json;
    final long[] created;
    int size;

    ReportGroup(long firstSeq, List<String> destinations, int capacity) {
        this.firstSeq = firstSeq;
        this.destinations = List.copyOf(destinations);
        this.ids = new String[capacity];
        this.reports = new TransactionReport[capacity];
        this.json = new byte[capacity][];
        this.created = new long[capacity];
    }

    boolean full() {
        return size == ids.length;
    }

    long nextSeq() {
        return firstSeq + size;
    }

    void add(String id, TransactionReport report, byte[] reportJson, long createdMillis) {
        ids[size] = id;
        reports[size] = report;
        json[size] = reportJson;
        created[size] = createdMillis;
        size++;
    }

    byte[] metaValue() {
        long base = size == 0 ? 0 : created[0];
        for (int i = 1; i < size; i++) {
            base = Math.min(base, created[i]);
        }
        Blob.Out out = new Blob.Out(32 + size * 44).u8(1).varLong(size).varLong(base).varLong(destinations.size());
        for (String d : destinations) {
            out.string(d);
        }
        for (int i = 0; i < size; i++) {
            out.string(ids[i]).varLong(created[i] - base);
        }
        return out.toArray();
    }

    byte[] jsonValue() {
        int total = 0;
        for (int i = 0; i < size; i++) {
            total += json[i].length;
        }
        Blob.Out out = new Blob.Out(total + 8 + size * 3).varLong(size);
        for (int i = 0; i < size; i++) {
            out.varLong(json[i].length);
        }
        for (int i = 0; i < size; i++) {
            out.bytes(json[i]);
        }
        return out.toArray();
    }

    /** A stored group's meta value, decoded. */
    record Meta(long firstSeq, List<String> destinations, String[] ids, long[] created) {

        int size() {
            return ids.length;
        }

        static Meta decode(long firstSeq, byte[] value) {
            Blob.In in = new Blob.In(value);
            int version = in.u8();
            if (version != 1) {
                throw new IllegalStateException("report group " + firstSeq + ": unknown version " + version);
            }
            int n = in.varInt();
            long base = in.varLong();
            int nd = in.varInt();
            String[] d = new String[nd];
            for (int i = 0; i < nd; i++) {
                d[i] = in.string();
            }
            String[] ids = new String[n];
            long[] created = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.string();
                created[i] = base + in.varLong();
            }
            return new Meta(firstSeq, List.of(d), ids, created);
        }
    }

    /** The JSON of one report out of a stored group's JSON value. */
    static byte[] jsonAt(byte[] value, int index) {
        Blob.In in = new Blob.In(value);
        int n = in.varInt();
        if (index < 0 || index >= n) {
            return null;
        }
        int skip = 0;
        int len = 0;
        for (int i = 0; i < n; i++) {
            int l = in.varInt();
            if (i < index) {
                skip += l;
            } else if (i == index) {
                len = l;
            }
        }
        in.skip(skip);
        return in.bytes(len);
    }

    /** Every report's JSON out of a stored group's JSON value. */
    static byte[][] jsonAll(byte[] value) {
        Blob.In in = new Blob.In(value);
        int n = in.varInt();
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            len[i] = in.varInt();
        }
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = in.bytes(len[i]);
        }
        return out;
    }
}
