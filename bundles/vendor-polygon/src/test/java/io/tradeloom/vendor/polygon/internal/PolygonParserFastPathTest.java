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
        for (String frame : List.of(small.get(0), huge, small.get(1), small.get(2))) {
            Recorder fast = new Recorder();
            Recorder jackson = new Recorder();
            int n = p.parse(frame, RECEIVED, fast);
            parser().parseWithJackson(frame, RECEIVED, jackson);
            assertEquals(jackson.seen, fast.seen);
            assertTrue(n > 0);
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
     * The per-connection symbol table (packed keys of up to 4 characters, character keys otherwise, growing past
     * its first size): one parser sees many tickers twice, look-alikes included, and every event carries the
     * symbol a fresh parser maps it to.
     */
    @Test
    public void symbolTableMapsEveryTickerAsAFreshParser() {
        List<String> tickers = new ArrayList<>();
        Random r = new Random(5);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ.0123456789\u4e00\u3fff\u4000";
        while (tickers.size() < 3000) {
            int len = 1 + r.nextInt(6);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < len; k++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            tickers.add(b.toString());
        }
        tickers.addAll(List.of("MSFT.O", "MSFT", "MSF", "MSFT.", "A", "AB", "ABC", "ABCD", "ABCDE"));
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
        String[] keys = {"", "A", "AA", "AAA", "AAAA", "B", "BA", "AB", "\u3fff", "\u3fff\u3fff\u3fff\u3fff", "\u0000",
                "\u0000\u0000"};
        for (String k : keys) {
            long packed = PolygonParser.packed(k.toCharArray(), 0, k.length());
            assertTrue(k, packed >= 0);
            assertTrue("two keys pack alike: " + k, seen.add(packed));
        }
        assertEquals(-1, PolygonParser.packed("AAAAA".toCharArray(), 0, 5));
        assertEquals(-1, PolygonParser.packed("\u4000".toCharArray(), 0, 1));
    }
}
