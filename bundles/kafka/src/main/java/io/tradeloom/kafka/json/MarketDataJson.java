package io.tradeloom.kafka.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;

import static io.tradeloom.kafka.json.OrderJson.decimal;
import static io.tradeloom.kafka.json.OrderJson.instant;

/**
 * The JSON of the {@code marketdata.*} topics (schema in {@code docs/schemas/marketdata.json}), keyed by symbol.
 * Decimals as strings, times ISO-8601 UTC at the venue's precision (nanoseconds kept), bar interval ISO-8601.
 */
public final class MarketDataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MarketDataJson() {
    }

    public static String toJson(MarketDataEvent event) {
        ObjectNode n = MAPPER.createObjectNode();
        if (event instanceof Quote q) {
            n.put("type", "QUOTE");
            common(n, q);
            n.put("bid", decimal(q.bid()));
            n.put("bidSize", decimal(q.bidSize()));
            n.put("ask", decimal(q.ask()));
            n.put("askSize", decimal(q.askSize()));
        } else if (event instanceof Trade t) {
            n.put("type", "TRADE");
            common(n, t);
            n.put("price", decimal(t.price()));
            n.put("size", decimal(t.size()));
            n.put("tradeId", t.tradeId());
            n.put("sequence", t.sequence());
        } else if (event instanceof Bar b) {
            n.put("type", "BAR");
            common(n, b);
            n.put("interval", b.interval().toString());
            n.put("open", decimal(b.open()));
            n.put("high", decimal(b.high()));
            n.put("low", decimal(b.low()));
            n.put("close", decimal(b.close()));
            n.put("volume", decimal(b.volume()));
        }
        n.put("timestamp", instant(event.timestamp()));
        n.put("receivedAt", instant(event.receivedAt()));
        return n.toString();
    }

    private static void common(ObjectNode n, MarketDataEvent e) {
        n.put("symbol", e.symbol());
        n.put("source", e.source());
    }
}
