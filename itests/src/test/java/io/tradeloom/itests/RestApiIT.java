package io.tradeloom.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import javax.inject.Inject;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The REST API on the real distribution, driven over loopback HTTP with {@link HttpClient}: orders reach the paper
 * broker through the core's OrderService, errors carry the shell's words, keys and roles are enforced, and host,
 * port and keys change with the configuration file, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RestApiIT extends TradeloomTestSupport {

    private static final String TRADE_KEY = "itest-trade-key-0123456789";
    private static final String READ_KEY = "itest-read-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OrderService orders;

    @Inject
    DeadLetterQueue deadLetters;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path configFile() {
        return Paths.get(System.getProperty("karaf.etc"), "io.tradeloom.api.rest.cfg");
    }

    private static int port() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(configFile())));
        return Integer.parseInt(p.getProperty("port").trim());
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** The keys the tests use: trade as a plain secret, read as its SHA-256 (both forms of the file). */
    private static void writeConfig(int port) throws Exception {
        edit(configFile(), "host = 127.0.0.1\nport = " + port + "\nhealth.open = true\n"
                + "apikey.itest-trade = trade:" + TRADE_KEY + "\n"
                + "apikey.itest-read = read:sha256:" + sha256(READ_KEY) + "\n");
    }

    @Before
    public void keysConfigured() throws Exception {
        awaitDefaultVenuesUp();
        if (!Files.readString(configFile()).contains("apikey.itest-trade")) {
            letFileInstallSettle();
            writeConfig(port());
        }
        await("REST API up with the test keys", 30_000, () -> {
            try {
                return get("/api/venues", READ_KEY).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) throws IOException {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
    }

    private HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path);
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return send(b);
    }

    private HttpResponse<String> post(String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = request("/api/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private String status(String id) {
        try {
            return json(get("/api/orders/" + id, READ_KEY)).get("status").textValue();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static long mbean(String attribute) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("io.tradeloom:type=rest"), attribute)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static long errors(String status) throws Exception {
        Object map = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("io.tradeloom:type=rest"),
                "ErrorsByStatus");
        // An MXBean Map<String, Long> arrives as TabularData of (key, value) rows.
        javax.management.openmbean.TabularData t = (javax.management.openmbean.TabularData) map;
        Object row = t.get(new Object[]{status});
        return row == null ? 0 : (Long) ((javax.management.openmbean.CompositeData) row).get("value");
    }

    @Test
    public void submittedOrderIsFilledByThePaperBrokerAndShowsInOrdersPositionsAndVenues() throws Exception {
        String account = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        String clientId = "rest-itest-" + UUID.randomUUID();
        String body = "{\"clientOrderId\":\"" + clientId + "\",\"account\":\"" + account + "\",\"venue\":\"paper\","
                + "\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"7\",\"type\":\"market\",\"tif\":\"day\"}";
        HttpResponse<String> created = post(body, TRADE_KEY);
        assertEquals(created.body(), 201, created.statusCode());
        String id = json(created).get("id").textValue();
        assertEquals("/api/orders/" + id, created.headers().firstValue("Location").orElse(""));
        assertFalse("no key echoed", created.headers().map().toString().contains(TRADE_KEY));
        assertEquals("the order went through the core", clientId, orders.order(id).orElseThrow().clientOrderId());

        await("filled by the paper broker", 15_000, () -> "filled".equals(status(id)));
        JsonNode filled = json(get("/api/orders/" + id, READ_KEY));
        assertEquals("7", filled.get("filledQty").textValue());
        assertTrue(filled.get("avgPrice").isTextual());
        assertEquals(0, new java.math.BigDecimal(filled.get("avgPrice").textValue())
                .compareTo(orders.order(id).orElseThrow().avgPrice()));
        assertEquals(orders.order(id).orElseThrow().updatedAt().toString(), filled.get("updatedAt").textValue());

        JsonNode list = json(get("/api/orders?symbol=AAPL&state=filled&venue=paper", READ_KEY));
        assertTrue(list.toString(), list.findValuesAsText("id").contains(id));
        JsonNode open = json(get("/api/orders?open=true", READ_KEY));
        assertFalse(open.findValuesAsText("id").contains(id));

        HttpResponse<String> again = post(body, TRADE_KEY);
        assertEquals("an idempotent resubmission answers 200 with the existing order", 200, again.statusCode());
        assertEquals(id, json(again).get("id").textValue());
        assertEquals(1, orders.orders(false).stream().filter(o -> clientId.equals(o.clientOrderId())).count());

        await("position of the account", 10_000, () -> {
            try {
                JsonNode p = json(get("/api/positions?account=" + account, READ_KEY));
                return p.size() == 1 && "AAPL".equals(p.get(0).get("symbol").textValue())
                        && "7".equals(p.get(0).get("qty").textValue());
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode venues = json(get("/api/venues", READ_KEY));
        assertTrue(venues.toString(), venues.findValuesAsText("id").containsAll(java.util.List.of("paper", "sim")));
        HttpResponse<String> health = get("/api/health", null);
        assertEquals(200, health.statusCode());
        assertEquals("up", json(health).get("status").textValue());
    }

    @Test
    public void badRequestsAre400NamingFieldValueAndReasonAndAreDeadLettered() throws Exception {
        String[][] cases = {
            {"{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"-5\"}", "qty", "-5",
                "must be greater than 0"},
            {"{\"venue\":\"paper\",\"symbol\":\"NOSUCH\",\"side\":\"buy\",\"qty\":\"5\"}", "symbol", "NOSUCH",
                "unknown symbol"},
            {"{\"venue\":\"nowhere\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"5\"}", "venue", "nowhere",
                "venue nowhere is not deployed"},
            {"{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\": 5,}", "body", null, "column"},
            {"{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\"}", "qty", "(missing)", "is required"},
        };
        int before = orders.orders(false).size();
        long lettersBefore = deadLetters.list("rest", null, Integer.MAX_VALUE).size();
        long errorsBefore = errors("400");
        for (String[] c : cases) {
            HttpResponse<String> r = post(c[0], TRADE_KEY);
            assertEquals(r.body(), 400, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode v = json(r).get("violations").get(0);
            assertEquals(r.body(), c[1], v.get("field").textValue());
            if (c[2] != null) {
                assertEquals(r.body(), c[2], v.get("value").textValue());
            }
            assertTrue(r.body(), v.get("reason").textValue().contains(c[3]));
            assertFalse("no stack trace: " + r.body(), r.body().contains("Exception") || r.body().contains("\tat "));
        }
        assertEquals("nothing created", before, orders.orders(false).size());
        assertEquals(errorsBefore + cases.length, errors("400"));
        var letters = deadLetters.list("rest", null, Integer.MAX_VALUE);
        assertEquals(lettersBefore + cases.length, letters.size());
        assertTrue(letters.stream().anyMatch(d -> d.payload().equals(cases[3][0]) && d.kind().equals("order-json")));
        assertTrue(letters.stream().noneMatch(d -> (d.payload() + d.reason()).contains(TRADE_KEY)));
    }

    @Test
    public void keysAreRequiredAndReadKeysCannotTrade() throws Exception {
        long authBefore = mbean("AuthFailures");
        String body = "{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"1\"}";
        int before = orders.orders(false).size();
        assertEquals(401, get("/api/orders", null).statusCode());
        HttpResponse<String> unknown = get("/api/orders", "not-a-key-not-a-key");
        assertEquals(401, unknown.statusCode());
        assertFalse(unknown.body().contains("not-a-key"));
        assertEquals(401, get("/api/orders?X-API-Key=" + TRADE_KEY, null).statusCode());
        HttpResponse<String> readPost = post(body, READ_KEY);
        assertEquals(readPost.body(), 403, readPost.statusCode());
        assertEquals(403, send(request("/api/orders/whatever").DELETE().header("X-API-Key", READ_KEY))
                .statusCode());
        assertEquals(200, get("/api/orders", READ_KEY).statusCode());
        assertEquals(before, orders.orders(false).size());
        assertEquals(authBefore + 5, mbean("AuthFailures"));
        assertFalse("keys never logged", karafLog().contains(TRADE_KEY) || karafLog().contains(READ_KEY));
    }

    @Test
    public void deleteCancelsAWorkingOrderAndUnknownOrdersAre404() throws Exception {
        HttpResponse<String> created = post("{\"venue\":\"paper\",\"symbol\":\"MSFT\",\"side\":\"buy\",\"qty\":\"3\","
                + "\"type\":\"limit\",\"price\":\"1.00\",\"tif\":\"gtc\"}", TRADE_KEY);
        assertEquals(created.body(), 201, created.statusCode());
        String id = json(created).get("id").textValue();
        await("working at the paper broker", 15_000, () -> "new".equals(status(id)));
        HttpResponse<String> cancel = send(request("/api/orders/" + id).DELETE().header("X-API-Key", TRADE_KEY));
        assertEquals(cancel.body(), 202, cancel.statusCode());
        await("canceled", 15_000, () -> "canceled".equals(status(id)));
        HttpResponse<String> twice = send(request("/api/orders/" + id).DELETE().header("X-API-Key", TRADE_KEY));
        assertEquals(twice.body(), 409, twice.statusCode());
        HttpResponse<String> missing = get("/api/orders/NO-SUCH-ORDER", READ_KEY);
        assertEquals(404, missing.statusCode());
        assertEquals("NO-SUCH-ORDER", json(missing).get("violations").get(0).get("value").textValue());
    }

    @Test
    public void portAndKeysChangeLiveWithTheFile() throws Exception {
        int oldPort = port();
        int newPort = Integer.parseInt(freePort());
        letFileInstallSettle();
        writeConfig(newPort);
        await("listening on the new port", 30_000, () -> {
            try {
                return get("/api/venues", READ_KEY).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(newPort, mbean("Port"));
        await("old port " + oldPort + " closed", 10_000, () -> {
            try {
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + oldPort + "/api/health")));
                return false;
            } catch (ConnectException closed) {
                return true;
            } catch (Exception other) {
                return false;
            }
        });
        // A key removed from the file stops working without a restart.
        letFileInstallSettle();
        edit(configFile(), "host = 127.0.0.1\nport = " + newPort + "\napikey.itest-read = read:sha256:"
                + sha256(READ_KEY) + "\n");
        await("trade key removed", 30_000, () -> {
            try {
                return get("/api/orders", TRADE_KEY).statusCode() == 401;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(200, get("/api/orders", READ_KEY).statusCode());
        letFileInstallSettle();
        writeConfig(newPort);
        await("trade key back", 30_000, () -> {
            try {
                return get("/api/orders", TRADE_KEY).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }
}
