package io.tradeloom.api.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
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

    private static ApiError refused(String body) {
        try {
            OrderJson.readRequest(body);
        } catch (ApiError e) {
            return e;
        }
        fail("accepted " + body);
        return null;
    }

    @Test
    public void readsEveryFieldWithExactDecimalsFromStringsAndNumbers() {
        OrderRequest r = OrderJson.readRequest("{\"clientOrderId\":\"c-1\",\"account\":\"acc\",\"venue\":\"paper\","
                + "\"symbol\":\"aapl\",\"side\":\"sell_short\",\"type\":\"stop_limit\",\"tif\":\"gtc\","
                + "\"qty\":100.10,\"price\":\"101.250000001\",\"stopPrice\":0.1,\"strategy\":\"s1\"}");
        assertEquals("c-1", r.clientOrderId());
        assertEquals("acc", r.account());
        assertEquals("paper", r.venue());
        assertEquals("AAPL", r.symbol());
        assertEquals(Side.SELL_SHORT, r.side());
        assertEquals(OrderType.STOP_LIMIT, r.type());
        assertEquals(TimeInForce.GTC, r.timeInForce());
        assertEquals("100.10", r.quantity().toPlainString());
        assertEquals("101.250000001", r.limitPrice().toPlainString());
        assertEquals("0.1", r.stopPrice().toPlainString());
        assertEquals("s1", r.strategy());
        assertNull(r.trailingOffset());
    }

    @Test
    public void defaultsAreTheShells() {
        OrderRequest r = OrderJson.readRequest("{\"venue\":\"paper\",\"symbol\":\"MSFT\",\"side\":\"buy\",\"qty\":\"5\"}");
        assertEquals(OrderType.MARKET, r.type());
        assertEquals(TimeInForce.DAY, r.timeInForce());
        assertEquals("default", r.account());
        assertNull(r.clientOrderId());
    }

    @Test
    public void missingFieldsAreLeftToTheOrderValidation() {
        OrderRequest r = OrderJson.readRequest("{\"venue\":\"paper\",\"side\":\"buy\"}");
        assertNull(r.symbol());
        assertNull(r.quantity());
    }

    @Test
    public void brokenJsonNamesTheProblemAndWhere() {
        ApiError e = refused("{\"venue\":\"paper\",\n \"qty\": }");
        assertEquals(400, e.status());
        assertEquals("invalid JSON", e.title());
        Violation v = e.violations().get(0);
        assertEquals("body", v.field());
        assertTrue(v.reason(), v.reason().contains("line 2"));
        assertTrue(refused("[1,2]").violations().get(0).reason().contains("must be a JSON object"));
        assertTrue(refused("").violations().get(0).reason().contains("required"));
        assertTrue(refused("{\"qty\":\"1\"} trailing").violations().get(0).field().equals("body"));
        assertTrue(refused("{\"qty\":\"1\",\"qty\":\"2\"}").violations().get(0).reason().contains("qty"));
    }

    @Test
    public void wrongFieldsAreNamedWithTheirValues() {
        ApiError e = refused("{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"up\",\"qty\":\"ten\","
                + "\"price\":true,\"colour\":\"red\",\"account\":7}");
        assertEquals(400, e.status());
        assertEquals("invalid order", e.title());
        List<Violation> vs = e.violations();
        assertTrue(vs.toString(), vs.contains(new Violation("side", "up", "must be one of buy, sell, sell_short")));
        assertTrue(vs.toString(), vs.contains(new Violation("qty", "ten", "not a number")));
        assertTrue(vs.toString(), vs.stream().anyMatch(v -> v.field().equals("price") && v.value().equals("true")));
        assertTrue(vs.toString(), vs.stream().anyMatch(v -> v.field().equals("colour")
                && v.reason().startsWith("unknown field")));
        assertTrue(vs.toString(), vs.contains(new Violation("account", "7", "must be a JSON string")));
    }

    @Test
    public void ordersGoOutWithStringDecimalsAndFullPrecisionTimes() {
        Instant t = Instant.parse("2026-11-21T10:15:30.123456789Z");
        Order o = Order.accept("O-1", "c-1", OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .type(OrderType.LIMIT).limitPrice("101.2500").quantity("100").build(), t);
        JsonNode n = OrderJson.order(o);
        assertEquals("O-1", n.get("id").textValue());
        assertEquals("101.2500", n.get("price").textValue());
        assertEquals("100", n.get("qty").textValue());
        assertEquals("0", n.get("filledQty").textValue());
        assertEquals("pending_new", n.get("status").textValue());
        assertEquals("limit", n.get("type").textValue());
        assertEquals("2026-11-21T10:15:30.123456789Z", n.get("createdAt").textValue());
        assertTrue(n.get("avgPrice").isNull());
        JsonNode p = OrderJson.positions(List.of(new Position("acc", "AAPL", new BigDecimal("-5"),
                new BigDecimal("190.125"), new BigDecimal("0.00")))).get(0);
        assertEquals("-5", p.get("qty").textValue());
        assertEquals("190.125", p.get("averageCost").textValue());
        assertEquals("0.00", p.get("realizedPnl").textValue());
    }

    @Test
    public void errorsCarryTheValidationWordsOfTheShell() {
        ValidationException ve = new ValidationException("invalid order", List.of(
                Violation.of("qty", new BigDecimal("-5"), "must be greater than 0"),
                Violation.of("symbol", null, "is required")));
        ApiError e = ApiError.from(400, ve);
        assertEquals("invalid order", e.title());
        assertEquals(ve.getMessage(), e.getMessage());
        JsonNode n = OrderJson.error(e);
        assertEquals(400, n.get("status").intValue());
        assertEquals("invalid order: qty=-5: must be greater than 0; symbol=(missing): is required",
                n.get("message").textValue());
        assertEquals("qty", n.get("violations").get(0).get("field").textValue());
        assertEquals("-5", n.get("violations").get(0).get("value").textValue());
        assertEquals("must be greater than 0", n.get("violations").get(0).get("reason").textValue());
        assertEquals("(missing)", n.get("violations").get(1).get("value").textValue());
    }
    /** docs/api-rest/openapi.json must describe the fields and values the code reads and writes. */
    @Test
    public void theOpenApiFileMatchesTheMapping() throws Exception {
        JsonNode api = OrderJson.MAPPER.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("../../docs/api-rest/openapi.json")));
        JsonNode schemas = api.get("components").get("schemas");
        JsonNode request = schemas.get("OrderRequest").get("properties");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        request.fieldNames().forEachRemaining(documented::add);
        assertEquals(new java.util.TreeSet<>(OrderJson.REQUEST_FIELDS), documented);
        assertEquals(OrderJson.names(Side.class), join(request.get("side").get("enum")));
        assertEquals(OrderJson.names(OrderType.class), join(request.get("type").get("enum")));
        assertEquals(OrderJson.names(TimeInForce.class), join(request.get("tif").get("enum")));
        assertEquals(OrderJson.names(io.tradeloom.domain.order.OrderStatus.class),
                join(schemas.get("Order").get("properties").get("status").get("enum")));
        Order o = Order.accept("O-1", "c", OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .quantity("1").build(), Instant.now());
        java.util.Set<String> written = new java.util.TreeSet<>();
        OrderJson.order(o).fieldNames().forEachRemaining(written::add);
        java.util.Set<String> documentedOrder = new java.util.TreeSet<>();
        schemas.get("Order").get("properties").fieldNames().forEachRemaining(documentedOrder::add);
        assertEquals(documentedOrder, written);
        for (String path : List.of("/api/health", "/api/orders", "/api/orders/{id}", "/api/positions",
                "/api/venues")) {
            assertTrue(path, api.get("paths").has(path));
        }
    }

    private static String join(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return String.join(", ", out);
    }
}
