package io.tradeloom.cluster.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.order.Order;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON form of domain records in the shared maps and topics: the record's components by name, prices and
 * quantities as JSON numbers with their exact BigDecimal digits and scale, times as ISO-8601 UTC strings at full
 * (nanosecond) precision, durations as ISO-8601. JSON rather than Java serialization: no class loader coupling
 * between bundles, readable by any client, and Hazelcast indexes and queries its fields.
 */
public final class DomainJson {

    /** The field naming the kind of a market-data event: {@code quote}, {@code trade} or {@code bar}. */
    public static final String KIND = "kind";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("tradeloom-time")
                    .addSerializer(Instant.class, new ToStringSerializer<>())
                    .addDeserializer(Instant.class, new ParsingDeserializer<>(Instant::parse))
                    .addSerializer(Duration.class, new ToStringSerializer<>())
                    .addDeserializer(Duration.class, new ParsingDeserializer<>(Duration::parse)))
            // Newer writers may add fields; an older reader keeps working.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
            // Trees (market data carries a kind field) keep 300 as 300, not 3E+2.
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private DomainJson() {
    }

    public static String toJson(Order order) {
        try {
            return MAPPER.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("order " + order.id() + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    public static Order order(String json) {
        return read(json, Order.class, "order");
    }

    /** A market-data event with a {@value #KIND} field naming its type. */
    public static String toJson(MarketDataEvent event) {
        ObjectNode node = MAPPER.valueToTree(event);
        node.put(KIND, kindOf(event));
        return node.toString();
    }

    public static MarketDataEvent marketData(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed market-data JSON: " + e.getOriginalMessage(), e);
        }
        String kind = node.path(KIND).asText(null);
        Class<? extends MarketDataEvent> type = switch (kind == null ? "" : kind) {
            case "quote" -> Quote.class;
            case "trade" -> Trade.class;
            case "bar" -> Bar.class;
            default -> throw new IllegalArgumentException("market-data JSON: kind=" + kind
                    + ": must be quote, trade or bar");
        };
        ((ObjectNode) node).remove(KIND);
        if (type == Trade.class && !node.has("sequence")) {
            // Written before trades carried the venue's sequence number: none, not sequence 0.
            ((ObjectNode) node).put("sequence", Trade.NO_SEQUENCE);
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + kind + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code quote}, {@code trade} or {@code bar}. */
    public static String kindOf(MarketDataEvent event) {
        if (event instanceof Quote) {
            return "quote";
        }
        if (event instanceof Trade) {
            return "trade";
        }
        return "bar";
    }

    private static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + what + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class ToStringSerializer<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class ParsingDeserializer<T> extends JsonDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        ParsingDeserializer(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                throw JsonMappingException.from(p, "not a valid time value: '" + text + "' (" + e.getMessage() + ")");
            }
        }
    }
}
