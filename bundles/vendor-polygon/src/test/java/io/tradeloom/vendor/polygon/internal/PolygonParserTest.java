package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.domain.instrument.SymbolMapping;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The spec's own examples (websocket.json) through the parser, field by field. */
public class PolygonParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T17:00:00.123456789Z");

    private final List<MarketDataEvent> events = new ArrayList<>();
    private final List<String[]> statuses = new ArrayList<>();
    private final List<Object[]> rejected = new ArrayList<>();
    private final PolygonParser.Handler handler = new PolygonParser.Handler() {
        @Override
        public void onEvent(MarketDataEvent event) {
            events.add(event);
        }

        @Override
        public void onStatus(String status, String message) {
            statuses.add(new String[]{status, message});
        }

        @Override
        public void onRejected(PolygonParser.Problem problem, String field, String reason, String raw) {
            rejected.add(new Object[]{problem, field, reason, raw});
        }
    };
    private final PolygonParser parser = new PolygonParser("poly", SymbolMapping.parse("MSFT.O=MSFT"),
            new BigDecimal("100"));

    @Test
    public void quoteExampleOfTheSpec() {
        int n = parser.parse("[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bx\":4,\"bp\":114.125,\"bs\":100,\"ax\":7,"
                + "\"ap\":114.128,\"as\":160,\"c\":0,\"i\":[604],\"t\":1536036818784,\"q\":50385480,\"z\":3}]",
                RECEIVED, handler);
        assertEquals(1, n);
        Quote q = (Quote) events.get(0);
        assertEquals("MSFT.O", q.symbol());
        assertEquals("poly", q.source());
        assertEquals(new BigDecimal("114.125"), q.bid());
        assertEquals(new BigDecimal("114.128"), q.ask());
        // Sizes are round lots on the wire: 100 lots = 10,000 shares.
        assertEquals(0, new BigDecimal("10000").compareTo(q.bidSize()));
        assertEquals(0, new BigDecimal("16000").compareTo(q.askSize()));
        // t is Unix milliseconds per the spec.
        assertEquals(Instant.ofEpochMilli(1536036818784L), q.timestamp());
        assertEquals(RECEIVED, q.receivedAt());
        assertTrue(rejected.isEmpty());
    }

    @Test
    public void tradeExampleOfTheSpec() {
        parser.parse("[{\"ev\":\"T\",\"sym\":\"MSFT\",\"x\":4,\"i\":\"12345\",\"z\":3,\"p\":114.125,\"s\":100,"
                + "\"c\":[0,12],\"t\":1536036818784,\"q\":3681328}]", RECEIVED, handler);
        Trade t = (Trade) events.get(0);
        assertEquals("MSFT.O", t.symbol());
        assertEquals(new BigDecimal("114.125"), t.price());
        assertEquals(new BigDecimal("100"), t.size());
        assertEquals("12345", t.tradeId());
        assertEquals(Instant.ofEpochMilli(1536036818784L), t.timestamp());
        assertEquals(RECEIVED, t.receivedAt());
    }

    @Test
    public void secondAndMinuteAggregateExamplesOfTheSpec() {
        parser.parse("[{\"ev\":\"A\",\"sym\":\"SPCE\",\"v\":200,\"av\":8642007,\"op\":25.66,\"vw\":25.3981,"
                + "\"o\":25.39,\"c\":25.39,\"h\":25.39,\"l\":25.39,\"a\":25.3714,\"z\":50,\"s\":1610144868000,"
                + "\"e\":1610144869000},{\"ev\":\"AM\",\"sym\":\"GTE\",\"v\":4110,\"av\":9470157,\"op\":0.4372,"
                + "\"vw\":0.4488,\"o\":0.4488,\"c\":0.4486,\"h\":0.4489,\"l\":0.4486,\"a\":0.4352,\"z\":685,"
                + "\"s\":1610144640000,\"e\":1610144700000}]", RECEIVED, handler);
        assertEquals(2, events.size());
        Bar a = (Bar) events.get(0);
        assertEquals("SPCE", a.symbol());
        assertEquals(Duration.ofSeconds(1), a.interval());
        assertEquals(new BigDecimal("25.39"), a.open());
        assertEquals(new BigDecimal("25.39"), a.close());
        assertEquals(new BigDecimal("200"), a.volume());
        assertEquals(Instant.ofEpochMilli(1610144868000L), a.timestamp());
        Bar am = (Bar) events.get(1);
        assertEquals(Duration.ofMinutes(1), am.interval());
        assertEquals(new BigDecimal("0.4488"), am.open());
        assertEquals(new BigDecimal("0.4489"), am.high());
        assertEquals(new BigDecimal("0.4486"), am.low());
        assertEquals(new BigDecimal("0.4486"), am.close());
        assertEquals(new BigDecimal("4110"), am.volume());
        assertEquals(Instant.ofEpochMilli(1610144640000L), am.timestamp());
    }

    @Test
    public void statusEvents() {
        parser.parse("[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"authenticated\"}]", RECEIVED,
                handler);
        assertEquals("auth_success", statuses.get(0)[0]);
        assertEquals("authenticated", statuses.get(0)[1]);
        assertTrue(events.isEmpty());
    }

    @Test
    public void aBadEventIsRejectedWithItsFieldAndRawTextAndTheOthersPass() {
        String bad = "{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":\"abc\",\"bs\":1,\"ap\":1.5,\"as\":1,\"t\":5}";
        String missing = "{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"t\":5}";
        String unknown = "{\"ev\":\"ZZ\",\"sym\":\"MSFT\"}";
        String good = "{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5}";
        int n = parser.parse("[" + bad + "," + missing + "," + unknown + "," + good + "]", RECEIVED, handler);
        assertEquals(1, n);
        assertEquals(1, events.size());
        assertEquals(3, rejected.size());
        assertEquals(PolygonParser.Problem.MALFORMED, rejected.get(0)[0]);
        assertEquals("bp", rejected.get(0)[1]);
        assertEquals("field bp: expected a number, got \"abc\"", rejected.get(0)[2]);
        assertEquals(bad, rejected.get(0)[3]);
        assertEquals("s", rejected.get(1)[1]);
        assertEquals("missing field s in T event", rejected.get(1)[2]);
        assertEquals(missing, rejected.get(1)[3]);
        assertEquals(PolygonParser.Problem.UNKNOWN, rejected.get(2)[0]);
        assertEquals("unknown event type ev=ZZ", rejected.get(2)[2]);
        assertEquals(unknown, rejected.get(2)[3]);
    }

    @Test
    public void brokenAndTruncatedJson() {
        String good = "{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":1.5,\"s\":10,\"t\":5}";
        int n = parser.parse("[" + good + ",{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":12a.5,}]", RECEIVED, handler);
        assertEquals(1, n);
        assertEquals(PolygonParser.Problem.MALFORMED, rejected.get(0)[0]);
        assertEquals("bp", rejected.get(0)[1]);
        assertEquals("{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":12a.5,}]", rejected.get(0)[3]);

        rejected.clear();
        n = parser.parse("[" + good + ",{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":10", RECEIVED, handler);
        assertEquals(1, n);
        assertEquals(PolygonParser.Problem.TRUNCATED, rejected.get(0)[0]);
        assertEquals("{\"ev\":\"T\",\"sym\":\"MSFT\",\"p\":10", rejected.get(0)[3]);

        rejected.clear();
        parser.parse("\"hello\"", RECEIVED, handler);
        assertEquals(PolygonParser.Problem.MALFORMED, rejected.get(0)[0]);
        assertNull(rejected.get(0)[1]);
    }
}
