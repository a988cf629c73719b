package io.tradeloom.cluster.api;

import io.tradeloom.cluster.testing.Members;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class DomainJsonTest {

    private static final Instant T = Instant.parse("2026-11-21T14:30:00.123456789Z");

    @Test
    public void orderRoundTripKeepsEveryDigitScaleAndNanosecond() {
        Order o = Members.order("O1", "c-1", "paper", "AAPL", "100.50")
                .transition(OrderStatus.NEW, "acked", T.plusNanos(1));
        String json = DomainJson.toJson(o);
        Order back = DomainJson.order(json);
        assertEquals(o, back);
        assertEquals(new BigDecimal("101.2500").scale(), back.limitPrice().scale());
        assertEquals(T.plusNanos(1), back.updatedAt());
        assertTrue(json, json.contains("\"status\":\"NEW\"") && json.contains("\"venue\":\"paper\""));
    }

    @Test
    public void marketDataRoundTripsByKind() {
        MarketDataEvent[] events = {
                new Quote("AAPL", "sim", new BigDecimal("189.99"), new BigDecimal("300"), new BigDecimal("190.01"),
                        new BigDecimal("200"), T, T.plusMillis(1)),
                new Trade("AAPL", "sim", new BigDecimal("190.00"), new BigDecimal("50"), "t-9", T, T),
                new Trade("AAPL", "polygon", new BigDecimal("190.01"), new BigDecimal("5"), "t-10", T, T, 4711),
                new Bar("AAPL", "sim", Duration.ofMinutes(1), new BigDecimal("189.5"), new BigDecimal("190.2"),
                        new BigDecimal("189.1"), new BigDecimal("190.0"), new BigDecimal("12345"), T, T)};
        for (MarketDataEvent e : events) {
            String json = DomainJson.toJson(e);
            assertTrue(json, json.contains("\"kind\":\"" + DomainJson.kindOf(e) + "\""));
            assertEquals(e, DomainJson.marketData(json));
        }
        // A trade written before the sequence number existed reads as one without it.
        String old = DomainJson.toJson(events[1]).replace(",\"sequence\":-1", "");
        assertTrue(old, !old.contains("sequence"));
        assertEquals(Trade.NO_SEQUENCE, ((Trade) DomainJson.marketData(old)).sequence());
    }

    @Test
    public void badJsonNamesWhatIsWrong() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> DomainJson.marketData("{\"kind\":\"tick\",\"symbol\":\"AAPL\"}"));
        assertTrue(kind.getMessage(), kind.getMessage().contains("kind=tick"));
        String good = DomainJson.toJson(Members.order("O1", "c-1", "paper", "AAPL", "1"));
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> DomainJson.order(good.replace("2026-11-21T14:30:00.123456789Z", "yesterday")));
        assertTrue(time.getMessage(), time.getMessage().contains("yesterday"));
    }
}
