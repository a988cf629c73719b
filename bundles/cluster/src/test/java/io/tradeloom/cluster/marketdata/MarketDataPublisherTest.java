package io.tradeloom.cluster.marketdata;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.topic.ITopic;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.DomainJson;
import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.testing.Members;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Ticks handed to the publisher reach readers of the per-kind reliable topics on a real member. */
public class MarketDataPublisherTest {

    private static HazelcastMember member;

    @BeforeClass
    public static void start() {
        member = Members.standalone("md-test", null);
    }

    @AfterClass
    public static void stop() {
        member.close();
    }

    private static Quote quote(int i) {
        Instant t = Instant.parse("2026-11-21T14:30:00Z").plusNanos(i);
        return new Quote("AAPL", "sim", new BigDecimal("190.00").add(BigDecimal.valueOf(i, 2)), BigDecimal.TEN,
                new BigDecimal("190.05"), BigDecimal.ONE, t, t);
    }

    @Test
    public void eachKindGoesToItsTopicInOrder() {
        List<MarketDataEvent> quotes = new CopyOnWriteArrayList<>();
        List<MarketDataEvent> trades = new CopyOnWriteArrayList<>();
        List<MarketDataEvent> bars = new CopyOnWriteArrayList<>();
        listen(ClusterNames.QUOTES, quotes);
        listen(ClusterNames.TRADES, trades);
        listen(ClusterNames.BARS, bars);
        Instant t = Instant.parse("2026-11-21T14:30:00.000000001Z");
        Trade trade = new Trade("MSFT", "sim", new BigDecimal("410.5"), new BigDecimal("7"), "T1", t, t);
        Bar bar = new Bar("MSFT", "sim", Duration.ofMinutes(1), BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE,
                BigDecimal.TEN, new BigDecimal("1000"), t, t);
        try (MarketDataPublisher p = new MarketDataPublisher(member.instance(), MarketDataListener.NORMALIZED,
                1000, 16).start()) {
            for (int i = 0; i < 100; i++) {
                p.onMarketData(quote(i));
            }
            p.onMarketData(trade);
            p.onMarketData(bar);
            await("all published", () -> p.getPublished() == 102);
            assertEquals(0, p.getDropped());
            assertEquals(0, p.getFailed());
        }
        await("readers got them", () -> quotes.size() == 100 && trades.size() == 1 && bars.size() == 1);
        for (int i = 0; i < 100; i++) {
            assertEquals(quote(i), quotes.get(i));
        }
        assertEquals(List.of(trade), trades);
        assertEquals(List.of(bar), bars);
    }

    @Test
    public void aFullQueueDropsAndCountsWithoutBlockingTheCaller() {
        // Not started: nothing drains the queue of 5.
        MarketDataPublisher p = new MarketDataPublisher(member.instance(), MarketDataListener.CONSOLIDATED, 5, 4);
        for (int i = 0; i < 12; i++) {
            p.onMarketData(quote(i));
        }
        assertEquals(5, p.getQueued());
        assertEquals(7, p.getDropped());
        p.start();
        await("the queued five published", () -> p.getPublished() == 5);
        p.close();
        long size = member.instance().getRingbuffer("_hz_rb_"
                + ClusterNames.marketDataTopic(MarketDataListener.CONSOLIDATED, ClusterNames.QUOTES)).size();
        assertEquals(5, size);
    }

    private static void listen(String kind, List<MarketDataEvent> into) {
        ITopic<HazelcastJsonValue> topic = member.instance().getReliableTopic(
                ClusterNames.marketDataTopic(MarketDataListener.NORMALIZED, kind));
        topic.addMessageListener(m -> into.add(DomainJson.marketData(m.getMessageObject().getValue())));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
