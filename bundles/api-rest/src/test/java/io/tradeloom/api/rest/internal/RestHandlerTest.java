package io.tradeloom.api.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradeloom.domain.order.Position;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class RestHandlerTest {

    static final String TRADE = "trade-secret-0123456789";
    static final String READ = "read-secret-0123456789";

    final Fakes.Orders orders = new Fakes.Orders();
    final Fakes.Risk risk = new Fakes.Risk();
    final Fakes.DeadLetters deadLetters = new Fakes.DeadLetters();
    final RestMetrics metrics = new RestMetrics();
    RestConfig config = RestConfig.parse(Map.of("apikey.desk", "trade:" + TRADE, "apikey.mon", "read:" + READ));
    final RestHandler handler = new RestHandler(orders, new Fakes.Venues(), risk, deadLetters, metrics,
            () -> config);

    RestHandler.Response call(RestHandler.Op op, String method, String path, Map<String, List<String>> query,
                              String key, String body) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("x-api-key", key);
        }
        headers.put("content-type", "application/json");
        return handler.handle(op, new RestHandler.Request(method, path, query,
                n -> headers.get(n.toLowerCase(Locale.ROOT)), body));
    }

    RestHandler.Response submit(String key, String body) {
        return call(RestHandler.Op.SUBMIT, "POST", "/api/orders", Map.of(), key, body);
    }

    static JsonNode json(RestHandler.Response r) throws Exception {
        return OrderJson.MAPPER.readTree(r.json());
    }

    @Test
    public void submitCreatesThenTheSameClientIdReturnsTheExistingOrder() throws Exception {
        String body = "{\"clientOrderId\":\"c-1\",\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\","
                + "\"qty\":\"10\"}";
        RestHandler.Response first = submit(TRADE, body);
        assertEquals(first.json(), 201, first.status());
        String id = json(first).get("id").textValue();
        assertEquals("/api/orders/" + id, first.headers().get("Location"));
        RestHandler.Response again = submit(TRADE, body);
        assertEquals(200, again.status());
        assertEquals(id, json(again).get("id").textValue());
        assertEquals(1, orders.byId.size());
        RestHandler.Response get = call(RestHandler.Op.GET, "GET", "/api/orders/" + id, Map.of(), READ, null);
        assertEquals(200, get.status());
        assertEquals("c-1", json(get).get("clientOrderId").textValue());
    }

    @Test
    public void validationErrorsAre400WithFieldValueAndReasonAndDeadLettered() throws Exception {
        String[][] cases = {
            {"{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"-5\"}", "qty", "-5",
                "must be greater than 0"},
            {"{\"venue\":\"paper\",\"symbol\":\"ZZZZ\",\"side\":\"buy\",\"qty\":\"5\"}", "symbol", "ZZZZ",
                "unknown symbol"},
            {"{\"venue\":\"nowhere\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"5\"}", "venue", "nowhere",
                "venue nowhere is not deployed"},
            {"{\"venue\":\"paper\",\"side\":\"buy\",\"qty\":\"5\"}", "symbol", "(missing)", "is required"},
            {"{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":", "body", null, "line 1"},
        };
        for (String[] c : cases) {
            RestHandler.Response r = submit(TRADE, c[0]);
            assertEquals(r.json(), 400, r.status());
            JsonNode v = json(r).get("violations").get(0);
            assertEquals(r.json(), c[1], v.get("field").textValue());
            if (c[2] != null) {
                assertEquals(r.json(), c[2], v.get("value").textValue());
            }
            assertTrue(r.json(), v.get("reason").textValue().contains(c[3]));
            assertFalse(r.json(), r.json().contains("Exception"));
            assertFalse(r.json(), r.json().contains("\tat "));
        }
        assertEquals(0, orders.byId.size());
        assertEquals(cases.length, deadLetters.letters.size());
        assertEquals(cases[0][0], deadLetters.letters.get(0).payload());
        assertEquals(RestHandler.KIND_REQUEST, deadLetters.letters.get(0).kind());
        assertEquals(RestHandler.KIND_JSON, deadLetters.letters.get(4).kind());
        deadLetters.letters.forEach(d -> assertFalse(d.reason(), (d.payload() + d.reason()).contains(TRADE)));
        assertEquals(Long.valueOf(cases.length), metrics.errorsByStatus().get("400"));
    }

    @Test
    public void wrongContentTypeIs415() throws Exception {
        RestHandler.Response r = handler.handle(RestHandler.Op.SUBMIT, new RestHandler.Request("POST",
                "/api/orders", Map.of(), n -> n.equalsIgnoreCase("X-API-Key") ? TRADE
                : n.equalsIgnoreCase("Content-Type") ? "application/x-www-form-urlencoded" : null, "a=b"));
        assertEquals(415, r.status());
        assertEquals("Content-Type", json(r).get("violations").get(0).get("field").textValue());
    }

    @Test
    public void keysAreCheckedAndRolesEnforced() throws Exception {
        RestHandler.Response none = call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of(), null, null);
        assertEquals(401, none.status());
        assertTrue(none.headers().containsKey("WWW-Authenticate"));
        RestHandler.Response wrong = call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of(),
                "wrong-key-wrong-key", null);
        assertEquals(401, wrong.status());
        assertFalse(wrong.json(), wrong.json().contains("wrong-key"));
        String body = "{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"1\"}";
        RestHandler.Response readPost = submit(READ, body);
        assertEquals(403, readPost.status());
        assertFalse(readPost.json(), readPost.json().contains(READ));
        assertEquals(0, orders.byId.size());
        RestHandler.Response bearer = handler.handle(RestHandler.Op.SUBMIT, new RestHandler.Request("POST",
                "/api/orders", Map.of(), n -> n.equals("Authorization") ? "Bearer " + TRADE : null, body));
        assertEquals(bearer.json(), 201, bearer.status());
        assertEquals(3, metrics.authFailures());
        assertEquals(4, metrics.requests());
        assertEquals(200, call(RestHandler.Op.HEALTH, "GET", "/api/health", Map.of(), null, null).status());
        config = RestConfig.parse(Map.of("apikey.mon", "read:" + READ, "health.open", "false"));
        assertEquals(401, call(RestHandler.Op.HEALTH, "GET", "/api/health", Map.of(), null, null).status());
        assertEquals("new keys apply at once", 401, submit(TRADE, body).status());
    }

    @Test
    public void listFiltersAndRejectsUnknownParameters() throws Exception {
        submit(TRADE, "{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"1\"}");
        String msft = json(submit(TRADE, "{\"venue\":\"paper\",\"symbol\":\"MSFT\",\"side\":\"buy\",\"qty\":\"1\"}"))
                .get("id").textValue();
        call(RestHandler.Op.CANCEL, "DELETE", "/api/orders/" + msft, Map.of(), TRADE, null);
        assertEquals(2, json(call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of(), READ, null)).size());
        JsonNode aapl = json(call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("symbol", List.of("aapl")),
                READ, null));
        assertEquals(1, aapl.size());
        assertEquals("AAPL", aapl.get(0).get("symbol").textValue());
        JsonNode pending = json(call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("state",
                List.of("pending_cancel")), READ, null));
        assertEquals(1, pending.size());
        assertEquals(msft, pending.get(0).get("id").textValue());
        assertEquals(0, json(call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("venue", List.of("fix")),
                READ, null)).size());
        assertEquals(0, json(call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("open", List.of("false")),
                READ, null)).size());
        RestHandler.Response bad = call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("state",
                List.of("sleeping")), READ, null);
        assertEquals(400, bad.status());
        assertEquals("state", json(bad).get("violations").get(0).get("field").textValue());
        RestHandler.Response typo = call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("symbl",
                List.of("AAPL")), READ, null);
        assertEquals(400, typo.status());
        assertEquals("symbl", json(typo).get("violations").get(0).get("field").textValue());
        assertEquals(400, call(RestHandler.Op.LIST, "GET", "/api/orders", Map.of("open", List.of("maybe")), READ,
                null).status());
    }

    @Test
    public void unknownOrdersAre404AndCancelOfADoneOrderIs409() throws Exception {
        RestHandler.Response get = call(RestHandler.Op.GET, "GET", "/api/orders/NOPE", Map.of(), READ, null);
        assertEquals(404, get.status());
        assertEquals("NOPE", json(get).get("violations").get(0).get("value").textValue());
        assertEquals(404, call(RestHandler.Op.CANCEL, "DELETE", "/api/orders/NOPE", Map.of(), TRADE, null)
                .status());
        String id = json(submit(TRADE, "{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"1\"}"))
                .get("id").textValue();
        assertEquals(202, call(RestHandler.Op.CANCEL, "DELETE", "/api/orders/" + id, Map.of(), TRADE, null)
                .status());
        orders.byId.put(id, orders.byId.get(id).transition(io.tradeloom.domain.order.OrderStatus.CANCELED, "done",
                java.time.Instant.now()));
        RestHandler.Response again = call(RestHandler.Op.CANCEL, "DELETE", "/api/orders/" + id, Map.of(), TRADE,
                null);
        assertEquals(409, again.status());
        assertTrue(again.json(), json(again).get("message").textValue().contains("order is CANCELED"));
        assertEquals(403, call(RestHandler.Op.CANCEL, "DELETE", "/api/orders/" + id, Map.of(), READ, null)
                .status());
    }

    @Test
    public void positionsAndVenuesAndHealth() throws Exception {
        risk.positions.add(new Position("acc", "AAPL", new BigDecimal("10"), new BigDecimal("190.5"),
                BigDecimal.ZERO));
        risk.positions.add(new Position("other", "MSFT", new BigDecimal("-1"), new BigDecimal("420"),
                BigDecimal.ZERO));
        JsonNode all = json(call(RestHandler.Op.POSITIONS, "GET", "/api/positions", Map.of(), READ, null));
        assertEquals(2, all.size());
        JsonNode acc = json(call(RestHandler.Op.POSITIONS, "GET", "/api/positions", Map.of("account",
                List.of("acc")), READ, null));
        assertEquals(1, acc.size());
        assertEquals("190.5", acc.get(0).get("averageCost").textValue());
        JsonNode venues = json(call(RestHandler.Op.VENUES, "GET", "/api/venues", Map.of(), READ, null));
        assertEquals("paper", venues.get(0).get("id").textValue());
        assertEquals("up", venues.get(0).get("state").textValue());
        assertTrue(venues.get(1).get("lastMessageAgeMillis").isNull());
        JsonNode health = json(call(RestHandler.Op.HEALTH, "GET", "/api/health", Map.of(), null, null));
        assertEquals("up", health.get("status").textValue());
        assertEquals(1, health.get("venuesUp").intValue());
    }

    @Test
    public void aFailureInsideTheCoreIs500WithoutAStackTrace() throws Exception {
        RestHandler broken = new RestHandler(new Fakes.Orders() {
            @Override
            public java.util.List<io.tradeloom.domain.order.Order> orders(boolean openOnly) {
                throw new IllegalStateException("store gone at io.tradeloom.Secret");
            }
        }, new Fakes.Venues(), risk, deadLetters, metrics, () -> config);
        RestHandler.Response r = broken.handle(RestHandler.Op.LIST, new RestHandler.Request("GET", "/api/orders",
                Map.of(), n -> n.equalsIgnoreCase("X-API-Key") ? READ : null, null));
        assertEquals(500, r.status());
        assertFalse(r.json(), r.json().contains("store gone"));
        assertTrue(r.json(), json(r).get("error").textValue().contains("reference"));
    }
}
