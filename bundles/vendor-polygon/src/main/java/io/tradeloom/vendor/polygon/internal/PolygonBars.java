package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.domain.marketdata.Bar;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Backfill over REST: {@code GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}} with
 * {@code sort=asc}, following {@code next_url} page by page. The key goes in {@code Authorization: Bearer}, never
 * in a URL, so request lines can be logged and put in exceptions as they are. A non-2xx answer, or a body whose
 * {@code status} is not OK/DELAYED, becomes a {@link PolygonRestException} with Polygon's status and message.
 */
public final class PolygonBars implements HistoricalBars {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_PAGES = 1000;

    private final PolygonConfig config;
    private final HttpClient http;

    public PolygonBars(PolygonConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.restTimeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String source() {
        return config.id();
    }

    @Override
    public List<Bar> bars(String symbol, Duration interval, Instant from, Instant to) throws Exception {
        long secs = interval.getSeconds();
        if (secs <= 0 || interval.getNano() != 0) {
            throw new IllegalArgumentException("interval=" + interval + ": Polygon aggregates need whole seconds");
        }
        String timespan;
        long multiplier;
        if (secs % 86_400 == 0) {
            timespan = "day";
            multiplier = secs / 86_400;
        } else if (secs % 3600 == 0) {
            timespan = "hour";
            multiplier = secs / 3600;
        } else if (secs % 60 == 0) {
            timespan = "minute";
            multiplier = secs / 60;
        } else {
            timespan = "second";
            multiplier = secs;
        }
        String ticker = config.symbolMap().toVenue(symbol);
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli() - 1; // Polygon's "to" is inclusive; ours is exclusive
        if (toMs < fromMs) {
            return List.of();
        }
        String base = config.restUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/v2/aggs/ticker/" + URLEncoder.encode(ticker, StandardCharsets.UTF_8)
                + "/range/" + multiplier + "/" + timespan + "/" + fromMs + "/" + toMs + "?adjusted=true&sort=asc&limit="
                + config.restPageLimit());
        List<Bar> out = new ArrayList<>();
        Instant received = Instant.now();
        for (int page = 0; uri != null; page++) {
            if (page >= MAX_PAGES) {
                throw new PolygonRestException(request(uri), 200, "ERROR", "more than " + MAX_PAGES + " pages");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(
                    config.restTimeoutMillis())).header("Authorization", "Bearer " + config.apiKey())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            String next = parse(request(uri), r.statusCode(), r.body(), symbol, interval, to, received, out);
            uri = next == null ? null : URI.create(next);
        }
        return out;
    }

    private static String request(URI uri) {
        return "GET " + uri;
    }

    /** Adds this page's bars; returns next_url or null. */
    private String parse(String request, int httpStatus, String body, String symbol, Duration interval, Instant to,
                         Instant received, List<Bar> out) throws PolygonRestException, IOException {
        String status = null;
        String error = null;
        String nextUrl = null;
        List<Bar> page = new ArrayList<>();
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
                        if (tok == JsonToken.START_ARRAY) {
                            while (jp.nextToken() == JsonToken.START_OBJECT) {
                                page.add(bar(jp, request, symbol, interval, received));
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
        for (Bar b : page) {
            if (b.timestamp().isBefore(to)) {
                out.add(b);
            }
        }
        if (nextUrl != null && !nextUrl.isBlank()) {
            URI n = URI.create(nextUrl);
            if (!config.restUrl().getHost().equalsIgnoreCase(n.getHost())) {
                // Never send the key to another host.
                throw new PolygonRestException(request, httpStatus, status, "next_url points to another host: "
                        + n.getHost());
            }
            return nextUrl;
        }
        return null;
    }

    private Bar bar(JsonParser jp, String request, String symbol, Duration interval, Instant received)
            throws IOException, PolygonRestException {
        BigDecimal o = null;
        BigDecimal h = null;
        BigDecimal l = null;
        BigDecimal c = null;
        BigDecimal v = null;
        Long t = null;
        String name;
        while ((name = jp.nextFieldName()) != null) {
            JsonToken tok = jp.nextToken();
            boolean number = tok == JsonToken.VALUE_NUMBER_INT || tok == JsonToken.VALUE_NUMBER_FLOAT;
            switch (name) {
                case "o" -> o = number ? jp.getDecimalValue() : null;
                case "h" -> h = number ? jp.getDecimalValue() : null;
                case "l" -> l = number ? jp.getDecimalValue() : null;
                case "c" -> c = number ? jp.getDecimalValue() : null;
                case "v" -> v = number ? jp.getDecimalValue() : null;
                case "t" -> t = tok == JsonToken.VALUE_NUMBER_INT ? jp.getLongValue() : null;
                default -> jp.skipChildren();
            }
        }
        String missing = o == null ? "o" : h == null ? "h" : l == null ? "l" : c == null ? "c" : v == null ? "v"
                : t == null ? "t" : null;
        if (missing != null) {
            throw new PolygonRestException(request, 200, "OK", "result field " + missing
                    + " is missing or not a number");
        }
        return new Bar(symbol, config.id(), interval, o, h, l, c, v, Instant.ofEpochMilli(t), received);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
