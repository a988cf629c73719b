package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.domain.marketdata.Bar;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Backfill over REST: {@code GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}} with
 * {@code sort=asc}, following {@code next_url} page by page ({@link PolygonRest}: the key only in a header, errors
 * as {@link PolygonRestException}).
 */
public final class PolygonBars implements HistoricalBars {

    private final PolygonConfig config;
    private final PolygonRest rest;

    public PolygonBars(PolygonConfig config) {
        this.config = config;
        this.rest = new PolygonRest(config);
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
        URI uri = rest.uri("/v2/aggs/ticker/" + URLEncoder.encode(ticker, StandardCharsets.UTF_8)
                + "/range/" + multiplier + "/" + timespan + "/" + fromMs + "/" + toMs + "?adjusted=true&sort=asc&limit="
                + config.restPageLimit());
        List<Bar> out = new ArrayList<>();
        Instant received = Instant.now();
        rest.pages(uri, (jp, request) -> {
            Bar b = bar(jp, request, symbol, interval, received);
            if (b.timestamp().isBefore(to)) {
                out.add(b);
            }
        });
        return out;
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
}
