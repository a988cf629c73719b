package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import org.junit.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** {@code delivery.chunk}: a frame's events go out in chunks of at most N, in wire order, nothing lost. */
public class PolygonFeedChunkTest {

    private static Map<String, Object> props(String delivery, String chunk) {
        Map<String, Object> p = new HashMap<>();
        p.put("felix.fileinstall.filename", "file:/opt/etc/io.tradeloom.vendor.polygon-live.cfg");
        p.put("id", "poly");
        p.put("ws.url", "ws://127.0.0.1:1/stocks");
        p.put("api.key", "k");
        p.put("symbols", "*");
        p.put("delivery", delivery);
        if (chunk != null) {
            p.put("delivery.chunk", chunk);
        }
        return p;
    }

    private static String frame(int events, int badAt) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < events; i++) {
            b.append(i == 0 ? "" : ",");
            if (i == badAt) {
                b.append("{\"ev\":\"T\",\"sym\":\"X\",\"p\":\"oops\",\"s\":1,\"t\":1}");
            } else {
                b.append("{\"ev\":\"T\",\"sym\":\"S").append(i).append("\",\"p\":1.5,\"s\":10,\"t\":").append(1000 + i)
                        .append('}');
            }
        }
        return b.append(']').toString();
    }

    private static List<List<String>> deliveries(PolygonConfig config, String frame, DeadLetterStore dead) {
        List<List<String>> out = new ArrayList<>();
        PolygonFeed feed = new PolygonFeed(config, new PolygonFeed.Sink() {
            @Override
            public void accept(MarketDataEvent e) {
                out.add(List.of(e.symbol()));
            }

            @Override
            public void acceptAll(List<MarketDataEvent> events) {
                out.add(events.stream().map(MarketDataEvent::symbol).toList());
            }
        }, dead);
        try {
            feed.frame(frame);
        } finally {
            feed.close();
        }
        return out;
    }

    @Test
    public void chunksOfAFrameInWireOrder() {
        DeadLetterStore dead = new DeadLetterStore();
        List<List<String>> got = deliveries(PolygonConfig.parse(props("frame", "3")), frame(8, 4), dead);
        // 8 events, the fifth malformed (dead-lettered): S0 S1 S2 | S3 S5 S6 | S7
        assertEquals(List.of(List.of("S0", "S1", "S2"), List.of("S3", "S5", "S6"), List.of("S7")), got);
        assertEquals(1, dead.recent(10).size());
    }

    @Test
    public void wholeFrameWithoutChunk() {
        List<List<String>> got = deliveries(PolygonConfig.parse(props("frame", null)), frame(5, -1),
                new DeadLetterStore());
        assertEquals(List.of(List.of("S0", "S1", "S2", "S3", "S4")), got);
    }

    @Test
    public void chunkIsCheckedAndIgnoredForTickDelivery() {
        assertEquals(0, PolygonConfig.parse(props("frame", null)).deliveryChunk());
        SettingsException e = assertThrows(SettingsException.class,
                () -> PolygonConfig.parse(props("frame", "-2")));
        assertTrue(e.getMessage(), e.getMessage().contains("delivery.chunk=-2"));
        List<List<String>> got = deliveries(PolygonConfig.parse(props("tick", "2")), frame(3, -1),
                new DeadLetterStore());
        assertEquals(List.of(List.of("S0"), List.of("S1"), List.of("S2")), got);
    }
}
