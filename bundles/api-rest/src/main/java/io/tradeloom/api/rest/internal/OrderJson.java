package io.tradeloom.api.rest.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.Violation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON in and out (schemas in docs/api-rest/openapi.json). Requests are read as a tree with exact decimals, so
 * that every wrong field is reported by name; quantities and prices go out as strings (exact decimals) and
 * timestamps as ISO-8601 UTC at full precision. Enum values go out in lower case, as they are accepted.
 */
final class OrderJson {

    /** Fields of an order request; also the names the validation speaks of. */
    static final Set<String> REQUEST_FIELDS = Set.of("clientOrderId", "account", "venue", "symbol", "side", "type",
            "tif", "qty", "price", "stopPrice", "trailingOffset", "strategy");

    /** Keeps decimals as written: "100.10" stays 100.10, not 100.1. */
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private OrderJson() {
    }

    /**
     * Reads an order request. Missing fields stay null (the order validation names them, as in the shell); type
     * defaults to market, tif to day, account to default, as in {@code tradeloom:order-submit}.
     *
     * @throws ApiError 400 naming the problem: not JSON (with line and column), not an object, an unknown field,
     *                  a value of the wrong JSON type or not a number, an unknown enum value
     */
    static OrderRequest readRequest(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.of(400, "invalid JSON", "body", null, "an order JSON object is required");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiError.of(400, "invalid JSON", "body", abbreviate(body), e.getOriginalMessage() + where);
        }
        if (root == null || !root.isObject()) {
            throw ApiError.of(400, "invalid JSON", "body", abbreviate(body), "must be a JSON object");
        }
        List<Violation> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REQUEST_FIELDS.contains(name)) {
                problems.add(Violation.of(name, abbreviate(root.get(name).toString()), "unknown field (allowed: "
                        + REQUEST_FIELDS.stream().sorted().collect(Collectors.joining(", ")) + ")"));
            }
        }
        OrderRequest.Builder b = OrderRequest.builder()
                .clientOrderId(text(root, "clientOrderId", problems))
                .venue(text(root, "venue", problems))
                .symbol(upper(text(root, "symbol", problems)))
                .side(enumValue(root, "side", Side.class, problems))
                .quantity(decimal(root, "qty", problems))
                .limitPrice(decimal(root, "price", problems))
                .stopPrice(decimal(root, "stopPrice", problems))
                .trailingOffset(decimal(root, "trailingOffset", problems))
                .strategy(text(root, "strategy", problems));
        String account = text(root, "account", problems);
        if (account != null) {
            b.account(account);
        }
        OrderType type = enumValue(root, "type", OrderType.class, problems);
        if (type != null) {
            b.type(type);
        }
        TimeInForce tif = enumValue(root, "tif", TimeInForce.class, problems);
        if (tif != null) {
            b.timeInForce(tif);
        }
        if (!problems.isEmpty()) {
            throw new ApiError(400, "invalid order", problems);
        }
        return b.build();
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static JsonNode present(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private static String text(JsonNode root, String field, List<Violation> problems) {
        JsonNode n = present(root, field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            problems.add(Violation.of(field, abbreviate(n.toString()), "must be a JSON string"));
            return null;
        }
        return n.textValue();
    }

    /** A JSON string holding a decimal ("100.25") or a JSON number, kept exact. */
    private static BigDecimal decimal(JsonNode root, String field, List<Violation> problems) {
        JsonNode n = present(root, field);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.textValue().trim());
            } catch (NumberFormatException e) {
                problems.add(Violation.of(field, n.textValue(), "not a number"));
                return null;
            }
        }
        problems.add(Violation.of(field, abbreviate(n.toString()), "must be a decimal number or a string holding one"));
        return null;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode root, String field, Class<E> type,
                                                    List<Violation> problems) {
        String v = text(root, field, problems);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(Violation.of(field, v, "must be one of " + names(type)));
            return null;
        }
    }

    static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> lower(c)).collect(Collectors.joining(", "));
    }

    /** Long bodies are cut in messages (the dead letter keeps the whole body). */
    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static ObjectNode order(Order o) {
        ObjectNode n = NODES.objectNode();
        n.put("id", o.id());
        n.put("clientOrderId", o.clientOrderId());
        n.put("account", o.account());
        n.put("venue", o.venue());
        n.put("symbol", o.symbol());
        n.put("side", lower(o.side()));
        n.put("type", lower(o.type()));
        n.put("tif", lower(o.timeInForce()));
        n.put("qty", plain(o.quantity()));
        n.put("price", plain(o.limitPrice()));
        n.put("stopPrice", plain(o.stopPrice()));
        n.put("trailingOffset", plain(o.trailingOffset()));
        n.put("strategy", o.strategy());
        n.put("status", lower(o.status()));
        n.put("filledQty", plain(o.filledQty()));
        n.put("leavesQty", plain(o.leavesQty()));
        n.put("avgPrice", plain(o.avgPrice()));
        n.put("venueOrderId", o.venueOrderId());
        n.put("reason", o.reason());
        n.put("createdAt", time(o.createdAt()));
        n.put("updatedAt", time(o.updatedAt()));
        return n;
    }

    static ArrayNode orders(List<Order> orders) {
        ArrayNode a = NODES.arrayNode();
        orders.forEach(o -> a.add(order(o)));
        return a;
    }

    static ArrayNode positions(List<Position> positions) {
        ArrayNode a = NODES.arrayNode();
        for (Position p : positions) {
            ObjectNode n = a.addObject();
            n.put("account", p.account());
            n.put("symbol", p.symbol());
            n.put("qty", plain(p.quantity()));
            n.put("averageCost", plain(p.averageCost()));
            n.put("realizedPnl", plain(p.realizedPnl()));
        }
        return a;
    }

    static ArrayNode venues(List<VenueView> venues) {
        ArrayNode a = NODES.arrayNode();
        for (VenueView v : venues) {
            ObjectNode n = a.addObject();
            n.put("id", v.id());
            n.put("kind", lower(v.kind()));
            n.put("adapter", v.adapter());
            n.put("bundle", v.bundle());
            n.put("state", lower(v.state()));
            n.put("detail", v.detail());
            n.put("messagesIn", v.messagesIn());
            n.put("messagesOut", v.messagesOut());
            n.put("errors", v.errors());
            if (v.lastMessageAgeMillis() >= 0) {
                n.put("lastMessageAgeMillis", v.lastMessageAgeMillis());
            } else {
                n.putNull("lastMessageAgeMillis");
            }
        }
        return a;
    }

    static ObjectNode error(ApiError e) {
        ObjectNode n = NODES.objectNode();
        n.put("status", e.status());
        n.put("error", e.title());
        n.put("message", e.getMessage());
        ArrayNode vs = n.putArray("violations");
        for (Violation v : e.violations()) {
            ObjectNode vn = vs.addObject();
            vn.put("field", v.field());
            vn.put("value", v.value());
            vn.put("reason", v.reason());
        }
        return n;
    }

    static ObjectNode object(Map<String, ?> fields) {
        return MAPPER.valueToTree(fields);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always renders", e);
        }
    }
}
