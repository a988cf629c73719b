package io.tradeloom.kafka.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.Violation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON of the order topics (schemas in {@code docs/schemas/}): {@code orders.in} records to
 * {@link OrderRequest}s, and order events and submit outcomes to {@code orders.events} records. Decimals are
 * written as strings (exact, never double); times as ISO-8601 UTC at full (nanosecond) precision.
 */
public final class OrderJson {

    public static final String ORDER_EVENT = "ORDER_EVENT";
    public static final String SUBMIT_ACCEPTED = "SUBMIT_ACCEPTED";
    public static final String SUBMIT_REJECTED = "SUBMIT_REJECTED";

    private static final Set<String> FIELDS = Set.of("clientOrderId", "account", "venue", "symbol", "side", "type",
            "timeInForce", "quantity", "limitPrice", "stopPrice", "trailingOffset", "strategy");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OrderJson() {
    }

    /**
     * Reads one {@code orders.in} record.
     *
     * @param key the record key: when present it must equal {@code clientOrderId}
     * @throws BadRecordException naming the field when the record is not a well-formed order request
     */
    public static OrderRequest parseOrder(String key, String json) {
        if (json == null || json.isBlank()) {
            throw new BadRecordException(null, "empty record");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadRecordException(null, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRecordException(null, "not a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new BadRecordException(name, "unknown field (known: " + String.join(", ", FIELDS.stream()
                        .sorted().toList()) + ")");
            }
        }
        String clientOrderId = text(root, "clientOrderId", true);
        if (key != null && !key.equals(clientOrderId)) {
            throw new BadRecordException("clientOrderId", "'" + clientOrderId + "' differs from the record key '"
                    + key + "'");
        }
        String account = text(root, "account", false);
        return new OrderRequest(clientOrderId, account == null ? "default" : account,
                text(root, "venue", true), text(root, "symbol", true),
                enumValue(root, "side", Side.class, null),
                enumValue(root, "type", OrderType.class, OrderType.MARKET),
                enumValue(root, "timeInForce", TimeInForce.class, TimeInForce.DAY),
                decimal(root, "quantity", true), decimal(root, "limitPrice", false),
                decimal(root, "stopPrice", false), decimal(root, "trailingOffset", false),
                text(root, "strategy", false));
    }

    private static JsonNode field(JsonNode root, String name, boolean required) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRecordException(name, "missing");
            }
            return null;
        }
        return v;
    }

    private static String text(JsonNode root, String name, boolean required) {
        JsonNode v = field(root, name, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRecordException(name, "must be a string, was " + type(v) + " " + v);
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            if (required) {
                throw new BadRecordException(name, "missing (blank)");
            }
            return null;
        }
        return s;
    }

    private static BigDecimal decimal(JsonNode root, String name, boolean required) {
        JsonNode v = field(root, name, required);
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new BadRecordException(name, "not a decimal number: \"" + v.asText() + "\"");
            }
        }
        throw new BadRecordException(name, "must be a decimal number or a string holding one, was " + type(v)
                + " " + v);
    }

    private static <E extends Enum<E>> E enumValue(JsonNode root, String name, Class<E> type, E defaultValue) {
        String s = text(root, name, defaultValue == null);
        if (s == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(name, "\"" + s + "\" is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String type(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** One order change, keyed by order id on {@code orders.events}. */
    public static String orderEvent(OrderEvent event) {
        Order o = event.order();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", ORDER_EVENT);
        n.put("at", instant(event.at()));
        n.put("orderId", o.id());
        n.put("clientOrderId", o.clientOrderId());
        n.put("account", o.account());
        n.put("venue", o.venue());
        n.put("symbol", o.symbol());
        n.put("side", o.side().name());
        n.put("orderType", o.type().name());
        n.put("timeInForce", o.timeInForce().name());
        n.put("quantity", decimal(o.quantity()));
        n.put("limitPrice", decimal(o.limitPrice()));
        n.put("stopPrice", decimal(o.stopPrice()));
        n.put("trailingOffset", decimal(o.trailingOffset()));
        n.put("strategy", o.strategy());
        n.put("status", o.status().name());
        n.put("previousStatus", event.previous() == null ? null : event.previous().status().name());
        n.put("filledQty", decimal(o.filledQty()));
        n.put("leavesQty", decimal(o.leavesQty()));
        n.put("avgPrice", decimal(o.avgPrice()));
        n.put("venueOrderId", o.venueOrderId());
        n.put("reason", o.reason());
        n.put("createdAt", instant(o.createdAt()));
        n.put("updatedAt", instant(o.updatedAt()));
        Execution e = event.execution();
        if (e == null) {
            n.putNull("execution");
        } else {
            ObjectNode x = n.putObject("execution");
            x.put("execId", e.execId());
            x.put("execType", e.execType().name());
            x.put("ordStatus", e.ordStatus().name());
            x.put("clientOrderId", e.clientOrderId());
            x.put("venueOrderId", e.venueOrderId());
            x.put("lastQty", decimal(e.lastQty()));
            x.put("lastPrice", decimal(e.lastPrice()));
            x.put("cumQty", decimal(e.cumQty()));
            x.put("leavesQty", decimal(e.leavesQty()));
            x.put("avgPrice", decimal(e.avgPrice()));
            x.put("quantity", decimal(e.quantity()));
            x.put("limitPrice", decimal(e.limitPrice()));
            x.put("transactTime", instant(e.transactTime()));
            x.put("text", e.text());
            x.put("liquidity", e.liquidity().name());
        }
        return n.toString();
    }

    /** The answer to an {@code orders.in} record that was taken: keyed by the order id. */
    public static String accepted(String clientOrderId, Order order, Instant at) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", SUBMIT_ACCEPTED);
        n.put("at", instant(at));
        n.put("clientOrderId", clientOrderId);
        n.put("orderId", order.id());
        n.put("status", order.status().name());
        return n.toString();
    }

    /** The answer to an {@code orders.in} record that the order service refused: keyed by client order id. */
    public static String rejected(String clientOrderId, String reason, List<Violation> violations, Instant at) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", SUBMIT_REJECTED);
        n.put("at", instant(at));
        n.put("clientOrderId", clientOrderId);
        n.put("reason", reason);
        ArrayNode list = n.putArray("violations");
        for (Violation v : violations) {
            ObjectNode x = list.addObject();
            x.put("field", v.field());
            x.put("value", v.value());
            x.put("reason", v.reason());
        }
        return n.toString();
    }

    static String decimal(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    /** For tests and consumers in this bundle: parses a JSON text. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
