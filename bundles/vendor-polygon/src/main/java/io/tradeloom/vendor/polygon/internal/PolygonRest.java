package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Polygon's REST paging, shared by the aggregates ({@link PolygonBars}) and trades ({@link PolygonTrades})
 * backfill: a GET per page, following {@code next_url}. The key goes in {@code Authorization: Bearer}, never in a
 * URL (next_url included: Polygon accepts the header on every page), so request lines can be logged and put in
 * exceptions as they are. A non-2xx answer, or a body whose {@code status} is not OK/DELAYED, becomes a
 * {@link PolygonRestException} with Polygon's status and message; a next_url to another host is refused (the key
 * never leaves for it).
 */
final class PolygonRest {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_PAGES = 1000;

    /** Reads one object of {@code results} (the parser is on its START_OBJECT, and leaves it on its END_OBJECT). */
    interface Result {
        void read(JsonParser jp, String request) throws IOException, PolygonRestException;
    }

    private final PolygonConfig config;
    private final HttpClient http;

    PolygonRest(PolygonConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.restTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code base} URL of the configured REST host plus {@code pathAndQuery}. */
    URI uri(String pathAndQuery) {
        return URI.create(config.restUrl().toString().replaceAll("/+$", "") + pathAndQuery);
    }

    /** Every page from {@code first} on; each result object of each page goes to {@code each}. */
    void pages(URI first, Result each) throws IOException, InterruptedException, PolygonRestException {
        URI uri = first;
        for (int page = 0; uri != null; page++) {
            if (page >= MAX_PAGES) {
                throw new PolygonRestException(request(uri), 200, "ERROR", "more than " + MAX_PAGES + " pages");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(
                    config.restTimeoutMillis())).header("Authorization", "Bearer " + config.apiKey())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            String next = page(request(uri), r.statusCode(), r.body(), each);
            uri = next == null ? null : URI.create(next);
        }
    }

    private static String request(URI uri) {
        return "GET " + uri;
    }

    /** One page; returns next_url or null. */
    private String page(String request, int httpStatus, String body, Result each)
            throws PolygonRestException, IOException {
        String status = null;
        String error = null;
        String nextUrl = null;
        try (JsonParser jp = JSON.createParser(body)) {
            if (jp.nextToken() != JsonToken.START_OBJECT) {
                throw new PolygonRestException(request, httpStatus, null, "answer is not a JSON object: "
                        + abbreviate(body));
            }
            String name;
            while ((name = jp.nextFieldName()) != null) {
                JsonToken tok = jp.nextToken();
                switch (name) {
                    case "status" -> status = jp.getValueAsString();
                    case "error", "message" -> error = jp.getValueAsString();
                    case "next_url" -> nextUrl = jp.getValueAsString();
                    case "results" -> {
                        if (tok == JsonToken.START_ARRAY && httpStatus / 100 == 2) {
                            while (jp.nextToken() == JsonToken.START_OBJECT) {
                                each.read(jp, request);
                            }
                        } else {
                            jp.skipChildren();
                        }
                    }
                    default -> jp.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PolygonRestException(request, httpStatus, status, "answer is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (httpStatus / 100 != 2) {
            throw new PolygonRestException(request, httpStatus, status, error == null ? abbreviate(body) : error);
        }
        if (!"OK".equals(status) && !"DELAYED".equals(status)) {
            throw new PolygonRestException(request, httpStatus, status, error);
        }
        if (nextUrl != null && !nextUrl.isBlank()) {
            URI n = URI.create(nextUrl);
            if (!config.restUrl().getHost().equalsIgnoreCase(n.getHost())) {
                throw new PolygonRestException(request, httpStatus, status, "next_url points to another host: "
                        + n.getHost());
            }
            return nextUrl;
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
