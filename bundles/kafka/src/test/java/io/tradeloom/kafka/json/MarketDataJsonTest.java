package io.tradeloom.kafka.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class MarketDataJsonTest {

    private static final Instant TS = Instant.parse("2026-11-21T14:30:00.123456789Z");
    private static final Instant RX = Instant.parse("2026-11-21T14:30:00.200000001Z");

    @Test
    public void quote() {
        JsonNode n = OrderJson.read(MarketDataJson.toJson(new Quote("AAPL", "sim", new BigDecimal("190.1200"),
                new BigDecimal("300"), new BigDecimal("190.13"), new BigDecimal("0.5"), TS, RX)));
        assertEquals("QUOTE", n.get("type").asText());
        assertEquals("AAPL", n.get("symbol").asText());
        assertEquals("sim", n.get("source").asText());
        assertEquals("190.1200", n.get("bid").asText());
        assertEquals("300", n.get("bidSize").asText());
        assertEquals("190.13", n.get("ask").asText());
        assertEquals("0.5", n.get("askSize").asText());
        assertEquals("2026-11-21T14:30:00.123456789Z", n.get("timestamp").asText());
        assertEquals("2026-11-21T14:30:00.200000001Z", n.get("receivedAt").asText());
        assertTrue(n.get("bid").isTextual());
    }

    @Test
    public void oneSidedQuoteHasNulls() {
        JsonNode n = OrderJson.read(MarketDataJson.toJson(new Quote("AAPL", "sim", null, null,
                new BigDecimal("1E+2"), new BigDecimal("1"), TS, RX)));
        assertTrue(n.get("bid").isNull());
        assertTrue(n.get("bidSize").isNull());
        assertEquals("plain notation, never exponent", "100", n.get("ask").asText());
    }

    @Test
    public void trade() {
        JsonNode n = OrderJson.read(MarketDataJson.toJson(new Trade("MSFT", "sim", new BigDecimal("420.01"),
                new BigDecimal("25"), "t-7", TS, RX)));
        assertEquals("TRADE", n.get("type").asText());
        assertEquals("MSFT", n.get("symbol").asText());
        assertEquals("sim", n.get("source").asText());
        assertEquals("420.01", n.get("price").asText());
        assertEquals("25", n.get("size").asText());
        assertEquals("t-7", n.get("tradeId").asText());
        assertEquals(-1, n.get("sequence").asLong());
        assertEquals("2026-11-21T14:30:00.123456789Z", n.get("timestamp").asText());
        assertEquals("2026-11-21T14:30:00.200000001Z", n.get("receivedAt").asText());
        JsonNode sequenced = OrderJson.read(MarketDataJson.toJson(new Trade("MSFT", "polygon",
                new BigDecimal("420.01"), new BigDecimal("25"), "t-8", TS, RX, 123456789012L)));
        assertEquals(123456789012L, sequenced.get("sequence").asLong());
    }

    @Test
    public void bar() {
        JsonNode n = OrderJson.read(MarketDataJson.toJson(new Bar("SPY", "csv", Duration.ofMinutes(1),
                new BigDecimal("560.1"), new BigDecimal("561"), new BigDecimal("559.99"), new BigDecimal("560.5"),
                new BigDecimal("123456"), TS, RX)));
        assertEquals("BAR", n.get("type").asText());
        assertEquals("SPY", n.get("symbol").asText());
        assertEquals("csv", n.get("source").asText());
        assertEquals("PT1M", n.get("interval").asText());
        assertEquals("560.1", n.get("open").asText());
        assertEquals("561", n.get("high").asText());
        assertEquals("559.99", n.get("low").asText());
        assertEquals("560.5", n.get("close").asText());
        assertEquals("123456", n.get("volume").asText());
        assertEquals("2026-11-21T14:30:00.123456789Z", n.get("timestamp").asText());
        assertEquals("2026-11-21T14:30:00.200000001Z", n.get("receivedAt").asText());
    }
}
