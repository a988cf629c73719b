package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.tradeloom.domain.instrument.SymbolMapping;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Polygon stocks wire frames (a JSON array of events, or one event) to domain events: this is the hot path. A
 * hand-written reader over the frame's bytes takes the JSON subset Polygon actually sends (see {@link #scan});
 * from the first element outside it, Jackson's streaming parser (no tree, no data binding) reads the rest, and
 * reports every error. Per the WebSocket spec every stocks timestamp
 * ({@code t} of T and Q, {@code s} of A and AM) is Unix milliseconds, so events carry millisecond instants.
 * Quote sizes ({@code bs}, {@code as}) are round lots per the spec and become shares ({@code * quote.size.lot}).
 *
 * <p>What the domain has no field for is dropped here: exchange ids ({@code x}, {@code bx}, {@code ax}), tape
 * ({@code z}), conditions and indicators ({@code c}, {@code i} of Q), quote sequence numbers ({@code q} of Q),
 * TRF fields and the day figures of aggregates ({@code av}, {@code op}, {@code a}, {@code vw}, {@code z}). The
 * trade id ({@code i} of T) becomes {@link Trade#tradeId()}, the trade's sequence number ({@code q} of T)
 * {@link Trade#sequence()} (gap backfill for sources configured in {@code sequence.gap.sources}).
 *
 * <p>A bad event (missing or mistyped field, unknown {@code ev}) is reported with its own raw text and the
 * others in the frame still pass; broken JSON ends the frame at that point and reports the rest of it. Not
 * thread-safe: one parser per connection.
 */
public final class PolygonParser {

    /** What a rejected piece of input was. */
    public enum Problem { MALFORMED, TRUNCATED, UNKNOWN }

    /** Receives the results of one frame, in wire order. */
    public interface Handler {
        void onEvent(MarketDataEvent event);

        void onStatus(String status, String message);

        /** {@code field} is the offending field, or null when none applies. */
        void onRejected(Problem problem, String field, String reason, String raw);
    }

    static final Duration SECOND = Duration.ofSeconds(1);
    static final Duration MINUTE = Duration.ofMinutes(1);

    private static final JsonFactory JSON = JsonFactory.builder().build();

    // Field bits: which fields an event had.
    private static final int F_SYM = 1;
    private static final int F_BP = 1 << 1;
    private static final int F_BS = 1 << 2;
    private static final int F_AP = 1 << 3;
    private static final int F_AS = 1 << 4;
    private static final int F_T = 1 << 5;
    private static final int F_P = 1 << 6;
    private static final int F_S = 1 << 7;
    private static final int F_O = 1 << 8;
    private static final int F_H = 1 << 9;
    private static final int F_L = 1 << 10;
    private static final int F_C = 1 << 11;
    private static final int F_V = 1 << 12;

    private final String source;
    private final SymbolMapping symbols;
    private final BigDecimal lot;
    private final boolean lotIsOne;
    /** The lot when it is a whole number with scale 0 (then shares = lots * lot in a long), else 0. */
    private final long lotWhole;

    // One event's fields, reset per object.
    private String ev;
    private String sym;
    private String id;
    private String status;
    private String message;
    private BigDecimal bp;
    private BigDecimal ap;
    private BigDecimal p;
    private BigDecimal o;
    private BigDecimal h;
    private BigDecimal l;
    private BigDecimal c;
    private BigDecimal v;
    private long bs;
    private long as;
    private long t;
    private long s;
    /** {@code q}: a trade's sequence number. */
    private long seq = Trade.NO_SEQUENCE;
    private int seen;

    /** Venue symbol bytes to our symbol (see {@link #symbol}); open addressing, at most a quarter full. */
    static final int SYMBOLS_MAX = 1 << 16;
    private byte[][] symbolKeys = new byte[1024][];
    private String[] symbolValues = new String[1024];
    /** {@link #packed} of each key (-1 when it is longer than {@link #PACKED_MAX}). */
    private long[] symbolPacked = new long[1024];
    private int symbolCount;

    public PolygonParser(String source, SymbolMapping symbols, BigDecimal quoteSizeLot) {
        this.source = source;
        this.symbols = symbols;
        this.lot = quoteSizeLot;
        this.lotIsOne = quoteSizeLot.compareTo(BigDecimal.ONE) == 0;
        this.lotWhole = quoteSizeLot.scale() == 0 && quoteSizeLot.signum() > 0
                && quoteSizeLot.unscaledValue().bitLength() < 32
                ? quoteSizeLot.longValueExact() : 0;
    }

    /**
     * Parses one text frame; returns the number of market-data events delivered. {@code text} is read during the
     * call only (the WebSocket's own character buffer may be passed as it is).
     */
    public int parse(CharSequence text, Instant receivedAt, Handler handler) {
        int done = scan(text, receivedAt, handler);
        bytes = null;
        if (buffer.length > BUFFER_KEPT) {
            buffer = new byte[BUFFER_KEPT]; // a rare huge frame's buffer is not kept
            bufferView = ByteBuffer.wrap(buffer);
        }
        if (done < 0) {
            return scanned;
        }
        return scanned + parse(text.toString(), receivedAt, handler, done);
    }

    /** Jackson's path alone, for the whole frame (tests compare the two paths with it). */
    int parseWithJackson(String text, Instant receivedAt, Handler handler) {
        return parse(text, receivedAt, handler, 0);
    }

    /** Jackson's path, from the start of the frame; the first {@code skip} elements were handled by {@link #scan}. */
    private int parse(String text, Instant receivedAt, Handler handler, int skip) {
        int delivered = 0;
        long elementStart = 0;
        int skipped = 0;
        try (JsonParser jp = JSON.createParser(text)) {
            JsonToken first = jp.nextToken();
            if (first == JsonToken.START_OBJECT) {
                elementStart = 0;
                return element(jp, text, 0, receivedAt, handler) ? 1 : 0;
            }
            if (first != JsonToken.START_ARRAY) {
                handler.onRejected(Problem.MALFORMED, null, "frame is not a JSON array or object", text);
                return 0;
            }
            JsonToken tok;
            while ((tok = jp.nextToken()) != JsonToken.END_ARRAY) {
                if (tok == null) {
                    handler.onRejected(Problem.TRUNCATED, null, "frame ends before its closing ]", text);
                    return delivered;
                }
                elementStart = tokenOffset(jp);
                if (skipped < skip) {
                    skipped++;
                    jp.skipChildren();
                    continue;
                }
                if (tok != JsonToken.START_OBJECT) {
                    jp.skipChildren();
                    handler.onRejected(Problem.MALFORMED, null, "array element is not an object: " + tok,
                            slice(text, elementStart, tokenOffset(jp) + 1));
                    continue;
                }
                if (element(jp, text, elementStart, receivedAt, handler)) {
                    delivered++;
                }
            }
            if (jp.nextToken() != null) {
                handler.onRejected(Problem.MALFORMED, null, "text after the closing ]", text);
            }
        } catch (JsonEOFException e) {
            handler.onRejected(Problem.TRUNCATED, e.getProcessor() == null ? null : currentName(e),
                    "truncated: input ends inside an event", slice(text, elementStart, text.length()));
        } catch (IOException e) {
            String field = currentName(e);
            handler.onRejected(Problem.MALFORMED, field, "not valid JSON" + (field == null ? "" : " in field "
                    + field) + ": " + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage()), slice(text, elementStart,
                    text.length()));
        }
        return delivered;
    }

    /** Offset of the current token's first character (Jackson's counter is one ahead for a String source). */
    private static long tokenOffset(JsonParser jp) {
        return ((ParserBase) jp).getTokenCharacterOffset() - 1;
    }

    private static String currentName(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                && jpe.getProcessor() instanceof JsonParser jp) {
            try {
                return jp.currentName();
            } catch (IOException | RuntimeException ignored) {
                return null;
            }
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String slice(CharSequence text, long from, long to) {
        int a = (int) Math.max(0, Math.min(from, text.length()));
        int b = (int) Math.max(a, Math.min(to, text.length()));
        return text.subSequence(a, b).toString();
    }

    private static final int N_EV = 1;
    private static final int N_SYM = 2;
    private static final int N_BP = 3;
    private static final int N_AP = 4;
    private static final int N_BS = 5;
    private static final int N_AS = 6;
    private static final int N_P = 7;
    private static final int N_T = 8;
    private static final int N_S = 9;
    private static final int N_I = 10;
    private static final int N_C = 11;
    private static final int N_O = 12;
    private static final int N_H = 13;
    private static final int N_L = 14;
    private static final int N_V = 15;
    private static final int N_STATUS = 16;
    private static final int N_MESSAGE = 17;
    private static final int N_Q = 18;

    /**
     * Jackson's path (taken only from the first element outside the fast path's subset): the name's ISO-8859-1
     * bytes through {@link #fieldOf(byte[], int, int)}. A character those bytes cannot hold becomes '?', which no
     * field name has.
     */
    static int fieldOf(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        return fieldOf(b, 0, b.length);
    }

    /** Reads one object (the parser is on its START_OBJECT); true when an event was delivered. */
    private boolean element(JsonParser jp, String text, long start, Instant receivedAt, Handler handler)
            throws IOException {
        cPending = false;
        ev = sym = id = status = message = null;
        bp = ap = p = o = h = l = c = v = null;
        bs = as = t = s = 0;
        seq = Trade.NO_SEQUENCE;
        seen = 0;
        String badField = null;
        String badReason = null;
        String name;
        while ((name = jp.nextFieldName()) != null) {
            JsonToken tok = jp.nextToken();
            if (badField != null) {
                jp.skipChildren();
                continue;
            }
            try {
                switch (fieldOf(name)) {
                    case N_EV -> ev = eventType(jp, tok, name);
                    case N_SYM -> {
                        sym = symbol(jp, tok, name);
                        seen |= F_SYM;
                    }
                    case N_BP -> {
                        bp = decimal(jp, tok, name);
                        seen |= F_BP;
                    }
                    case N_AP -> {
                        ap = decimal(jp, tok, name);
                        seen |= F_AP;
                    }
                    case N_BS -> {
                        bs = integer(jp, tok, name);
                        seen |= F_BS;
                    }
                    case N_AS -> {
                        as = integer(jp, tok, name);
                        seen |= F_AS;
                    }
                    case N_P -> {
                        p = decimal(jp, tok, name);
                        seen |= F_P;
                    }
                    case N_T -> {
                        t = integer(jp, tok, name);
                        seen |= F_T;
                    }
                    case N_S -> {
                        // T: size (shares); A/AM: window start (Unix ms). Both integers.
                        s = integer(jp, tok, name);
                        seen |= F_S;
                    }
                    case N_I -> {
                        // T: trade id (string); Q: indicators (array, dropped).
                        if (tok == JsonToken.VALUE_STRING) {
                            id = jp.getText();
                        } else {
                            jp.skipChildren();
                        }
                    }
                    case N_C -> {
                        // Q: condition (int), T: conditions (array), A/AM: close price. Only the price is kept.
                        if (tok == JsonToken.VALUE_NUMBER_FLOAT || tok == JsonToken.VALUE_NUMBER_INT) {
                            c = number(jp);
                            seen |= F_C;
                        } else {
                            jp.skipChildren();
                        }
                    }
                    case N_O -> {
                        o = decimal(jp, tok, name);
                        seen |= F_O;
                    }
                    case N_H -> {
                        h = decimal(jp, tok, name);
                        seen |= F_H;
                    }
                    case N_L -> {
                        l = decimal(jp, tok, name);
                        seen |= F_L;
                    }
                    case N_V -> {
                        v = decimal(jp, tok, name);
                        seen |= F_V;
                    }
                    case N_Q -> {
                        // T: sequence number (Q's is read too and not kept); anything but an integer is ignored.
                        if (tok == JsonToken.VALUE_NUMBER_INT
                                && jp.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            seq = jp.getLongValue();
                        } else {
                            jp.skipChildren();
                        }
                    }
                    case N_STATUS -> status = jp.getValueAsString();
                    case N_MESSAGE -> message = jp.getValueAsString();
                    default -> jp.skipChildren(); // exchange ids, tape, sequence, day figures: no domain field
                }
            } catch (BadField bad) {
                badField = bad.field;
                badReason = bad.getMessage();
                jp.skipChildren();
            }
        }
        long end = tokenOffset(jp) + 1;
        if (badField != null) {
            handler.onRejected(Problem.MALFORMED, badField, badReason, slice(text, start, end));
            return false;
        }
        return finish(text, start, end, receivedAt, handler);
    }

    /** The event of the fields read (either path): checked for its required fields, built, handed over. */
    private boolean finish(CharSequence text, long start, long end, Instant receivedAt, Handler handler) {
        if (ev == null) {
            handler.onRejected(Problem.MALFORMED, "ev", "missing field ev", slice(text, start, end));
            return false;
        }
        MarketDataEvent event;
        String missing;
        // By length and characters rather than a String switch: no hash per event.
        int kind = ev.length() == 1 ? ev.charAt(0) : ev.equals("AM") ? 'M' : ev.equals("status") ? 'S' : 0;
        switch (kind) {
            case 'Q' -> {
                missing = missing(F_SYM | F_BP | F_BS | F_AP | F_AS | F_T);
                event = missing != null ? null : new Quote(sym, source, bp, shares(bs), ap,
                        shares(as), Instant.ofEpochMilli(t), receivedAt);
            }
            case 'T' -> {
                missing = missing(F_SYM | F_P | F_S | F_T);
                event = missing != null ? null : new Trade(sym, source, p, whole(s),
                        id, Instant.ofEpochMilli(t), receivedAt, seq);
            }
            case 'A', 'M' -> {
                if (cPending) {
                    c = BigDecimal.valueOf(cUnscaled, cScale);
                }
                missing = missing(F_SYM | F_O | F_H | F_L | F_C | F_V | F_S);
                event = missing != null ? null : new Bar(sym, source,
                        ev.length() == 1 ? SECOND : MINUTE, o, h, l, c, v, Instant.ofEpochMilli(s), receivedAt);
            }
            case 'S' -> {
                handler.onStatus(status == null ? "" : status, message == null ? "" : message);
                return false;
            }
            default -> {
                handler.onRejected(Problem.UNKNOWN, "ev", "unknown event type ev=" + ev, slice(text, start, end));
                return false;
            }
        }
        if (event == null) {
            handler.onRejected(Problem.MALFORMED, missing, "missing field " + missing + " in " + ev + " event",
                    slice(text, start, end));
            return false;
        }
        handler.onEvent(event);
        return true;
    }

    // ------------------------------------------------------------------------------------------ fast path

    /** Events delivered by the last {@link #scan}. */
    private int scanned;
    /** The frame's text as ISO-8859-1 bytes (one byte per character, so offsets are the text's). */
    private byte[] bytes;
    /** Where a character buffer's text is encoded, kept between frames up to {@link #BUFFER_KEPT}. */
    private byte[] buffer = new byte[16 * 1024];
    private ByteBuffer bufferView = ByteBuffer.wrap(buffer);
    private static final int BUFFER_KEPT = 256 * 1024;
    private final CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
    private int pos;
    private int limit;

    /** Eight bytes at once, first byte lowest: digit runs and string ends are found without a branch per byte. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L};

    /**
     * The fast path: reads the frame's bytes directly for the subset of JSON that Polygon sends (an array of flat
     * objects; ASCII strings without escapes; plain decimal numbers; arrays and objects only in fields that are
     * skipped), building the same events through {@link #finish}. At the first thing outside that subset (an
     * escape, a non-ASCII character, an exponent, a wrongly typed field, broken JSON, a single object) it stops and
     * returns how many elements it completed, and Jackson's path goes on from there, so every error is reported
     * exactly as before. Why by hand: Jackson's tokenizer and field-name table were half of the tick's cost, and
     * the variable-length digit and string loops most of the rest (see BENCHMARKS.md).
     *
     * <p>The text is taken as ISO-8859-1 bytes: exact for every character up to U+00FF, and any other character
     * becomes {@code '?'}, which the fast path never accepts (no Polygon field holds one), so such a frame goes to
     * Jackson's path, which reads the text itself.
     *
     * @return -1 when the whole frame was handled, else the number of elements completed
     */
    int scan(CharSequence text, Instant receivedAt, Handler handler) {
        scanned = 0;
        frameHandler = handler;
        frameReceivedAt = receivedAt;
        load(text);
        pos = 0;
        skipWs();
        if (pos >= limit || bytes[pos] != '[') {
            return 0;
        }
        pos++;
        skipWs();
        if (pos < limit && bytes[pos] == ']') {
            pos++;
            skipWs();
            return pos == limit ? -1 : 0;
        }
        int elements = 0;
        while (true) {
            skipWs();
            if (pos >= limit || bytes[pos] != '{') {
                return elements;
            }
            int start = pos;
            int read = object();
            if (read == FAILED) {
                return elements;
            }
            if (read == DELIVERED || finish(text, start, pos, receivedAt, handler)) {
                scanned++;
            }
            elements++;
            skipWs();
            if (pos >= limit) {
                return elements;
            }
            byte ch = bytes[pos++];
            if (ch == ']') {
                skipWs();
                return pos == limit ? -1 : elements;
            }
            if (ch != ',') {
                return elements;
            }
        }
    }

    /**
     * The text into {@link #bytes}..{@link #limit}. The WebSocket hands over its decoded character buffer: that is
     * encoded in one vectorized pass into a buffer kept between frames, with no String and no array per frame. A
     * character beyond U+00FF stops the encoder, and such a text (like any other CharSequence) is taken through a
     * String, where it becomes '?'.
     */
    private void load(CharSequence text) {
        if (text instanceof CharBuffer chars && chars.hasArray()) {
            int n = chars.remaining();
            if (buffer.length < n) {
                buffer = new byte[Math.max(n, Math.min(buffer.length * 2, BUFFER_KEPT))];
                bufferView = ByteBuffer.wrap(buffer);
            }
            int at = chars.position();
            bufferView.clear();
            CoderResult r = latin1.reset().encode(chars, bufferView, true);
            chars.position(at);
            if (r.isUnderflow()) {
                bytes = buffer;
                limit = bufferView.position();
                return;
            }
        }
        bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        limit = bytes.length;
    }

    private void skipWs() {
        // Nearly always no whitespace: one test.
        if (pos < limit && bytes[pos] > ' ') {
            return;
        }
        while (pos < limit) {
            byte ch = bytes[pos];
            if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t') {
                return;
            }
            pos++;
        }
    }

    /** {@link #object}: outside the subset (position undefined). */
    private static final int FAILED = 0;
    /** {@link #object}: read into the event fields, for {@link #finish}. */
    private static final int READ = 1;
    /** {@link #object}: a quote or trade in Polygon's order, built and handed over already. */
    private static final int DELIVERED = 2;
    /** The current frame's handler and receive time, for events built by {@link #quote} and {@link #trade}. */
    private Handler frameHandler;
    private Instant frameReceivedAt;

    /** One object at {@code pos} ('{'): {@link #FAILED}, {@link #READ} or {@link #DELIVERED}. */
    private int object() {
        cPending = false;
        int i = pos;
        // Polygon writes a quote's and a trade's fields in one order: its documented examples and the live feed
        // agree. That order is read as a run of expected keys (one eight-byte compare each, no name to parse or
        // dispatch on); from the first key that differs (another order, whitespace, a field left out) the general
        // member loop reads the rest, so any valid object is read the same either way.
        if (i + 9 <= limit && ((long) LONG_LE.get(bytes, i) & M7) == K_EV && bytes[i + 8] == '"') {
            byte type = bytes[i + 7];
            if (type == 'Q') {
                pos = i + 9;
                return quote();
            }
            if (type == 'T') {
                pos = i + 9;
                return trade();
            }
        }
        clearFields();
        pos = i + 1;
        return members(true) ? READ : FAILED;
    }

    private void clearFields() {
        ev = sym = id = status = message = null;
        bp = ap = p = o = h = l = c = v = null;
        bs = as = t = s = 0;
        seq = Trade.NO_SEQUENCE;
        seen = 0;
    }

    /**
     * A quote's fields in Polygon's order, from after its {@code ev}. Each value is read by the reader for its
     * field, called directly (no dispatch on a field number, whose indirect jumps the CPU mispredicts in a
     * frame's varying mix of fields), into locals: the quote is built from them when the object ends after the
     * last of them, which is nearly always. Otherwise what was read goes to the event fields and {@link #members}
     * reads the rest.
     */
    private int quote() {
        String sy = null;
        BigDecimal bid = null;
        BigDecimal ask = null;
        long bidSize = 0;
        long askSize = 0;
        long time = 0;
        int got = 0;
        read:
        {
            if (!key(K_SYM, M8, 8)) {
                break read;
            }
            if ((sy = symbolValue()) == null) {
                return FAILED;
            }
            got = F_SYM;
            if (!key(K_BX, M6, 6)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_BP, M6, 6)) {
                break read;
            }
            if ((bid = decimal()) == null) {
                return FAILED;
            }
            got |= F_BP;
            if (!key(K_BS, M6, 6)) {
                break read;
            }
            if (!wholeAt()) {
                return FAILED;
            }
            bidSize = numUnscaled;
            got |= F_BS;
            if (!key(K_AX, M6, 6)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_AP, M6, 6)) {
                break read;
            }
            if ((ask = decimal()) == null) {
                return FAILED;
            }
            got |= F_AP;
            if (!key(K_AS, M6, 6)) {
                break read;
            }
            if (!wholeAt()) {
                return FAILED;
            }
            askSize = numUnscaled;
            got |= F_AS;
            // c (a condition) and i (indicators) are not kept for a quote.
            if (!key(K_C, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_I, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_T, M5, 5)) {
                break read;
            }
            if (!wholeAt()) {
                return FAILED;
            }
            time = numUnscaled;
            got |= F_T;
            if (!key(K_Q, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_Z, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (pos < limit && bytes[pos] == '}') {
                pos++;
                frameHandler.onEvent(new Quote(sy, source, bid, shares(bidSize), ask, shares(askSize),
                        Instant.ofEpochMilli(time), frameReceivedAt));
                return DELIVERED;
            }
        }
        clearFields();
        ev = "Q";
        sym = sy;
        bp = bid;
        ap = ask;
        bs = bidSize;
        as = askSize;
        t = time;
        seen = got;
        return members(false) ? READ : FAILED;
    }

    /** A trade's fields in Polygon's order, from after its {@code ev}; as {@link #quote}. */
    private int trade() {
        String sy = null;
        String tradeId = null;
        BigDecimal price = null;
        long size = 0;
        long time = 0;
        long sequence = Trade.NO_SEQUENCE;
        int got = 0;
        read:
        {
            if (!key(K_SYM, M8, 8)) {
                break read;
            }
            if ((sy = symbolValue()) == null) {
                return FAILED;
            }
            got = F_SYM;
            if (!key(K_X, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_I, M5, 5)) {
                break read;
            }
            if (bytes[pos] == '"') {
                int from = pos + 1;
                if (!string()) {
                    return FAILED;
                }
                tradeId = new String(bytes, from, pos - 1 - from, StandardCharsets.ISO_8859_1);
            } else if (!skipValue(0)) {
                return FAILED;
            }
            if (!key(K_Z, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_P, M5, 5)) {
                break read;
            }
            if ((price = decimal()) == null) {
                return FAILED;
            }
            got |= F_P;
            if (!key(K_S, M5, 5)) {
                break read;
            }
            if (!wholeAt()) {
                return FAILED;
            }
            size = numUnscaled;
            got |= F_S;
            // c: the trade's conditions, not kept.
            if (!key(K_C, M5, 5)) {
                break read;
            }
            if (!skipped()) {
                return FAILED;
            }
            if (!key(K_T, M5, 5)) {
                break read;
            }
            if (!wholeAt()) {
                return FAILED;
            }
            time = numUnscaled;
            got |= F_T;
            if (!key(K_Q, M5, 5)) {
                break read;
            }
            if (!wholeAt()) {
                return FAILED;
            }
            sequence = numUnscaled;
            if (pos < limit && bytes[pos] == '}') {
                pos++;
                frameHandler.onEvent(new Trade(sy, source, price, whole(size), tradeId,
                        Instant.ofEpochMilli(time), frameReceivedAt, sequence));
                return DELIVERED;
            }
        }
        clearFields();
        ev = "T";
        sym = sy;
        id = tradeId;
        p = price;
        s = size;
        t = time;
        seq = sequence;
        seen = got;
        return members(false) ? READ : FAILED;
    }

    /**
     * The expected key (with its leading comma and trailing colon, e.g. {@code ,"bp":}) at {@code pos}: one
     * eight-byte compare.
     */
    private boolean key(long word, long mask, int len) {
        int i = pos;
        if (i + 8 <= limit && ((long) LONG_LE.get(bytes, i) & mask) == word) {
            pos = i + len;
            return true;
        }
        return false;
    }

    /** The value of {@code sym} after its opening quote (the key {@code ,"sym":"} includes it); null outside the subset. */
    private String symbolValue() {
        int from = pos;
        int end = stringEnd(from);
        if (end < 0) {
            return null;
        }
        pos = end + 1;
        return symbol(bytes, from, end - from, limit);
    }

    /** A decimal value at {@code pos}; null outside the subset. */
    private BigDecimal decimal() {
        return numberAt() ? BigDecimal.valueOf(numUnscaled, numScale) : null;
    }

    /** A whole number at {@code pos} into {@link #numUnscaled}; false for a fraction or outside the subset. */
    private boolean wholeAt() {
        return numberAt() && numScale == 0;
    }

    /** A value that is not kept: numbers straight to {@link #skipNumber}. */
    private boolean skipped() {
        byte ch = bytes[pos];
        return ch == '-' || ch >= '0' && ch <= '9' ? skipNumber() : skipValue(0);
    }

    private static final long M5 = (1L << 40) - 1;
    private static final long M6 = (1L << 48) - 1;
    private static final long M7 = (1L << 56) - 1;
    private static final long M8 = -1L;
    private static final long K_EV = word("{\"ev\":\"");
    private static final long K_SYM = word(",\"sym\":\"");
    private static final long K_BX = word(",\"bx\":");
    private static final long K_BP = word(",\"bp\":");
    private static final long K_BS = word(",\"bs\":");
    private static final long K_AX = word(",\"ax\":");
    private static final long K_AP = word(",\"ap\":");
    private static final long K_AS = word(",\"as\":");
    private static final long K_C = word(",\"c\":");
    private static final long K_I = word(",\"i\":");
    private static final long K_T = word(",\"t\":");
    private static final long K_X = word(",\"x\":");
    private static final long K_Z = word(",\"z\":");
    private static final long K_Q = word(",\"q\":");
    private static final long K_P = word(",\"p\":");
    private static final long K_S = word(",\"s\":");

    /** Up to eight ASCII characters as the little-endian long that {@link #LONG_LE} reads for them. */
    private static long word(String ascii) {
        long w = 0;
        for (int k = 0; k < ascii.length(); k++) {
            w |= (long) ascii.charAt(k) << (8 * k);
        }
        return w;
    }

    /**
     * The members of an object, from just after its '{' ({@code first}) or just after a member's value, to after
     * its closing '}'; false (position undefined) outside the subset.
     */
    private boolean members(boolean first) {
        skipWs();
        if (pos >= limit) {
            return false;
        }
        if (first) {
            if (bytes[pos] == '}') {
                pos++;
                return true;
            }
        } else {
            byte ch = bytes[pos++];
            if (ch == '}') {
                return true;
            }
            if (ch != ',') {
                return false;
            }
        }
        while (true) {
            skipWs();
            int field = name();
            if (field < 0) {
                return false;
            }
            skipWs();
            if (pos >= limit || bytes[pos++] != ':') {
                return false;
            }
            skipWs();
            if (pos >= limit || !value(field)) {
                return false;
            }
            skipWs();
            if (pos >= limit) {
                return false;
            }
            byte ch = bytes[pos++];
            if (ch == '}') {
                return true;
            }
            if (ch != ',') {
                return false;
            }
        }
    }

    /**
     * A field name at {@code pos} ('"') as {@link #fieldOf(byte[], int, int)} of it, -1 when it is not a plain
     * string. Names of one or two plain characters (nearly all of Polygon's) are told by their bytes without a
     * scanning loop.
     */
    private int name() {
        int i = pos;
        if (i + 3 < limit && bytes[i] == '"') {
            byte a = bytes[i + 1];
            byte b = bytes[i + 2];
            if (a > '"' && a != '\\' && a != '?') {
                if (b == '"') {
                    pos = i + 3;
                    return fieldOf(bytes, i + 1, 1);
                }
                if (b > '"' && b != '\\' && b != '?' && bytes[i + 3] == '"') {
                    pos = i + 4;
                    return fieldOf(bytes, i + 1, 2);
                }
            }
        }
        int nameStart = i + 1;
        if (!string()) {
            return -1;
        }
        return fieldOf(bytes, nameStart, pos - 1 - nameStart);
    }

    /** A plain string at {@code pos} ('"'); pos ends after the closing quote. */
    private boolean string() {
        if (pos >= limit || bytes[pos] != '"') {
            return false;
        }
        int end = stringEnd(pos + 1);
        if (end < 0) {
            return false;
        }
        pos = end + 1;
        return true;
    }

    /**
     * Where the string whose characters start at {@code i} ends (its closing quote), or -1 when a byte that is
     * not plain comes first (an escape, a control character, anything above ASCII, or '?', which stands for a
     * character the bytes cannot hold) or the input ends. Eight bytes per step: the lowest byte flagged by each
     * mask below is exact (the later ones may be false alarms, and are never looked at).
     */
    private int stringEnd(int i) {
        byte[] b = bytes;
        while (i + 8 <= limit) {
            long w = (long) LONG_LE.get(b, i);
            long quote = zeroBytes(w ^ 0x2222222222222222L);
            long bad = zeroBytes(w ^ 0x5C5C5C5C5C5C5C5CL) | zeroBytes(w ^ 0x3F3F3F3F3F3F3F3FL)
                    | ((w - 0x2020202020202020L) & ~w & HIGHS) | (w & HIGHS);
            if ((quote | bad) != 0) {
                int q = Long.numberOfTrailingZeros(quote);
                return q < Long.numberOfTrailingZeros(bad) ? i + (q >>> 3) : -1;
            }
            i += 8;
        }
        for (; i < limit; i++) {
            byte ch = b[i];
            if (ch == '"') {
                return i;
            }
            if (ch == '\\' || ch < 0x20 || ch == '?') { // bytes above 0x7F are negative
                return -1;
            }
        }
        return -1;
    }

    /** The high bit of each zero byte of {@code x}; the lowest one is exact. */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * The fields this parser reads, by length and bytes rather than a String switch (a hash and an equals per
     * field, a dozen fields per event); 0 for the rest.
     */
    private static int fieldOf(byte[] b, int off, int len) {
        if (len == 1) {
            return switch (b[off]) {
                case 'p' -> N_P;
                case 't' -> N_T;
                case 's' -> N_S;
                case 'i' -> N_I;
                case 'c' -> N_C;
                case 'o' -> N_O;
                case 'h' -> N_H;
                case 'l' -> N_L;
                case 'v' -> N_V;
                case 'q' -> N_Q;
                default -> 0;
            };
        }
        if (len == 2) {
            byte a = b[off];
            byte z = b[off + 1];
            if (z == 'p') {
                return a == 'b' ? N_BP : a == 'a' ? N_AP : 0;
            }
            if (z == 's') {
                return a == 'b' ? N_BS : a == 'a' ? N_AS : 0;
            }
            return a == 'e' && z == 'v' ? N_EV : 0;
        }
        if (len == 3 && b[off] == 's' && b[off + 1] == 'y' && b[off + 2] == 'm') {
            return N_SYM;
        }
        return len == 6 || len == 7 ? statusOrMessage(b, off, len) : 0;
    }

    /** Out of {@link #fieldOf(byte[], int, int)} so that it stays small enough to inline. */
    private static int statusOrMessage(byte[] b, int off, int len) {
        String name = new String(b, off, len, StandardCharsets.ISO_8859_1);
        if (len == 6 && name.equals("status")) {
            return N_STATUS;
        }
        if (len == 7 && name.equals("message")) {
            return N_MESSAGE;
        }
        return 0;
    }

    /**
     * The value of one field at {@code pos}; false outside the subset (Jackson then reads the frame). Kept small
     * so that the JIT inlines it into {@link #object} (one call per field less); the cases live in their own
     * methods.
     */
    private boolean value(int field) {
        switch (field) {
            case N_BP, N_AP, N_P, N_O, N_H, N_L, N_V -> {
                return decimalField(field);
            }
            case N_BS, N_AS, N_T, N_S, N_Q -> {
                return wholeField(field);
            }
            case 0 -> {
                return skipped(); // not kept: exchange ids, sequence numbers, tape, ...
            }
            default -> {
                return otherField(field);
            }
        }
    }

    private boolean decimalField(int field) {
        if (!numberAt()) {
            return false;
        }
        BigDecimal d = BigDecimal.valueOf(numUnscaled, numScale);
        switch (field) {
            case N_BP -> {
                bp = d;
                seen |= F_BP;
            }
            case N_AP -> {
                ap = d;
                seen |= F_AP;
            }
            case N_P -> {
                p = d;
                seen |= F_P;
            }
            case N_O -> {
                o = d;
                seen |= F_O;
            }
            case N_H -> {
                h = d;
                seen |= F_H;
            }
            case N_L -> {
                l = d;
                seen |= F_L;
            }
            default -> {
                v = d;
                seen |= F_V;
            }
        }
        return true;
    }

    /** A whole-number field; a fraction is outside the subset (Jackson reports it). */
    private boolean wholeField(int field) {
        if (!numberAt() || numScale != 0) {
            return false;
        }
        long x = numUnscaled;
        switch (field) {
            case N_BS -> {
                bs = x;
                seen |= F_BS;
            }
            case N_AS -> {
                as = x;
                seen |= F_AS;
            }
            case N_T -> {
                t = x;
                seen |= F_T;
            }
            case N_Q -> seq = x;
            default -> {
                s = x;
                seen |= F_S;
            }
        }
        return true;
    }

    /** ev, sym, i, c, status, message. */
    private boolean otherField(int field) {
        byte ch = bytes[pos];
        switch (field) {
            case N_EV -> {
                int from = pos + 1;
                if (!string()) {
                    return false;
                }
                ev = eventType(bytes, from, pos - 1 - from);
                return true;
            }
            case N_SYM -> {
                int from = pos + 1;
                if (!string()) {
                    return false;
                }
                sym = symbol(bytes, from, pos - 1 - from, limit);
                seen |= F_SYM;
                return true;
            }
            case N_I -> {
                if (ch == '"') {
                    int from = pos + 1;
                    if (!string()) {
                        return false;
                    }
                    id = new String(bytes, from, pos - 1 - from, StandardCharsets.ISO_8859_1);
                    return true;
                }
                return skipValue(0);
            }
            case N_C -> {
                if (ch == '-' || ch >= '0' && ch <= '9') {
                    // A/AM close price, or a quote's condition code: kept as digits, a BigDecimal only for a bar.
                    if (!numberAt()) {
                        return false;
                    }
                    cUnscaled = numUnscaled;
                    cScale = numScale;
                    cPending = true;
                    seen |= F_C;
                    return true;
                }
                return skipValue(0);
            }
            default -> {
                // status, message
                int from = pos + 1;
                if (!string()) {
                    return false;
                }
                String text = new String(bytes, from, pos - 1 - from, StandardCharsets.ISO_8859_1);
                if (field == N_STATUS) {
                    status = text;
                } else {
                    message = text;
                }
                return true;
            }
        }
    }

    /**
     * A JSON number at {@code pos} as JSON allows it ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, no exponent, at most
     * 18 digits); its unscaled value and scale in {@link #numUnscaled} and {@link #numScale}. False for anything
     * else.
     */
    private boolean numberAt() {
        int i = pos;
        boolean negative = false;
        if (i < limit && bytes[i] == '-') {
            negative = true;
            i++;
        }
        if (i >= limit) {
            return false;
        }
        long u = 0;
        int digits;
        byte ch = bytes[i];
        if (ch == '0') {
            i++;
            digits = 1;
        } else if (ch >= '1' && ch <= '9') {
            int from = i;
            u = digits(i, 0);
            i = digitsEnd;
            digits = i - from;
        } else {
            return false;
        }
        int scale = 0;
        if (i < limit && bytes[i] == '.') {
            i++;
            int from = i;
            u = digits(i, u);
            i = digitsEnd;
            scale = i - from;
            digits += scale;
            if (scale == 0) {
                return false;
            }
        }
        if (digits > 18 || i < limit && (bytes[i] == 'e' || bytes[i] == 'E')) {
            return false;
        }
        pos = i;
        numUnscaled = negative ? -u : u;
        numScale = scale;
        return true;
    }

    /**
     * {@link #numberAt} for a value that is not kept (exchange ids, sequence numbers, tape): the same numbers
     * accepted and the same position after them, without computing the value.
     */
    private boolean skipNumber() {
        int i = pos;
        if (bytes[i] == '-') {
            i++;
        }
        if (i >= limit) {
            return false;
        }
        byte ch = bytes[i];
        int digits;
        if (ch == '0') {
            i++;
            digits = 1;
        } else if (ch >= '1' && ch <= '9') {
            int from = i;
            i = digitsEnd(i);
            digits = i - from;
        } else {
            return false;
        }
        if (i < limit && bytes[i] == '.') {
            i++;
            int from = i;
            i = digitsEnd(i);
            if (i == from) {
                return false;
            }
            digits += i - from;
        }
        if (digits > 18 || i < limit && (bytes[i] == 'e' || bytes[i] == 'E')) {
            return false;
        }
        pos = i;
        return true;
    }

    /** Where the last {@link #digits} run ended. */
    private int digitsEnd;

    /**
     * {@code u} followed by the run of digits at {@code i} (ends at the first non-digit, {@link #digitsEnd}), up
     * to eight digits per step without a branch per digit. Overflow past 18 digits is the caller's to reject.
     */
    private long digits(int i, long u) {
        byte[] b = bytes;
        while (i + 8 <= limit) {
            long w = (long) LONG_LE.get(b, i);
            int k = digitCount(w);
            if (k == 0) {
                break;
            }
            u = u * POW10[k] + leadingDigits(w, k);
            i += k;
            if (k < 8) {
                digitsEnd = i;
                return u;
            }
        }
        for (; i < limit; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            u = u * 10 + d;
        }
        digitsEnd = i;
        return u;
    }

    /** The end of the run of digits at {@code i}, as {@link #digits} finds it, without its value. */
    private int digitsEnd(int i) {
        byte[] b = bytes;
        while (i + 8 <= limit) {
            int k = digitCount((long) LONG_LE.get(b, i));
            i += k;
            if (k < 8) {
                return i;
            }
        }
        for (; i < limit; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
        }
        return i;
    }

    /**
     * How many of the eight bytes of {@code w} (first byte lowest) are ASCII digits before the first one that is
     * not. A byte is a digit exactly when {@code x = byte ^ 0x30} is at most 9, i.e. neither {@code x} nor
     * {@code x + 6} has a bit in its high nibble; a carry out of a non-digit byte can only disturb later bytes.
     */
    static int digitCount(long w) {
        long x = w ^ 0x3030303030303030L;
        long notDigit = (x | (x + 0x0606060606060606L)) & 0xF0F0F0F0F0F0F0F0L;
        return Long.numberOfTrailingZeros(notDigit) >>> 3;
    }

    /**
     * The value of the first {@code k} (1..8) bytes of {@code w}, all digits, first byte most significant: the
     * digits are moved to the top of the word (zeros, i.e. leading zero digits, below them) and combined pairwise
     * by three multiplications (Lemire, "Fast parsing of 8-digit integers").
     */
    static long leadingDigits(long w, int k) {
        long x = (w & 0x0F0F0F0F0F0F0F0FL) << (64 - 8 * k);
        x = x * 10 + (x >>> 8);
        return ((x & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
                + ((x >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
    }

    private long numUnscaled;
    private int numScale;
    /** Field {@code c} read by the fast path as digits; {@link #finish} makes it a BigDecimal for a bar. */
    private boolean cPending;
    private long cUnscaled;
    private int cScale;

    /** Skips any valid JSON value at {@code pos}; false when it is not one (or nests too deep). */
    private boolean skipValue(int depth) {
        if (pos >= limit || depth > 32) {
            return false;
        }
        byte ch = bytes[pos];
        switch (ch) {
            case '"' -> {
                return string();
            }
            case '[', '{' -> {
                boolean obj = ch == '{';
                byte close = obj ? (byte) '}' : (byte) ']';
                pos++;
                skipWs();
                if (pos < limit && bytes[pos] == close) {
                    pos++;
                    return true;
                }
                while (true) {
                    skipWs();
                    if (obj) {
                        if (!string()) {
                            return false;
                        }
                        skipWs();
                        if (pos >= limit || bytes[pos++] != ':') {
                            return false;
                        }
                        skipWs();
                    }
                    if (!skipValue(depth + 1)) {
                        return false;
                    }
                    skipWs();
                    if (pos >= limit) {
                        return false;
                    }
                    byte next = bytes[pos++];
                    if (next == close) {
                        return true;
                    }
                    if (next != ',') {
                        return false;
                    }
                }
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                return literal("null");
            }
            default -> {
                return skipNumber(); // exponents and long numbers: Jackson's path
            }
        }
    }

    private boolean literal(String word) {
        if (limit - pos < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (bytes[pos + k] != word.charAt(k)) {
                return false;
            }
        }
        pos += word.length();
        return pos >= limit || !Character.isLetterOrDigit((char) (bytes[pos] & 0xFF));
    }

    private String missing(int required) {
        int absent = required & ~seen;
        if (absent == 0) {
            return null;
        }
        int bit = Integer.lowestOneBit(absent);
        return switch (bit) {
            case F_SYM -> "sym";
            case F_BP -> "bp";
            case F_BS -> "bs";
            case F_AP -> "ap";
            case F_AS -> "as";
            case F_T -> "t";
            case F_P -> "p";
            case F_S -> "s";
            case F_O -> "o";
            case F_H -> "h";
            case F_L -> "l";
            case F_C -> "c";
            default -> "v";
        };
    }

    private BigDecimal shares(long lots) {
        if (lotWhole > 0) {
            if (lots >= 0 && lots < SMALL) {
                // Most quotes are a few lots: one shared instance per count (BigDecimals are immutable).
                BigDecimal cached = sharesOfLots[(int) lots];
                if (cached == null) {
                    cached = BigDecimal.valueOf(lots * lotWhole);
                    sharesOfLots[(int) lots] = cached;
                }
                return cached;
            }
            // A whole lot (100 by default): one BigDecimal from the product, same value and scale 0 as multiply.
            long shares = lots * lotWhole;
            if (lots == 0 || shares / lots == lotWhole && lots != Long.MIN_VALUE) {
                return BigDecimal.valueOf(shares);
            }
        }
        return lotIsOne ? whole(lots) : BigDecimal.valueOf(lots).multiply(lot);
    }

    /** {@code BigDecimal.valueOf(n)}, small counts (trade sizes, lots) from a per-parser table. */
    private BigDecimal whole(long n) {
        if (n >= 0 && n < SMALL) {
            BigDecimal cached = smallWholes[(int) n];
            if (cached == null) {
                cached = BigDecimal.valueOf(n);
                smallWholes[(int) n] = cached;
            }
            return cached;
        }
        return BigDecimal.valueOf(n);
    }

    /** Sizes below this come from {@link #sharesOfLots} / {@link #smallWholes} (made on first use). */
    private static final int SMALL = 4096;
    private final BigDecimal[] sharesOfLots = new BigDecimal[SMALL];
    private final BigDecimal[] smallWholes = new BigDecimal[SMALL];

    private static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        BadField(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    private static BadField bad(JsonParser jp, JsonToken tok, String field, String expected) throws IOException {
        String got = tok == JsonToken.VALUE_STRING ? "\"" + jp.getText() + "\""
                : tok == null ? "nothing" : tok.isScalarValue() ? jp.getText() : tok.asString() == null
                ? tok.name() : tok.asString();
        if (got.length() > 40) {
            got = got.substring(0, 40) + "...";
        }
        return new BadField(field, "field " + field + ": expected " + expected + ", got " + got);
    }

    private static BigDecimal decimal(JsonParser jp, JsonToken tok, String field) throws IOException {
        if (tok != JsonToken.VALUE_NUMBER_FLOAT && tok != JsonToken.VALUE_NUMBER_INT) {
            throw bad(jp, tok, field, "a number");
        }
        return number(jp);
    }

    /**
     * The current number token as an exact BigDecimal, read from Jackson's character buffer into an unscaled long
     * and a scale: no String, no double, no BigDecimal(char[]) parse. Exponents and more than 18 digits (never
     * seen in stocks prices) take Jackson's own exact path. Same value and scale as {@link
     * JsonParser#getDecimalValue()}.
     */
    static BigDecimal number(JsonParser jp) throws IOException {
        char[] buf = jp.getTextCharacters();
        int off = jp.getTextOffset();
        int end = off + jp.getTextLength();
        int i = off;
        boolean negative = i < end && buf[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            char ch = buf[i];
            if (ch >= '0' && ch <= '9') {
                if (++digits > 18) {
                    return jp.getDecimalValue();
                }
                unscaled = unscaled * 10 + (ch - '0');
                if (fraction) {
                    scale++;
                }
            } else if (ch == '.' && !fraction) {
                fraction = true;
            } else {
                return jp.getDecimalValue(); // exponent
            }
        }
        if (digits == 0) {
            return jp.getDecimalValue();
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** {@code ev}: the known types as constants (no String per event), anything else as its text. */
    private static String eventType(JsonParser jp, JsonToken tok, String field) throws IOException {
        if (tok != JsonToken.VALUE_STRING) {
            throw bad(jp, tok, field, "a string");
        }
        return jp.getText(); // Jackson's path is rare: no shared constants needed (finish reads the characters)
    }

    private static String eventType(byte[] buf, int off, int len) {
        if (len == 1) {
            switch (buf[off]) {
                case 'Q' -> {
                    return "Q";
                }
                case 'T' -> {
                    return "T";
                }
                case 'A' -> {
                    return "A";
                }
                default -> {
                    return new String(buf, off, len, StandardCharsets.ISO_8859_1);
                }
            }
        }
        if (len == 2 && buf[off] == 'A' && buf[off + 1] == 'M') {
            return "AM";
        }
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }


    /**
     * {@code sym}, already mapped to our symbol: one String per distinct symbol, found by its bytes in a small
     * open-addressing table, so an event costs no String, no mapping lookup, and the String's hash code (used by
     * every per-symbol map downstream) is computed once. Bounded; past {@link #SYMBOLS_MAX} symbols the rest are
     * mapped per event.
     */
    private String symbol(JsonParser jp, JsonToken tok, String field) throws IOException {
        if (tok != JsonToken.VALUE_STRING) {
            throw bad(jp, tok, field, "a string");
        }
        return symbol(jp.getTextCharacters(), jp.getTextOffset(), jp.getTextLength());
    }

    /** Jackson's path: an ASCII ticker through the same table as the fast path's; any other mapped directly. */
    private String symbol(char[] buf, int off, int len) {
        byte[] ascii = new byte[len];
        for (int k = 0; k < len; k++) {
            char ch = buf[off + k];
            if (ch >= 0x80) {
                return symbols.fromVenue(new String(buf, off, len));
            }
            ascii[k] = (byte) ch;
        }
        return symbol(ascii, 0, len, len);
    }

    /** The ticker in {@code buf[off, off + len)}; {@code end}: how far {@code buf} may be read. */
    private String symbol(byte[] buf, int off, int len, int end) {
        long pk = len >= 1 && len <= PACKED_MAX ? packed(buf, off, len, end) : -1;
        int mask = symbolKeys.length - 1;
        int slot = (pk >= 0 ? spread(Long.hashCode(pk)) : spread(hash(buf, off, len))) & mask;
        long p;
        // A slot is taken when its packed long is not 0 (-1 for a ticker that does not pack). Tickers of 1 to 7
        // bytes compare as that one long, so a hit reads the packed and value arrays only; others by their bytes.
        while ((p = symbolPacked[slot]) != 0) {
            if (pk >= 0 ? p == pk : p < 0 && symbolKeys[slot].length == len && same(symbolKeys[slot], buf, off)) {
                return symbolValues[slot];
            }
            slot = (slot + 1) & mask;
        }
        String venue = new String(buf, off, len, StandardCharsets.ISO_8859_1);
        String ours = symbols.fromVenue(venue);
        if (symbolCount >= SYMBOLS_MAX) {
            return ours;
        }
        symbolKeys[slot] = java.util.Arrays.copyOfRange(buf, off, off + len);
        symbolPacked[slot] = pk;
        symbolValues[slot] = ours;
        if (++symbolCount * 4 > symbolKeys.length) {
            growSymbols(); // at most a quarter full: short probe runs
        }
        return ours;
    }

    /** The longest key {@link #packed} takes. */
    static final int PACKED_MAX = 7;

    /**
     * Up to {@link #PACKED_MAX} bytes and their count as one non-negative long (count in bits 56-58, the bytes
     * below it, first byte lowest): two such keys are equal exactly when their longs are. One eight-byte read when
     * {@code buf} has eight bytes from {@code off} before {@code end}.
     */
    static long packed(byte[] buf, int off, int len, int end) {
        if (off + 8 <= end) {
            return ((long) LONG_LE.get(buf, off) & ((1L << (8 * len)) - 1)) | (long) len << 56;
        }
        long x = (long) len << 56;
        for (int k = 0; k < len; k++) {
            x |= (long) (buf[off + k] & 0xFF) << (8 * k);
        }
        return x;
    }

    private static int hash(byte[] buf, int off, int len) {
        int h = 0;
        for (int k = 0; k < len; k++) {
            h = 31 * h + buf[off + k];
        }
        return h;
    }

    /** Tickers like S1, S2, ... hash to neighbours: scatter them, or linear probing walks long runs. */
    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 15);
    }

    /** Tickers are a few bytes: a plain loop beats the vectorized mismatch's set-up. */
    private static boolean same(byte[] key, byte[] buf, int off) {
        for (int k = 0; k < key.length; k++) {
            if (key[k] != buf[off + k]) {
                return false;
            }
        }
        return true;
    }

    private void growSymbols() {
        byte[][] oldKeys = symbolKeys;
        String[] oldValues = symbolValues;
        long[] oldPacked = symbolPacked;
        symbolKeys = new byte[oldKeys.length * 2][];
        symbolValues = new String[oldKeys.length * 2];
        symbolPacked = new long[oldKeys.length * 2];
        int mask = symbolKeys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long pk = oldPacked[i];
            if (pk != 0) {
                byte[] key = oldKeys[i];
                int slot = (pk >= 0 ? spread(Long.hashCode(pk)) : spread(hash(key, 0, key.length))) & mask;
                while (symbolPacked[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                symbolKeys[slot] = key;
                symbolValues[slot] = oldValues[i];
                symbolPacked[slot] = pk;
            }
        }
    }

    private static long integer(JsonParser jp, JsonToken tok, String field) throws IOException {
        if (tok != JsonToken.VALUE_NUMBER_INT) {
            throw bad(jp, tok, field, "a whole number");
        }
        try {
            return jp.getLongValue();
        } catch (InputCoercionException e) {
            throw bad(jp, tok, field, "a whole number that fits 64 bits");
        }
    }
}
