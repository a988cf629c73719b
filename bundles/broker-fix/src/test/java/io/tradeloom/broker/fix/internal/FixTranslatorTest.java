package io.tradeloom.broker.fix.internal;

import io.tradeloom.domain.instrument.SymbolMapping;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.BeforeClass;
import org.junit.Test;
import quickfix.DataDictionary;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.field.MsgType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class FixTranslatorTest {

    private static final String SOH = "\u0001";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");
    private static final String NOW_FIX = "20260304-05:06:07.123456789";
    private static DataDictionary dd;

    private final FixTranslator translator = new FixTranslator(SymbolMapping.parse("BRK.B=BRK/B,BF.B=BF/B"), null,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeClass
    public static void loadDictionary() throws Exception {
        dd = new DataDictionary("FIX44.xml");
    }

    // ------------------------------------------------------------------------------------------- NewOrderSingle

    @Test
    public void newOrderSingleCarriesEveryTagWithExactValues() throws Exception {
        Order o = Orders.limit("ORD-1", "fix-test", "BRK.B", Side.SELL, "0.001", "101.2500");

        quickfix.fix44.NewOrderSingle m = translator.newOrder(o, "CL-1");

        assertEquals(MsgType.ORDER_SINGLE, m.getHeader().getString(35));
        assertEquals("CL-1", m.getString(11));
        assertEquals("1", m.getString(21));
        assertEquals("ACC-1", m.getString(1));
        assertEquals("BRK/B", m.getString(55));
        assertEquals("2", m.getString(54));
        assertEquals(NOW_FIX, m.getString(60));
        assertEquals("0.001", m.getString(38));
        assertEquals("2", m.getString(40));
        assertEquals("101.2500", m.getString(44));
        assertFalse(m.isSetField(99));
        assertEquals("0", m.getString(59));
        // And the wire text keeps them as they are.
        String wire = m.toString();
        assertTrue(wire, wire.contains(SOH + "44=101.2500" + SOH));
        assertTrue(wire, wire.contains(SOH + "38=0.001" + SOH));
        assertTrue(wire, wire.contains(SOH + "60=" + NOW_FIX + SOH));
        dd.validate(m, true);
    }

    @Test
    public void unmappedSymbolGoesAsItIs() throws Exception {
        Order o = Orders.limit("ORD-1", "fix-test", "AAPL", Side.BUY, "10", "1");
        assertEquals("AAPL", translator.newOrder(o, "CL-1").getString(55));
        assertEquals("1", translator.newOrder(o, "CL-1").getString(54));
    }

    @Test
    public void configuredAccountWinsOverTheOrdersAccount() throws Exception {
        FixTranslator withAccount = new FixTranslator(SymbolMapping.identity(), "BROKER-ACC",
                Clock.fixed(NOW, ZoneOffset.UTC));
        Order o = Orders.limit("ORD-1", "fix-test", "AAPL", Side.BUY, "10", "1");
        assertEquals("BROKER-ACC", withAccount.newOrder(o, "CL-1").getString(1));
        assertEquals("BROKER-ACC", withAccount.cancel(o, "CL-1", "CX-1").getString(1));
    }

    @Test
    public void transactTimeHasNanosecondsEvenWhenTheyAreZero() throws Exception {
        FixTranslator t = new FixTranslator(SymbolMapping.identity(), null,
                Clock.fixed(Instant.parse("2026-12-31T23:59:59Z"), ZoneOffset.UTC));
        Order o = Orders.limit("ORD-1", "fix-test", "AAPL", Side.BUY, "10", "1");
        assertEquals("20261231-23:59:59.000000000", t.newOrder(o, "CL-1").getString(60));
    }

    @Test
    public void everyOrderTypeHasItsOrdTypeAndPrices() throws Exception {
        Map<OrderType, Map<Integer, String>> expected = new LinkedHashMap<>();
        expected.put(OrderType.MARKET, Map.of(40, "1"));
        expected.put(OrderType.LIMIT, Map.of(40, "2", 44, "101.2500"));
        expected.put(OrderType.STOP, Map.of(40, "3", 99, "99.10"));
        expected.put(OrderType.STOP_LIMIT, Map.of(40, "4", 44, "101.2500", 99, "99.10"));
        expected.put(OrderType.TRAILING_STOP, Map.of(40, "P", 18, "a", 211, "0.75"));
        assertEquals("every order type is covered", OrderType.values().length, expected.size());
        int[] priceTags = {44, 99, 18, 211};

        for (Map.Entry<OrderType, Map<Integer, String>> e : expected.entrySet()) {
            OrderType type = e.getKey();
            Order o = Orders.of("ORD-" + type, "fix-test", type, TimeInForce.GTC, "100",
                    type.needsLimitPrice() ? "101.2500" : null, type.needsStopPrice() ? "99.10" : null,
                    type == OrderType.TRAILING_STOP ? "0.75" : null);
            quickfix.fix44.NewOrderSingle m = translator.newOrder(o, "CL-" + type);
            for (Map.Entry<Integer, String> tag : e.getValue().entrySet()) {
                assertEquals(type + " tag " + tag.getKey(), tag.getValue(), m.getString(tag.getKey()));
            }
            for (int tag : priceTags) {
                if (!e.getValue().containsKey(tag)) {
                    assertFalse(type + " must not carry tag " + tag, m.isSetField(tag));
                }
            }
            assertEquals(type + " qty", "100", m.getString(38));
            dd.validate(m, true);
        }
    }

    @Test
    public void everyTimeInForceHasItsCode() throws Exception {
        Map<TimeInForce, String> expected = new LinkedHashMap<>();
        expected.put(TimeInForce.DAY, "0");
        expected.put(TimeInForce.GTC, "1");
        expected.put(TimeInForce.OPG, "2");
        expected.put(TimeInForce.IOC, "3");
        expected.put(TimeInForce.FOK, "4");
        expected.put(TimeInForce.CLS, "7");
        assertEquals("every time in force is covered", TimeInForce.values().length, expected.size());
        for (Map.Entry<TimeInForce, String> e : expected.entrySet()) {
            Order o = Orders.of("ORD-" + e.getKey(), "fix-test", OrderType.LIMIT, e.getKey(), "5", "10.5", null, null);
            quickfix.fix44.NewOrderSingle m = translator.newOrder(o, "CL-1");
            assertEquals(e.getKey().toString(), e.getValue(), m.getString(59));
            dd.validate(m, true);
        }
    }

    @Test
    public void decimalsGoAsTheirPlainText() throws Exception {
        Order o = Orders.of("ORD-1", "fix-test", OrderType.STOP_LIMIT, TimeInForce.DAY, "1E+3", "0.00001000",
                "12345678901234.5", null);
        quickfix.fix44.NewOrderSingle m = translator.newOrder(o, "CL-1");
        assertEquals("1000", m.getString(38));
        assertEquals("0.00001000", m.getString(44));
        assertEquals("12345678901234.5", m.getString(99));
    }

    // --------------------------------------------------------------------------------------- cancel and replace

    @Test
    public void cancelRequestNamesTheOriginalAndTheVenueOrderIdWhenKnown() throws Exception {
        Order o = Orders.withVenueOrderId(Orders.limit("ORD-1", "fix-test", "BRK.B", Side.BUY, "100", "101.2500"),
                "V-77");

        quickfix.fix44.OrderCancelRequest m = translator.cancel(o, "CL-1", "CX-1");

        assertEquals(MsgType.ORDER_CANCEL_REQUEST, m.getHeader().getString(35));
        assertEquals("CL-1", m.getString(41));
        assertEquals("CX-1", m.getString(11));
        assertEquals("V-77", m.getString(37));
        assertEquals("BRK/B", m.getString(55));
        assertEquals("1", m.getString(54));
        assertEquals("100", m.getString(38));
        assertEquals(NOW_FIX, m.getString(60));
        assertEquals("ACC-1", m.getString(1));
        dd.validate(m, true);
    }

    @Test
    public void cancelRequestWithoutVenueOrderIdHasNoOrderId() throws Exception {
        Order o = Orders.limit("ORD-1", "fix-test", "AAPL", Side.BUY, "100", "1");
        quickfix.fix44.OrderCancelRequest m = translator.cancel(o, "CL-1", "CX-1");
        assertFalse(m.isSetField(37));
        assertEquals("CL-1", m.getString(41));
        assertEquals("CX-1", m.getString(11));
        dd.validate(m, true);
    }

    @Test
    public void replaceChangesOnlyWhatIsAskedAndKeepsTheOtherTerms() throws Exception {
        Order o = Orders.withVenueOrderId(Orders.of("ORD-1", "fix-test", OrderType.STOP_LIMIT, TimeInForce.GTC,
                "100", "101.2500", "99.10", null), "V-1");

        quickfix.fix44.OrderCancelReplaceRequest priceOnly = translator.replace(o, "CL-1", "RP-1", null,
                new BigDecimal("100.7500"));
        assertEquals(MsgType.ORDER_CANCEL_REPLACE_REQUEST, priceOnly.getHeader().getString(35));
        assertEquals("CL-1", priceOnly.getString(41));
        assertEquals("RP-1", priceOnly.getString(11));
        assertEquals("V-1", priceOnly.getString(37));
        assertEquals("100", priceOnly.getString(38));
        assertEquals("100.7500", priceOnly.getString(44));
        assertEquals("99.10", priceOnly.getString(99));
        assertEquals("4", priceOnly.getString(40));
        assertEquals("1", priceOnly.getString(59));
        assertEquals("BRK/B", priceOnly.getString(55));
        assertEquals("1", priceOnly.getString(54));
        assertEquals("1", priceOnly.getString(21));
        assertEquals("ACC-1", priceOnly.getString(1));
        assertEquals(NOW_FIX, priceOnly.getString(60));
        dd.validate(priceOnly, true);

        quickfix.fix44.OrderCancelReplaceRequest qtyOnly = translator.replace(o, "RP-1", "RP-2",
                new BigDecimal("250.5"), null);
        assertEquals("RP-1", qtyOnly.getString(41));
        assertEquals("RP-2", qtyOnly.getString(11));
        assertEquals("250.5", qtyOnly.getString(38));
        assertEquals("101.2500", qtyOnly.getString(44));
        assertEquals("99.10", qtyOnly.getString(99));
        dd.validate(qtyOnly, true);
    }

    @Test
    public void replaceOfATrailingStopKeepsThePeg() throws Exception {
        Order o = Orders.of("ORD-1", "fix-test", OrderType.TRAILING_STOP, TimeInForce.DAY, "100", null, null, "0.75");
        quickfix.fix44.OrderCancelReplaceRequest m = translator.replace(o, "ORD-1", "RP-1", new BigDecimal("50"),
                null);
        assertEquals("P", m.getString(40));
        assertEquals("a", m.getString(18));
        assertEquals("0.75", m.getString(211));
        assertEquals("50", m.getString(38));
        assertFalse(m.isSetField(44));
    }

    @Test
    public void orderStatusRequest() throws Exception {
        Order o = Orders.withVenueOrderId(Orders.limit("ORD-1", "fix-test", "BF.B", Side.SELL_SHORT, "3", "1"),
                "V-9");
        quickfix.fix44.OrderStatusRequest m = translator.status("CL-9", o);
        assertEquals(MsgType.ORDER_STATUS_REQUEST, m.getHeader().getString(35));
        assertEquals("CL-9", m.getString(11));
        assertEquals("BF/B", m.getString(55));
        assertEquals("5", m.getString(54));
        assertEquals("V-9", m.getString(37));
        dd.validate(m, true);

        Order unknownAtVenue = Orders.limit("ORD-2", "fix-test", "AAPL", Side.BUY, "3", "1");
        assertFalse(translator.status("ORD-2", unknownAtVenue).isSetField(37));
    }

    // ------------------------------------------------------------------------------------------ ExecutionReport

    private static quickfix.fix44.ExecutionReport er(char execType, char ordStatus) {
        quickfix.fix44.ExecutionReport m = new quickfix.fix44.ExecutionReport();
        m.setString(37, "V-1");
        m.setString(17, "E-" + execType + ordStatus);
        m.setString(11, "CL-1");
        m.setChar(150, execType);
        m.setChar(39, ordStatus);
        m.setString(55, "BRK/B");
        m.setChar(54, '1');
        m.setString(38, "100");
        m.setString(44, "101.2500");
        m.setString(14, "0");
        m.setString(151, "100");
        m.setString(6, "0");
        m.setString(60, NOW_FIX);
        return m;
    }

    @Test
    public void newReport() throws Exception {
        Execution e = translator.execution(er('0', '0'), "ORD-1", "fix-test");
        assertEquals("E-00", e.execId());
        assertEquals("ORD-1", e.orderId());
        assertEquals("CL-1", e.clientOrderId());
        assertEquals("fix-test", e.venue());
        assertEquals("V-1", e.venueOrderId());
        assertEquals(ExecType.NEW, e.execType());
        assertEquals(OrderStatus.NEW, e.ordStatus());
        assertEquals(BigDecimal.ZERO, e.lastQty());
        assertNull(e.lastPrice());
        assertEquals(new BigDecimal("0"), e.cumQty());
        assertEquals(new BigDecimal("100"), e.leavesQty());
        assertEquals(new BigDecimal("0"), e.avgPrice());
        assertEquals(new BigDecimal("100"), e.quantity());
        assertEquals(new BigDecimal("101.2500"), e.limitPrice());
        assertEquals(NOW, e.transactTime());
        assertNull(e.text());
        assertEquals(Liquidity.UNKNOWN, e.liquidity());
        assertFalse(e.isFill());
    }

    @Test
    public void everyExecTypeIsRead() throws Exception {
        Object[][] cases = {
                {'0', '0', ExecType.NEW, OrderStatus.NEW},
                {'4', '4', ExecType.CANCELED, OrderStatus.CANCELED},
                {'5', '0', ExecType.REPLACED, OrderStatus.NEW},
                {'6', '6', ExecType.PENDING_CANCEL, OrderStatus.PENDING_CANCEL},
                {'8', '8', ExecType.REJECTED, OrderStatus.REJECTED},
                {'C', 'C', ExecType.EXPIRED, OrderStatus.EXPIRED},
                {'E', 'E', ExecType.PENDING_REPLACE, OrderStatus.PENDING_REPLACE},
                {'F', '1', ExecType.TRADE, OrderStatus.PARTIALLY_FILLED},
                {'F', '2', ExecType.TRADE, OrderStatus.FILLED},
                {'G', '1', ExecType.TRADE_CORRECT, OrderStatus.PARTIALLY_FILLED},
                {'H', '0', ExecType.TRADE_CANCEL, OrderStatus.NEW},
                {'I', '1', ExecType.ORDER_STATUS, OrderStatus.PARTIALLY_FILLED},
                {'1', '1', ExecType.TRADE, OrderStatus.PARTIALLY_FILLED},
                {'2', '2', ExecType.TRADE, OrderStatus.FILLED},
                {'3', '3', ExecType.DONE_FOR_DAY, OrderStatus.DONE_FOR_DAY},
                {'9', '9', ExecType.SUSPENDED, OrderStatus.SUSPENDED},
                {'A', 'A', ExecType.PENDING_NEW, OrderStatus.PENDING_NEW},
                {'D', '0', ExecType.RESTATED, OrderStatus.NEW},
        };
        for (Object[] c : cases) {
            Execution e = translator.execution(er((Character) c[0], (Character) c[1]), "ORD-1", "fix-test");
            String what = "150=" + c[0] + " 39=" + c[1];
            assertEquals(what, c[2], e.execType());
            assertEquals(what, c[3], e.ordStatus());
        }
    }

    @Test
    public void partialFillKeepsEveryDecimalExactly() throws Exception {
        quickfix.fix44.ExecutionReport m = er('F', '1');
        m.setString(32, "0.001");
        m.setString(31, "101.2500");
        m.setString(14, "40.001");
        m.setString(151, "59.999");
        m.setString(6, "101.24999375");
        m.setChar(851, '1');

        Execution e = translator.execution(m, "ORD-1", "fix-test");

        assertEquals(ExecType.TRADE, e.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, e.ordStatus());
        // BigDecimal.equals compares the scale too: these are the venue's exact texts.
        assertEquals(new BigDecimal("0.001"), e.lastQty());
        assertEquals(new BigDecimal("101.2500"), e.lastPrice());
        assertEquals(new BigDecimal("40.001"), e.cumQty());
        assertEquals(new BigDecimal("59.999"), e.leavesQty());
        assertEquals(new BigDecimal("101.24999375"), e.avgPrice());
        assertEquals(new BigDecimal("100"), e.quantity());
        assertEquals(new BigDecimal("101.2500"), e.limitPrice());
        assertEquals(Liquidity.ADDED, e.liquidity());
        assertTrue(e.isFill());
    }

    @Test
    public void fullFill() throws Exception {
        quickfix.fix44.ExecutionReport m = er('F', '2');
        m.setString(32, "60");
        m.setString(31, "101.30");
        m.setString(14, "100");
        m.setString(151, "0");
        m.setString(6, "101.28");
        m.setChar(851, '2');

        Execution e = translator.execution(m, "ORD-1", "fix-test");

        assertEquals(ExecType.TRADE, e.execType());
        assertEquals(OrderStatus.FILLED, e.ordStatus());
        assertEquals(new BigDecimal("60"), e.lastQty());
        assertEquals(new BigDecimal("101.30"), e.lastPrice());
        assertEquals(new BigDecimal("100"), e.cumQty());
        assertEquals(new BigDecimal("0"), e.leavesQty());
        assertEquals(new BigDecimal("101.28"), e.avgPrice());
        assertEquals(Liquidity.REMOVED, e.liquidity());
    }

    @Test
    public void fix42StyleFillsAreTrades() throws Exception {
        quickfix.fix44.ExecutionReport partial = er('1', '1');
        partial.setString(32, "10");
        partial.setString(31, "5.5");
        Execution p = translator.execution(partial, "ORD-1", "fix-test");
        assertEquals(ExecType.TRADE, p.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, p.ordStatus());
        assertEquals(new BigDecimal("10"), p.lastQty());
        assertEquals(new BigDecimal("5.5"), p.lastPrice());

        quickfix.fix44.ExecutionReport fill = er('2', '2');
        fill.setString(32, "90");
        fill.setString(31, "5.6");
        Execution f = translator.execution(fill, "ORD-1", "fix-test");
        assertEquals(ExecType.TRADE, f.execType());
        assertEquals(OrderStatus.FILLED, f.ordStatus());
        assertEquals(new BigDecimal("90"), f.lastQty());
    }

    @Test
    public void lastLiquidityIndicator() throws Exception {
        Map<Character, Liquidity> expected = Map.of('1', Liquidity.ADDED, '2', Liquidity.REMOVED,
                '3', Liquidity.ROUTED_OUT);
        for (Map.Entry<Character, Liquidity> c : expected.entrySet()) {
            quickfix.fix44.ExecutionReport m = er('F', '1');
            m.setString(32, "1");
            m.setString(31, "1");
            m.setChar(851, c.getKey());
            assertEquals("851=" + c.getKey(), c.getValue(), translator.execution(m, "ORD-1", "fix-test").liquidity());
        }
        assertEquals(Liquidity.UNKNOWN, translator.execution(er('F', '1'), "ORD-1", "fix-test").liquidity());
    }

    @Test
    public void transactTimeKeepsNanosecondsAndDefaultsToTheClock() throws Exception {
        quickfix.fix44.ExecutionReport m = er('0', '0');
        m.setString(60, "20260304-05:06:07.000000001");
        assertEquals(Instant.parse("2026-03-04T05:06:07.000000001Z"),
                translator.execution(m, "ORD-1", "fix-test").transactTime());

        m.setString(60, "20260304-05:06:07.123");
        assertEquals(Instant.parse("2026-03-04T05:06:07.123Z"),
                translator.execution(m, "ORD-1", "fix-test").transactTime());

        m.removeField(60);
        assertEquals(NOW, translator.execution(m, "ORD-1", "fix-test").transactTime());
    }

    @Test
    public void textIsTheReason() throws Exception {
        quickfix.fix44.ExecutionReport m = er('8', '8');
        m.setString(58, "unknown symbol");
        Execution e = translator.execution(m, "ORD-1", "fix-test");
        assertEquals(ExecType.REJECTED, e.execType());
        assertEquals("unknown symbol", e.text());
    }

    @Test
    public void rawExecutionReportParsedWithTheDictionary() throws Exception {
        String raw = fix("8=FIX.4.4", "35=8", "49=SIMBROKER", "56=TRADELOOM", "34=7",
                "52=20260304-05:06:07.200000000", "37=V-1", "11=CL-1", "17=E-7", "150=F", "39=1", "55=BRK/B",
                "54=1", "38=100", "44=101.2500", "32=0.001", "31=101.2500", "151=99.999", "14=0.001",
                "6=101.2500", "60=20260304-05:06:07.987654321", "851=3", "58=part");
        Message m = new Message(raw, dd, false);

        Execution e = translator.execution(m, "ORD-1", "fix-test");

        assertEquals("E-7", e.execId());
        assertEquals(ExecType.TRADE, e.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, e.ordStatus());
        assertEquals(new BigDecimal("0.001"), e.lastQty());
        assertEquals(new BigDecimal("101.2500"), e.lastPrice());
        assertEquals(new BigDecimal("99.999"), e.leavesQty());
        assertEquals(new BigDecimal("0.001"), e.cumQty());
        assertEquals(new BigDecimal("101.2500"), e.avgPrice());
        assertEquals(new BigDecimal("100"), e.quantity());
        assertEquals(new BigDecimal("101.2500"), e.limitPrice());
        assertEquals(Instant.parse("2026-03-04T05:06:07.987654321Z"), e.transactTime());
        assertEquals(Liquidity.ROUTED_OUT, e.liquidity());
        assertEquals("part", e.text());
        assertEquals("V-1", e.venueOrderId());
    }

    @Test
    public void badOrdStatusIsRefusedNamingTheTag() {
        quickfix.fix44.ExecutionReport m = er('0', 'Z');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> translator.execution(m, "ORD-1", "fix-test"));
        assertTrue(e.getMessage(), e.getMessage().contains("OrdStatus") || e.getMessage().contains("39"));
        assertTrue(e.getMessage(), e.getMessage().contains("Z"));
    }

    @Test
    public void badExecTypeIsRefusedNamingTheTag() {
        quickfix.fix44.ExecutionReport m = er('Z', '0');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> translator.execution(m, "ORD-1", "fix-test"));
        assertTrue(e.getMessage(), e.getMessage().contains("ExecType") || e.getMessage().contains("150"));
    }

    @Test
    public void nonDecimalPriceIsRefusedNamingTheTag() {
        quickfix.fix44.ExecutionReport m = er('0', '0');
        m.setString(44, "12,50");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> translator.execution(m, "ORD-1", "fix-test"));
        assertTrue(e.getMessage(), e.getMessage().contains("44"));
        assertTrue(e.getMessage(), e.getMessage().contains("12,50"));

        quickfix.fix44.ExecutionReport fill = er('F', '1');
        fill.setString(32, "1");
        fill.setString(31, "abc");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> translator.execution(fill, "ORD-1", "fix-test"));
        assertTrue(e2.getMessage(), e2.getMessage().contains("31"));
    }

    @Test
    public void missingExecIdIsFieldNotFound() {
        quickfix.fix44.ExecutionReport m = er('0', '0');
        m.removeField(17);
        FieldNotFound e = assertThrows(FieldNotFound.class, () -> translator.execution(m, "ORD-1", "fix-test"));
        assertEquals(17, e.field);
    }

    /** A FIX message from its fields, with BodyLength and CheckSum computed. */
    static String fix(String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 2; i < fields.length; i++) {
            body.append(fields[i]).append(SOH);
        }
        String head = fields[0] + SOH + "9=" + (fields[1] + SOH + body).getBytes(StandardCharsets.ISO_8859_1).length
                + SOH + fields[1] + SOH;
        String msg = head + body;
        int sum = 0;
        for (byte b : msg.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xff;
        }
        return msg + "10=" + String.format("%03d", sum % 256) + SOH;
    }
}
