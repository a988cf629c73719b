package io.tradeloom.kafka.internal;

import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class KafkaSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"u\" password=\"hunter2\";";

    @Test
    public void offWithoutBootstrapServers() {
        assertFalse(KafkaSettings.parse(Map.of()).enabled());
        assertFalse(KafkaSettings.parse(Map.of("bootstrap.servers", "  ")).enabled());
        assertFalse(KafkaSettings.parse(null).enabled());
    }

    @Test
    public void defaultsAndOverrides() {
        KafkaSettings d = KafkaSettings.parse(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        assertTrue(d.enabled());
        assertEquals("orders.in", d.ordersIn());
        assertEquals("orders.events", d.ordersEvents());
        assertEquals("marketdata.quotes", d.quotes());
        assertEquals("marketdata.trades", d.trades());
        assertEquals("marketdata.bars", d.bars());
        assertEquals("tradeloom-orders-in", d.groupId());
        assertEquals(10_000, d.ordersBuffer());

        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("topic.orders.in", "desk1.orders");
        p.put("topic.marketdata.quotes", "q");
        p.put("marketdata.enabled", "false");
        p.put("orders.buffer", "5");
        KafkaSettings s = KafkaSettings.parse(p);
        assertEquals("desk1.orders", s.ordersIn());
        assertEquals("q", s.quotes());
        assertFalse(s.marketDataEnabled());
        assertEquals(5, s.ordersBuffer());
    }

    @Test
    public void clientPropertiesPassThroughAndSecretsAreMasked() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("kafka.security.protocol", "SASL_SSL");
        p.put("kafka.sasl.jaas.config", JAAS);
        p.put("kafka.ssl.truststore.password", "changeit");
        KafkaSettings s = KafkaSettings.parse(p);
        assertEquals(JAAS, s.clientProperties().get("sasl.jaas.config"));
        assertEquals("SASL_SSL", s.clientProperties().get("security.protocol"));
        String shown = s.toString() + s.maskedClientProperties();
        assertFalse(shown, shown.contains("hunter2"));
        assertFalse(shown, shown.contains("changeit"));
        assertTrue(shown, shown.contains("security.protocol=SASL_SSL"));
        assertTrue(shown, shown.contains("sasl.jaas.config=****"));
    }

    @Test
    public void badValuesNameKeyAndValue() {
        bad(Map.of("bootstrap.servers", "h:1", "topic.orders.in", "bad topic!"), "topic.orders.in=bad topic!");
        bad(Map.of("bootstrap.servers", "h:1", "orders.buffer", "lots"), "orders.buffer=lots");
        bad(Map.of("bootstrap.servers", "h:1", "marketdata.enabled", "maybe"), "marketdata.enabled=maybe");
    }

    private static void bad(Map<String, Object> props, String expected) {
        try {
            KafkaSettings.parse(props);
            fail("accepted " + props);
        } catch (SettingsException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }
}
