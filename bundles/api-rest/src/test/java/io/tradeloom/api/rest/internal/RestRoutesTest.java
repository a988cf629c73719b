package io.tradeloom.api.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The Camel plumbing on a real netty-http listener (127.0.0.1, free port): headers, bodies, no echo of the key. */
public class RestRoutesTest {

    static final String TRADE = "trade-secret-0123456789";

    // One listener for the class: starting and stopping Netty per test costs seconds.
    static CamelContext camel;
    static int port;
    static final Fakes.Orders orders = new Fakes.Orders();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeClass
    public static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RestConfig config = RestConfig.parse(Map.of("port", Integer.toString(port), "apikey.desk",
                "trade:" + TRADE));
        RestHandler handler = new RestHandler(orders, new Fakes.Venues(), new Fakes.Risk(),
                new Fakes.DeadLetters(), new RestMetrics(), () -> config);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RestRoutes(config, handler));
        camel.start();
    }

    @AfterClass
    public static void stop() {
        camel.stop();
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    public void servesTheEndpointsWithoutEchoingTheKey() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/api/health")));
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/orders")).header("X-API-Key", TRADE)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"venue\":\"paper\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"12.5\"}")));
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode order = OrderJson.MAPPER.readTree(created.body());
        assertEquals("12.5", order.get("qty").textValue());
        assertFalse("the key is not echoed", created.headers().map().toString().contains(TRADE));
        assertFalse(created.body().contains(TRADE));
        String id = order.get("id").textValue();
        assertEquals("/api/orders/" + id, created.headers().firstValue("Location").orElse(""));

        HttpResponse<String> one = send(HttpRequest.newBuilder(uri("/api/orders/" + id))
                .header("Authorization", "Bearer " + TRADE));
        assertEquals(one.body(), 200, one.statusCode());
        assertEquals(id, OrderJson.MAPPER.readTree(one.body()).get("id").textValue());

        HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/orders?symbol=AAPL&open=true"))
                .header("X-API-Key", TRADE));
        assertEquals(list.body(), 200, list.statusCode());
        assertEquals(1, OrderJson.MAPPER.readTree(list.body()).size());

        HttpResponse<String> cancel = send(HttpRequest.newBuilder(uri("/api/orders/" + id)).DELETE()
                .header("X-API-Key", TRADE));
        assertEquals(cancel.body(), 202, cancel.statusCode());
        assertEquals("pending_cancel", OrderJson.MAPPER.readTree(cancel.body()).get("status").textValue());
    }

    @Test
    public void aKeyInTheQueryStringIsNotAKey() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/orders?X-API-Key=" + TRADE)));
        assertEquals(r.body(), 401, r.statusCode());
        assertFalse(r.body().contains(TRADE));
    }

    @Test
    public void brokenJsonIs400NamingTheProblem() throws Exception {
        int before = orders.byId.size();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/orders")).header("X-API-Key", TRADE)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"venue\": paper}")));
        assertEquals(r.body(), 400, r.statusCode());
        JsonNode v = OrderJson.MAPPER.readTree(r.body()).get("violations").get(0);
        assertEquals("body", v.get("field").textValue());
        assertTrue(v.get("reason").textValue(), v.get("reason").textValue().contains("column"));
        assertEquals(before, orders.byId.size());
    }

    @Test
    public void unknownPathsAndMethodsAreRefusedInJsonNamingThem() throws Exception {
        for (String path : List.of("/api/nothing", "/api/orders/x/fills", "/api")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", TRADE));
            assertEquals(path + " " + r.body(), 404, r.statusCode());
            assertTrue(r.body(), OrderJson.MAPPER.readTree(r.body()).toString().contains("\"" + path + "\""));
        }
        HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/api/orders")).header("X-API-Key", TRADE)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(put.body(), 405, put.statusCode());
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(""));
        assertTrue(put.body(), put.body().contains("PUT"));
        assertFalse("the key is not echoed", put.body().contains(TRADE) || put.headers().map().toString()
                .contains(TRADE));
        // The real endpoints still answer.
        assertEquals(200, send(HttpRequest.newBuilder(uri("/api/health"))).statusCode());
    }
}
