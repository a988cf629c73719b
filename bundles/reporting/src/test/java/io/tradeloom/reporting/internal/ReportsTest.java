package io.tradeloom.reporting.internal;

import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.report.TransactionReport;
import org.junit.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ReportsTest {

    @Test
    public void reportCarriesOurIdsTheVenuesIdsAndTheFill() {
        TransactionReport r = Reports.fromFill(Fills.fill("o1", "E-77", "25", "101.2500", Fills.T0));
        assertEquals("o1", r.orderId());
        assertEquals("cl-o1", r.clientOrderId());
        assertEquals("E-77", r.execId());
        assertEquals("V-o1", r.venueOrderId());
        assertEquals("paper", r.venue());
        assertEquals("ACC1", r.account());
        assertEquals("AAPL", r.symbol());
        assertEquals(Side.BUY, r.side());
        assertEquals(new BigDecimal("25"), r.quantity());
        assertEquals(new BigDecimal("101.2500"), r.price());
        assertEquals(Fills.T0, r.executionTime());
    }

    @Test
    public void reportIdIsStableForTheSameVenueExecutionAndDiffersOtherwise() {
        String a = Reports.fromFill(Fills.fill("o1", "E-1", "1", "1", Fills.T0)).reportId();
        String again = Reports.fromFill(Fills.fill("o1", "E-1", "1", "1", Fills.T0.plusSeconds(5))).reportId();
        assertEquals(a, again);
        assertNotEquals(a, Reports.reportId("paper", "E-2"));
        assertNotEquals(a, Reports.reportId("other", "E-1"));
        assertEquals(a, Reports.reportId("paper", "E-1"));
    }

    @Test
    public void nonFillEventsGiveNoReport() {
        OrderEvent fill = Fills.fill("o1", "E-1", "1", "1", Fills.T0);
        Execution e = fill.execution();
        Execution ack = new Execution(e.execId(), e.orderId(), e.clientOrderId(), e.venue(), e.venueOrderId(),
                ExecType.NEW, OrderStatus.NEW, BigDecimal.ZERO, null, BigDecimal.ZERO, e.leavesQty(), null,
                e.quantity(), e.limitPrice(), e.transactTime(), null, null);
        assertNull(Reports.fromFill(new OrderEvent(fill.order(), null, ack, Fills.T0)));
        assertNull(Reports.fromFill(new OrderEvent(fill.order(), null, null, Fills.T0)));
    }

    @Test
    public void jsonRoundTripKeepsDecimalsAndNanoseconds() {
        TransactionReport r = Reports.fromFill(Fills.fill("o1", "E-1", "0.00000001", "12345.678901234", Fills.T0));
        String json = new String(ReportCodec.json(r), StandardCharsets.UTF_8);
        assertTrue(json, json.contains("\"price\":\"12345.678901234\""));
        assertTrue(json, json.contains("\"executionTime\":\"2026-11-20T14:30:01.123456789Z\""));
        assertTrue(json, json.contains("\"schema\":\"" + ReportCodec.SCHEMA + "\""));
        assertEquals(r, ReportCodec.fromJson(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void malformedJsonNamesTheField() {
        try {
            ReportCodec.fromJson("{\"reportId\":\"x\",\"orderId\":\"o\",\"execId\":\"e\",\"venue\":\"v\",\"symbol\":\"S\",\"side\":\"UP\"}"
                    .getBytes(StandardCharsets.UTF_8));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("side=UP"));
        }
        try {
            ReportCodec.fromJson("{\"reportId\":".getBytes(StandardCharsets.UTF_8));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("malformed"));
        }
    }

    @Test
    public void csvHasTheDocumentedColumnsAndQuotes() {
        TransactionReport r = Reports.fromFill(Fills.fill("o1", "E,\"1\"", "25", "101.25", Fills.T0));
        String doc = new String(ReportCodec.csvDocument(java.util.List.of(r)), StandardCharsets.UTF_8);
        String[] lines = doc.split("\r\n");
        assertEquals("report_id,order_id,client_order_id,exec_id,venue_order_id,venue,account,symbol,side,"
                + "quantity,price,execution_time,liquidity", lines[0]);
        assertEquals(r.reportId() + ",o1,cl-o1,\"E,\"\"1\"\"\",V-o1,paper,ACC1,AAPL,BUY,25,101.25,"
                + "2026-11-20T14:30:01.123456789Z,ADDED", lines[1]);
    }
}
