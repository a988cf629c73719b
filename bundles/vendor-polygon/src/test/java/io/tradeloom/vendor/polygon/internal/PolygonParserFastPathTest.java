package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.domain.instrument.SymbolMapping;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.WireEvent;
import io.tradeloom.simulators.polygon.internal.MarketGenerator;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The hand-written fast path of {@link PolygonParser} against Jackson's path: for every frame, valid or broken,
 * both must report exactly the same events (equal records: same BigDecimal scales, same instants), statuses and
 * rejections (problem, field, reason, raw text), in the same order.
 */
public class PolygonParserFastPathTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T17:00:00.123456789Z");

    /** Everything a handler is told, in order, as comparable values. */
    private static final class Recorder implements PolygonParser.Handler {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void onEvent(MarketDataEvent event) {
            seen.add(event);
        }

        @Override
        public void onStatus(String status, String message) {
            seen.add(List.of("status", status, message));
        }

        @Override
        public void onRejected(PolygonParser.Problem problem, String field, String reason, String raw) {
            seen.add(java.util.Arrays.asList("rejected", problem, field, reason, raw));
        }
    }

    private static PolygonParser parser() {
        return new PolygonParser("poly", SymbolMapping.parse("MSFT.O=MSFT"), new BigDecimal("100"));
    }

    private static void same(String frame) {
        Recorder fast = new Recorder();
        Recorder jackson = new Recorder();
        int n1 = parser().parse(frame, RECEIVED, fast);
        int n2 = parser().parseWithJackson(frame, RECEIVED, jackson);
        assertEquals(frame, jackson.seen, fast.seen);
        assertEquals(frame, n2, n1);
        // As the WebSocket hands it over: a character buffer, here inside a larger array (position 2) and as a
        // slice (an array offset); read in place and left where it was.
        char[] around = ("[{" + frame + "}]").toCharArray();
        java.nio.CharBuffer at = java.nio.CharBuffer.wrap(around, 2, frame.length());
        java.nio.CharBuffer slice = at.slice();
        for (java.nio.CharBuffer chars : List.of(at, slice)) {
            Recorder fromChars = new Recorder();
            int position = chars.position();
            assertEquals(frame, n2, parser().parse(chars, RECEIVED, fromChars));
            assertEquals(frame, jackson.seen, fromChars.seen);
            assertEquals(position, chars.position());
            assertEquals(frame, chars.toString());
        }
    }

    private static List<String> simulatorFrames(int frames, int batch) {
        List<String> syms = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            syms.add("S" + s);
        }
        syms.add("MSFT");
        PolygonSimulatorConfig cfg = PolygonSimulatorConfig.defaults().withSymbols(syms).withTradeRatio(0.3)
                .withStartMillis(1_700_000_000_000L);
        MarketGenerator g = new MarketGenerator(cfg, cfg.startMillis());
        List<String> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            StringBuilder b = new StringBuilder("[");
            List<WireEvent> events = g.next(batch, 1_000_000L);
            for (int k = 0; k < events.size(); k++) {
                b.append(k == 0 ? "" : ",").append(events.get(k).json());
            }
            out.add(b.append(']').toString());
        }
        return out;
    }

    @Test
    public void simulatorFramesTakeTheFastPathWhole() {
        PolygonParser p = parser();
        for (String frame : simulatorFrames(50, 20)) {
            Recorder r = new Recorder();
            assertEquals(frame, -1, p.scan(frame, RECEIVED, r));
            same(frame);
        }
    }

    /** A frame larger than the buffer the parser keeps, then ordinary ones, on one parser. */
    @Test
    public void hugeFrameThenSmallOnes() {
        PolygonParser p = parser();
        List<String> small = simulatorFrames(3, 10);
        String huge = String.join(",", simulatorFrames(1, 4000)).replace("][", ",");
        assertTrue(huge.length() > 300_000);
        for (String frame : List.of(small.get(0), huge, small.get(1), small.get(2), huge, small.get(0))) {
            Recorder jackson = new Recorder();
            parser().parseWithJackson(frame, RECEIVED, jackson);
            // Both hand-overs, on one parser: its kept byte buffer grows for the huge frame and shrinks after it.
            for (CharSequence text : List.of(frame, java.nio.CharBuffer.wrap(frame.toCharArray()))) {
                Recorder fast = new Recorder();
                int n = p.parse(text, RECEIVED, fast);
                assertEquals(jackson.seen, fast.seen);
                assertTrue(n > 0);
            }
        }
    }

    @Test
    public void handPickedFramesGiveWhatJacksonGives() {
        String q = "{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bx\":4,\"bp\":114.125,\"bs\":100,\"ax\":7,\"ap\":114.128,"
                + "\"as\":160,\"c\":0,\"i\":[604],\"t\":1536036818784,\"q\":50385480,\"z\":3}";
        String t = "{\"ev\":\"T\",\"sym\":\"MSFT\",\"x\":4,\"i\":\"12345\",\"z\":3,\"p\":114.125,\"s\":100,"
                + "\"c\":[0,12],\"t\":1536036818784,\"q\":3681328}";
        String a = "{\"ev\":\"AM\",\"sym\":\"GTE\",\"v\":4110,\"av\":9470157,\"op\":0.4372,\"vw\":0.4488,"
                + "\"o\":0.4488,\"c\":0.4486,\"h\":0.4489,\"l\":0.4486,\"a\":0.4352,\"z\":685,\"s\":1610144640000,"
                + "\"e\":1610144700000}";
        String[] frames = {
            "[" + q + "," + t + "," + a + "]",
            " [ " + q + " ,\n" + t + "\t] ",
            "[]", "[ ]", "", " ", "{}", "[{}]", "[1]", "[[]]", "[" + q + "]x", "[" + q + "],",
            q, "[" + q,  "[" + q + ",", "[" + q + "," + t.substring(0, 30),
            "[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"authenticated\"}]",
            "[{\"ev\":\"Q\",\"sym\":\"MS\\u0046T\",\"bp\":1.5,\"bs\":1,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1.5e2,\"bs\":1,\"ap\":160,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":01.5,\"bs\":1,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1.,\"bs\":1,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":-0.0,\"bs\":1,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1.5,\"bs\":1.5,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":\"1.5\",\"bs\":1,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1234567890123456789.5,\"bs\":1,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1.5,\"bs\":99999999999999999999,\"ap\":1.6,\"as\":1,\"t\":5}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"x\":{\"a\":[1,{\"b\":null}],\"c\":true}}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"x\":[1,,2]}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"x\":tru}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"p\":2.5}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"t\":5}]",
            "[{\"ev\":\"ZZ\",\"sym\":\"MSFT\"}]",
            "[{\"sym\":\"MSFT\"}]",
            "[{\"ev\":7}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"i\":null}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"c\":-}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"q\":7}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"q\":7.5}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"q\":\"7\"}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,\"q\":99999999999999999999}]",
            "[{\"ev\":\"T\",\"sym\":\"\",\"p\":1.5,\"s\":10,\"t\":5}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5}" + "{\"ev\":\"T\"}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5},]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5,}]",
            "[{\"ev\":\"T\" \"sym\":\"MSFT\"}]",
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5}," + q + ",\"x\"," + t + "]",
        };
        for (String f : frames) {
            same(f);
        }
    }

    /** A trade's q is its sequence number on every path (the record comparison would not notice if none read it). */
    @Test
    public void tradeSequenceIsReadOnEveryPath() {
        String typed = "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"x\":4,\"i\":\"12345\",\"z\":3,\"p\":114.125,\"s\":100,"
                + "\"c\":[0,12],\"t\":1536036818784,\"q\":3681328}]";
        String generic = "[{\"ev\":\"T\",\"q\":3681328,\"sym\":\"MSFT\",\"p\":114.125,\"s\":100,\"t\":1536036818784}]";
        String none = "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":114.125,\"s\":100,\"t\":1536036818784}]";
        for (String frame : List.of(typed, generic, none)) {
            long want = frame == none ? io.tradeloom.domain.marketdata.Trade.NO_SEQUENCE : 3681328L;
            Recorder fast = new Recorder();
            Recorder jackson = new Recorder();
            parser().parse(frame, RECEIVED, fast);
            parser().parseWithJackson(frame, RECEIVED, jackson);
            assertEquals(frame, want, ((io.tradeloom.domain.marketdata.Trade) fast.seen.get(0)).sequence());
            assertEquals(frame, want, ((io.tradeloom.domain.marketdata.Trade) jackson.seen.get(0)).sequence());
        }
        // The simulator's trades carry consecutive sequence numbers per symbol, on the fast path.
        java.util.Map<String, Long> last = new java.util.HashMap<>();
        int checked = 0;
        for (String frame : simulatorFrames(20, 20)) {
            Recorder r = new Recorder();
            parser().parse(frame, RECEIVED, r);
            for (Object o : r.seen) {
                if (o instanceof io.tradeloom.domain.marketdata.Trade t) {
                    Long prev = last.put(t.symbol(), t.sequence());
                    if (prev != null) {
                        assertEquals(prev + 1, t.sequence());
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 10);
    }

    /**
     * Random damage to real frames (a character dropped, doubled or replaced by a JSON-significant one) must
     * never make the two paths disagree: whatever the fast path accepts, Jackson accepts the same way.
     */
    @Test
    public void damagedFramesGiveWhatJacksonGives() {
        Random r = new Random(7);
        String specials = "{}[],:\"\\-.0159eE tfn";
        int checked = 0;
        for (String frame : simulatorFrames(60, 4)) {
            for (int k = 0; k < 40; k++) {
                int at = r.nextInt(frame.length());
                String damaged = switch (r.nextInt(3)) {
                    case 0 -> frame.substring(0, at) + frame.substring(at + 1);
                    case 1 -> frame.substring(0, at) + frame.charAt(at) + frame.substring(at);
                    default -> frame.substring(0, at) + specials.charAt(r.nextInt(specials.length()))
                            + frame.substring(at + 1);
                };
                same(damaged);
                checked++;
            }
        }
        assertTrue(checked > 2000);
    }

    /**
     * The per-connection symbol table (packed keys of 1 to 7 bytes, byte keys otherwise, growing past
     * its first size): one parser sees many tickers twice, look-alikes included, and every event carries the
     * symbol a fresh parser maps it to.
     */
    @Test
    public void symbolTableMapsEveryTickerAsAFreshParser() {
        List<String> tickers = new ArrayList<>();
        Random r = new Random(5);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ.0123456789\u4e00\u3fff\u4000";
        while (tickers.size() < 3000) {
            // Mostly tickers that pack into one long (1 to 7 bytes), some longer ones compared by their bytes.
            int len = 1 + (r.nextInt(4) == 0 ? r.nextInt(14) : r.nextInt(7));
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < len; k++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            tickers.add(b.toString());
        }
        tickers.addAll(List.of("MSFT.O", "MSFT", "MSF", "MSFT.", "A", "AB", "ABC", "ABCD", "ABCDE", "ABCDEFG",
                "ABCDEFGH", "ABCDEFGHI", "BRK.A.LONGER", ""));
        PolygonParser shared = parser();
        for (int round = 0; round < 2; round++) {
            for (String ticker : tickers) {
                String frame = "[{\"ev\":\"T\",\"sym\":\"" + ticker + "\",\"i\":\"1\",\"p\":1.5,\"s\":100,\"t\":1}]";
                Recorder once = new Recorder();
                Recorder fresh = new Recorder();
                assertEquals(frame, 1, shared.parse(frame, RECEIVED, once));
                parser().parse(frame, RECEIVED, fresh);
                assertEquals(frame, fresh.seen, once.seen);
            }
        }
        // symbol.map MSFT.O=MSFT: the venue's MSFT is our MSFT.O, through the table as without it.
        assertEquals("MSFT.O", ((MarketDataEvent) parseOne(shared, "MSFT")).symbol());
    }

    private static Object parseOne(PolygonParser p, String ticker) {
        Recorder rec = new Recorder();
        p.parse("[{\"ev\":\"T\",\"sym\":\"" + ticker + "\",\"p\":1.5,\"s\":100,\"t\":1}]", RECEIVED, rec);
        return rec.seen.get(0);
    }

    @Test
    public void packedKeysAreDistinct() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        String[] keys = {"", "A", "AA", "AAA", "AAAA", "AAAAAAA", "B", "BA", "AB", "\u00ff", "\u00ff\u00ff\u00ff",
                "\u0000", "\u0000\u0000", "ABCDEFG", "ABCDEFH", "BBCDEFG"};
        for (String k : keys) {
            byte[] b = k.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            long packed = PolygonParser.packed(b, 0, b.length, b.length);
            assertTrue(k, packed >= 0);
            assertTrue("two keys pack alike: " + k, seen.add(packed));
            // The eight-byte read (the key inside a longer frame, whatever follows it) packs the same.
            byte[] padded = java.util.Arrays.copyOf(b, b.length + 8);
            java.util.Arrays.fill(padded, b.length, padded.length, (byte) 'Z');
            assertEquals(k, packed, PolygonParser.packed(padded, 0, b.length, padded.length));
        }
    }

    /** The eight-byte digit helpers against a plain loop: every run length, every digit, any following byte. */
    @Test
    public void eightByteDigitsMatchAPlainLoop() {
        Random r = new Random(11);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[8];
            int run = r.nextInt(9);
            for (int k = 0; k < 8; k++) {
                b[k] = k < run ? (byte) ('0' + r.nextInt(10)) : (byte) r.nextInt(256);
            }
            long w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            int expected = 0;
            long value = 0;
            while (expected < 8 && b[expected] >= '0' && b[expected] <= '9') {
                value = value * 10 + (b[expected] - '0');
                expected++;
            }
            assertEquals(java.util.Arrays.toString(b), expected, PolygonParser.digitCount(w));
            if (expected > 0) {
                assertEquals(java.util.Arrays.toString(b), value, PolygonParser.leadingDigits(w, expected));
            }
        }
    }

    /**
     * Numbers of every length up to Java's long, at every offset against the frame's end (the eight-byte reads and
     * the byte-by-byte tail), give what Jackson gives.
     */
    @Test
    public void numbersOfEveryLengthGiveWhatJacksonGives() {
        Random r = new Random(3);
        for (int digits = 1; digits <= 20; digits++) {
            for (int frac = 0; frac <= 20 - digits; frac += 3) {
                StringBuilder num = new StringBuilder();
                num.append((char) ('1' + r.nextInt(9)));
                for (int k = 1; k < digits; k++) {
                    num.append((char) ('0' + r.nextInt(10)));
                }
                if (frac > 0) {
                    num.append('.');
                    for (int k = 0; k < frac; k++) {
                        num.append((char) ('0' + r.nextInt(10)));
                    }
                }
                for (String pad : new String[] {"", " ", "          "}) {
                    String whole = "[{\"ev\":\"T\",\"sym\":\"A\",\"s\":100,\"p\":1,\"t\":" + num + pad + "}]";
                    same(whole);
                    // Up to 18 digits the fast path reads the number itself (a fraction in t is Jackson's to report).
                    assertEquals(whole, digits + frac <= 18 && frac == 0 ? -1 : 0,
                            parser().scan(whole, RECEIVED, new Recorder()));
                    same("[{\"ev\":\"T\",\"sym\":\"A\",\"p\":" + num + ",\"s\":100,\"t\":1}" + pad + "]");
                    same("[{\"ev\":\"T\",\"sym\":\"A\",\"s\":100,\"t\":1,\"p\":" + num + pad + "}]");
                    same("[{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":100,\"t\":" + num + pad + "}]");
                    same("[{\"ev\":\"T\",\"sym\":\"A\",\"p\":1,\"s\":100,\"t\":1,\"q\":-" + num + pad + "}]");
                }
            }
        }
    }

    /**
     * Characters the ISO-8859-1 bytes cannot hold (they become '?'), Latin-1 ones, escapes and control characters
     * in every string position: Jackson's path reads those, with the same result as Jackson alone.
     */
    @Test
    public void charactersOutsideAsciiGiveWhatJacksonGives() {
        String[] odd = {"\u0122", "\u00e9", "?", "\\u0041", "\u4e00BC", "AB\u0122CDEFGHIJ", "ABCDEFGHI\u00ff", "A\\\"B",
                "\u007f", "\ud83d\ude00"};
        for (String x : odd) {
            same("[{\"ev\":\"T\",\"sym\":\"" + x + "\",\"i\":\"7\",\"p\":1.5,\"s\":100,\"t\":1}]");
            same("[{\"ev\":\"T\",\"sym\":\"MSFT\",\"i\":\"" + x + "\",\"p\":1.5,\"s\":100,\"t\":1}]");
            same("[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1,\"bs\":1,\"ap\":2,\"as\":1,\"t\":1,\"" + x
                    + "\":3}]");
            same("[{\"ev\":\"status\",\"status\":\"auth_failed\",\"message\":\"" + x + "\"}]");
        }
    }

    /**
     * Polygon's own field order is read as a run of expected keys; any other order, a field left out, extra
     * whitespace, an extra field or a repeated one must read the same (through the member loop from that point), and stay on
     * the fast path.
     */
    @Test
    public void anyFieldOrderGivesWhatJacksonGives() {
        Random r = new Random(13);
        String[] quote = {"\"sym\":\"MSFT\"", "\"bx\":4", "\"bp\":114.125", "\"bs\":100", "\"ax\":7",
                "\"ap\":114.128", "\"as\":160", "\"c\":0", "\"i\":[604]", "\"t\":1536036818784", "\"q\":50385480",
                "\"z\":3"};
        String[] trade = {"\"sym\":\"MSFT\"", "\"x\":4", "\"i\":\"12345\"", "\"z\":3", "\"p\":114.125",
                "\"s\":100", "\"c\":[0,12]", "\"t\":1536036818784", "\"q\":3616"};
        for (int n = 0; n < 3000; n++) {
            boolean isQuote = r.nextBoolean();
            List<String> fields = new ArrayList<>(List.of(isQuote ? quote : trade));
            int change = r.nextInt(6);
            if (change == 1) {
                java.util.Collections.swap(fields, r.nextInt(fields.size()), r.nextInt(fields.size()));
            } else if (change == 2) {
                fields.remove(1 + r.nextInt(fields.size() - 1)); // sym stays: it is required
            } else if (change == 3) {
                fields.add(r.nextInt(fields.size() + 1), "\"extra\":{\"a\":[1,2]}");
            } else if (change == 5) {
                // A kept field again after the whole run: the later value is the one kept, as Jackson's path does.
                fields.add(isQuote ? "\"bp\":113.5" : "\"p\":113.5");
            }
            String ws = change == 4 ? " " : "";
            StringBuilder b = new StringBuilder("[{\"ev\":\"" + (isQuote ? "Q" : "T") + "\"");
            for (String f : fields) {
                b.append(',').append(ws).append(f);
            }
            String frame = b.append("}]").toString();
            same(frame);
            assertEquals(frame, -1, parser().scan(frame, RECEIVED, new Recorder()));
        }
    }
}
