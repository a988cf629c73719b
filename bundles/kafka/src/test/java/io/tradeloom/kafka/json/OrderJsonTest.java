package io.tradeloom.kafka.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.Violation;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class OrderJsonTest {

    private static final String FULL = "{\"clientOrderId\":\"c-1\",\"account\":\"acc\",\"venue\":\"paper\","
            + "\"symbol\":\"AAPL\",\"side\":\"sell_short\",\"type\":\"STOP_LIMIT\",\"timeInForce\":\"gtc\","
            + "\"quantity\":\"100.5\",\"limitPrice\":190.123456789012345,\"stopPrice\":\"189.5\","
            + "\"trailingOffset\":\"0.25\",\"strategy\":\"s1\"}";

    @Test
    public void readsEveryField() {
        OrderRequest r = OrderJson.parseOrder("c-1", FULL);
        assertEquals("c-1", r.clientOrderId());
        assertEquals("acc", r.account());
        assertEquals("paper", r.venue());
        assertEquals("AAPL", r.symbol());
        assertEquals(Side.SELL_SHORT, r.side());
        assertEquals(OrderType.STOP_LIMIT, r.type());
        assertEquals(TimeInForce.GTC, r.timeInForce());
        assertEquals(new BigDecimal("100.5"), r.quantity());
        // A JSON number keeps every digit: never through double.
        assertEquals(new BigDecimal("190.123456789012345"), r.limitPrice());
        assertEquals(new BigDecimal("189.5"), r.stopPrice());
        assertEquals(new BigDecimal("0.25"), r.trailingOffset());
        assertEquals("s1", r.strategy());
    }

    @Test
    public void appliesDefaultsAndAcceptsNoKey() {
        OrderRequest r = OrderJson.parseOrder(null,
                "{\"clientOrderId\":\"c-2\",\"venue\":\"paper\",\"symbol\":\"MSFT\",\"side\":\"BUY\",\"quantity\":10}");
        assertEquals("default", r.account());
        assertEquals(OrderType.MARKET, r.type());
        assertEquals(TimeInForce.DAY, r.timeInForce());
        assertEquals(new BigDecimal("10"), r.quantity());
        assertNull(r.limitPrice());
        assertNull(r.stopPrice());
        assertNull(r.trailingOffset());
        assertNull(r.strategy());
    }

    @Test
    public void badInputNamesTheField() {
        String ok = "\"clientOrderId\":\"c\",\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"BUY\"";
        bad(null, "not json", null, "not JSON");
        bad(null, "", null, "empty");
        bad(null, "[1,2]", null, "not a JSON object");
        bad(null, "{" + ok + ",\"quantity\":1} trailing", null, "not JSON");
        bad(null, "{" + ok + "}", "quantity", "missing");
        bad(null, "{" + ok + ",\"quantity\":null}", "quantity", "missing");
        bad(null, "{" + ok + ",\"quantity\":true}", "quantity", "boolean");
        bad(null, "{" + ok + ",\"quantity\":\"ten\"}", "quantity", "not a decimal");
        bad(null, "{" + ok + ",\"quantity\":1,\"limitPrice\":[1]}", "limitPrice", "array");
        bad(null, "{" + ok + ",\"quantity\":1,\"qty\":1}", "qty", "unknown field");
        bad(null, "{" + ok.replace("\"BUY\"", "\"HOLD\"") + ",\"quantity\":1}", "side", "HOLD");
        bad(null, "{" + ok.replace("\"BUY\"", "1") + ",\"quantity\":1}", "side", "must be a string");
        bad(null, "{" + ok.replace("\"symbol\":\"AAPL\",", "") + ",\"quantity\":1}", "symbol", "missing");
        bad(null, "{" + ok.replace("\"venue\":\"paper\"", "\"venue\":\" \"") + ",\"quantity\":1}", "venue", "blank");
        bad(null, "{" + ok.replace("\"clientOrderId\":\"c\",", "") + ",\"quantity\":1}", "clientOrderId", "missing");
        bad("other", "{" + ok + ",\"quantity\":1}", "clientOrderId", "record key");
        bad(null, "{" + ok + ",\"quantity\":1,\"type\":\"ICEBERG\"}", "type", "ICEBERG");
        bad(null, "{" + ok + ",\"quantity\":1,\"timeInForce\":5}", "timeInForce", "must be a string");
    }

    private static void bad(String key, String json, String field, String reasonPart) {
        try {
            OrderJson.parseOrder(key, json);
            fail("accepted: " + json);
        } catch (BadRecordException e) {
            assertEquals(json, field, e.field());
            assertTrue(e.getMessage() + " should contain " + reasonPart, e.getMessage().contains(reasonPart));
        }
    }

    @Test
    public void writesEveryFieldOfAnOrderEvent() {
        Instant created = Instant.parse("2026-11-21T10:00:00.123456789Z");
        Instant fillTime = Instant.parse("2026-11-21T10:00:01.000000001Z");
        Order before = new Order("o-1", "c-1", "acc", "paper", "AAPL", Side.BUY, OrderType.LIMIT, TimeInForce.DAY,
                new BigDecimal("100"), new BigDecimal("190.50"), null, null, "s1", OrderStatus.NEW, BigDecimal.ZERO,
                new BigDecimal("100"), null, "v-9", null, created, created);
        Execution x = new Execution("e-1", "o-1", "c-1", "paper", "v-9", ExecType.TRADE, OrderStatus.FILLED,
                new BigDecimal("100"), new BigDecimal("190.25"), new BigDecimal("100"), BigDecimal.ZERO,
                new BigDecimal("190.25"), new BigDecimal("100"), new BigDecimal("190.50"), fillTime, "done",
                Liquidity.ADDED);
        Order after = before.apply(x);
        JsonNode n = OrderJson.read(OrderJson.orderEvent(new OrderEvent(after, before, x, fillTime)));
        assertEquals("ORDER_EVENT", n.get("type").asText());
        assertEquals("2026-11-21T10:00:01.000000001Z", n.get("at").asText());
        assertEquals("o-1", n.get("orderId").asText());
        assertEquals("c-1", n.get("clientOrderId").asText());
        assertEquals("acc", n.get("account").asText());
        assertEquals("paper", n.get("venue").asText());
        assertEquals("AAPL", n.get("symbol").asText());
        assertEquals("BUY", n.get("side").asText());
        assertEquals("LIMIT", n.get("orderType").asText());
        assertEquals("DAY", n.get("timeInForce").asText());
        assertEquals("100", n.get("quantity").asText());
        assertEquals("190.50", n.get("limitPrice").asText());
        assertTrue(n.get("stopPrice").isNull());
        assertTrue(n.get("trailingOffset").isNull());
        assertEquals("s1", n.get("strategy").asText());
        assertEquals("FILLED", n.get("status").asText());
        assertEquals("NEW", n.get("previousStatus").asText());
        assertEquals("100", n.get("filledQty").asText());
        assertEquals("0", n.get("leavesQty").asText());
        assertEquals("190.25", n.get("avgPrice").asText());
        assertEquals("v-9", n.get("venueOrderId").asText());
        assertEquals("done", n.get("reason").asText());
        assertEquals("2026-11-21T10:00:00.123456789Z", n.get("createdAt").asText());
        assertEquals("2026-11-21T10:00:01.000000001Z", n.get("updatedAt").asText());
        JsonNode e = n.get("execution");
        assertEquals("e-1", e.get("execId").asText());
        assertEquals("TRADE", e.get("execType").asText());
        assertEquals("FILLED", e.get("ordStatus").asText());
        assertEquals("c-1", e.get("clientOrderId").asText());
        assertEquals("v-9", e.get("venueOrderId").asText());
        assertEquals("100", e.get("lastQty").asText());
        assertEquals("190.25", e.get("lastPrice").asText());
        assertEquals("100", e.get("cumQty").asText());
        assertEquals("0", e.get("leavesQty").asText());
        assertEquals("190.25", e.get("avgPrice").asText());
        assertEquals("100", e.get("quantity").asText());
        assertEquals("190.50", e.get("limitPrice").asText());
        assertEquals("2026-11-21T10:00:01.000000001Z", e.get("transactTime").asText());
        assertEquals("done", e.get("text").asText());
        assertEquals("ADDED", e.get("liquidity").asText());
        assertTrue("numbers are strings, never doubles", n.get("quantity").isTextual());
    }

    @Test
    public void writesAnAcceptedEventWithoutExecution() {
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        Order o = Order.accept("o-2", "c-2", OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .quantity("5").build(), t);
        JsonNode n = OrderJson.read(OrderJson.orderEvent(new OrderEvent(o, null, null, t)));
        assertEquals("PENDING_NEW", n.get("status").asText());
        assertTrue(n.get("previousStatus").isNull());
        assertTrue(n.get("execution").isNull());
        assertTrue(n.get("avgPrice").isNull());
    }

    @Test
    public void writesSubmitOutcomes() {
        Instant t = Instant.parse("2026-11-21T10:00:00.5Z");
        Order o = Order.accept("o-3", "c-3", OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .quantity("5").build(), t);
        JsonNode a = OrderJson.read(OrderJson.accepted("c-3", o, t));
        assertEquals("SUBMIT_ACCEPTED", a.get("type").asText());
        assertEquals("c-3", a.get("clientOrderId").asText());
        assertEquals("o-3", a.get("orderId").asText());
        assertEquals("PENDING_NEW", a.get("status").asText());
        assertEquals("2026-11-21T10:00:00.500Z", a.get("at").asText());

        JsonNode r = OrderJson.read(OrderJson.rejected("c-4", "order: quantity=-5: must be greater than 0",
                List.of(Violation.of("quantity", new BigDecimal("-5"), "must be greater than 0")), t));
        assertEquals("SUBMIT_REJECTED", r.get("type").asText());
        assertEquals("c-4", r.get("clientOrderId").asText());
        assertEquals("order: quantity=-5: must be greater than 0", r.get("reason").asText());
        assertEquals(1, r.get("violations").size());
        assertEquals("quantity", r.get("violations").get(0).get("field").asText());
        assertEquals("-5", r.get("violations").get(0).get("value").asText());
        assertEquals("must be greater than 0", r.get("violations").get(0).get("reason").asText());
    }
}
