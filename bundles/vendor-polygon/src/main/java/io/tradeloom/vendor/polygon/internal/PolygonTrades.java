package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tradeloom.core.api.HistoricalTrades;
import io.tradeloom.domain.marketdata.Trade;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequence-gap backfill over REST: {@code GET /v3/trades/{stockTicker}} with {@code timestamp.gte} and
 * {@code timestamp.lte} in nanoseconds, {@code order=asc}, {@code sort=timestamp}, {@code limit} =
 * {@code rest.page.limit}, following {@code next_url} ({@link PolygonRest}). Each result becomes a {@link Trade}
 * with its {@code sequence_number}, {@code id}, {@code price}, {@code size} and {@code sip_timestamp} at
 * nanosecond precision. The WebSocket stamps trades in milliseconds, so a window's end that is a whole millisecond
 * is widened to that millisecond's last nanosecond (the streamed trade at {@code to} is then inside it).
 */
public final class PolygonTrades implements HistoricalTrades {

    private final PolygonConfig config;
    private final PolygonRest rest;

    public PolygonTrades(PolygonConfig config) {
        this.config = config;
        this.rest = new PolygonRest(config);
    }

    @Override
    public String source() {
        return config.id();
    }

    @Override
    public List<Trade> trades(String symbol, Instant from, Instant to) throws Exception {
        long gte = nanos(from);
        long lte = nanos(to);
        if (to.getNano() % 1_000_000 == 0) {
            lte += 999_999;
        }
        if (lte < gte) {
            return List.of();
        }
        String ticker = config.symbolMap().toVenue(symbol);
        URI uri = rest.uri("/v3/trades/" + URLEncoder.encode(ticker, StandardCharsets.UTF_8) + "?timestamp.gte="
                + gte + "&timestamp.lte=" + lte + "&order=asc&sort=timestamp&limit=" + config.restPageLimit());
        List<Trade> out = new ArrayList<>();
        Instant received = Instant.now();
        rest.pages(uri, (jp, request) -> out.add(trade(jp, request, symbol, received)));
        return out;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private Trade trade(JsonParser jp, String request, String symbol, Instant received)
            throws IOException, PolygonRestException {
        BigDecimal price = null;
        BigDecimal size = null;
        String id = null;
        Long sip = null;
        Long sequence = null;
        String name;
        while ((name = jp.nextFieldName()) != null) {
            JsonToken tok = jp.nextToken();
            boolean number = tok == JsonToken.VALUE_NUMBER_INT || tok == JsonToken.VALUE_NUMBER_FLOAT;
            boolean integer = tok == JsonToken.VALUE_NUMBER_INT
                    && jp.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
            switch (name) {
                case "price" -> price = number ? jp.getDecimalValue() : null;
                case "size" -> size = number ? jp.getDecimalValue() : null;
                case "id" -> id = tok == JsonToken.VALUE_STRING ? jp.getText() : null;
                case "sip_timestamp" -> sip = integer ? jp.getLongValue() : null;
                case "sequence_number" -> sequence = integer ? jp.getLongValue() : null;
                default -> jp.skipChildren(); // exchange, conditions, tape, participant/TRF times: no domain field
            }
        }
        String missing = price == null ? "price" : size == null ? "size" : sip == null ? "sip_timestamp"
                : sequence == null ? "sequence_number" : null;
        if (missing != null) {
            throw new PolygonRestException(request, 200, "OK", "result field " + missing
                    + " is missing or not a number");
        }
        Instant at = Instant.ofEpochSecond(Math.floorDiv(sip, 1_000_000_000L), Math.floorMod(sip, 1_000_000_000L));
        return new Trade(symbol, config.id(), price, size, id, at, received, sequence);
    }
}
