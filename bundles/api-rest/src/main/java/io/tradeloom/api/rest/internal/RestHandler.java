package io.tradeloom.api.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;
import io.tradeloom.domain.venue.VenueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What each endpoint does, free of HTTP plumbing: authorizes the key, calls the core's services and turns every
 * outcome, errors included, into a status and a JSON body. It never throws and never answers a stack trace.
 */
final class RestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

    static final String DLQ_SOURCE = "rest";
    static final String KIND_JSON = "order-json";
    static final String KIND_REQUEST = "order-request";

    /** The endpoints. */
    enum Op {
        HEALTH, SUBMIT, LIST, GET, CANCEL, POSITIONS, VENUES
    }

    /**
     * One HTTP request.
     *
     * @param path   the decoded path, e.g. {@code /api/orders/O-000001}
     * @param query  decoded query parameters
     * @param header request header by name (case-insensitive), null when absent
     */
    record Request(String method, String path, Map<String, List<String>> query, Function<String, String> header,
                   String body) {
    }

    /** One answer: status, JSON body and extra headers (Location, WWW-Authenticate). */
    record Response(int status, String json, Map<String, String> headers) {
    }

    private final OrderService orders;
    private final VenueDirectory venues;
    private final RiskService risk;
    private final DeadLetterQueue deadLetters;
    private final RestMetrics metrics;
    private final Supplier<RestConfig> config;

    RestHandler(OrderService orders, VenueDirectory venues, RiskService risk, DeadLetterQueue deadLetters,
                RestMetrics metrics, Supplier<RestConfig> config) {
        this.orders = orders;
        this.venues = venues;
        this.risk = risk;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.config = config;
    }

    Response handle(Op op, Request r) {
        String who = "-";
        Response out;
        try {
            if (op != Op.HEALTH || !config.get().healthOpen()) {
                who = authorize(r, op == Op.SUBMIT || op == Op.CANCEL ? ApiKeys.Role.TRADE : ApiKeys.Role.READ)
                        .name();
            }
            out = switch (op) {
                case HEALTH -> ok(health());
                case SUBMIT -> submit(r, who);
                case LIST -> ok(OrderJson.orders(list(r)));
                case GET -> ok(OrderJson.order(orders.order(orderId(r)).orElseThrow(() ->
                        ApiError.of(404, "not found", "id", orderId(r), "unknown order"))));
                case CANCEL -> cancel(r);
                case POSITIONS -> ok(OrderJson.positions(positions(r)));
                case VENUES -> ok(OrderJson.venues(venues.venues()));
            };
        } catch (ApiError e) {
            out = error(e);
            if (e.status() == 401 || e.status() == 403) {
                LOG.warn("rest: {} {} -> {} ({}): {}", r.method(), r.path(), e.status(), who, e.getMessage());
            } else {
                LOG.info("rest: {} {} -> {} (key {}): {}", r.method(), r.path(), e.status(), who, e.getMessage());
            }
        } catch (RuntimeException e) {
            String ref = UUID.randomUUID().toString();
            LOG.error("rest: {} {} failed (key {}), reference {}", r.method(), r.path(), who, ref, e);
            out = error(ApiError.of(500, "internal error, reference " + ref + " (see the log)"));
        }
        metrics.answered(out.status());
        return out;
    }

    /** The key of the request, if it has the role; a key in the query string is never looked at. */
    private ApiKeys.Key authorize(Request r, ApiKeys.Role needed) {
        String presented = r.header().apply("X-API-Key");
        String auth = r.header().apply("Authorization");
        if ((presented == null || presented.isBlank()) && auth != null
                && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.substring(7).trim();
        }
        if (presented == null || presented.isBlank()) {
            throw new ApiError(401, "unauthorized", List.of(new Violation("X-API-Key", null,
                    "an API key is required (header X-API-Key or Authorization: Bearer)")));
        }
        ApiKeys.Key key = config.get().keys().authenticate(presented.trim()).orElseThrow(() ->
                new ApiError(401, "unauthorized", List.of(new Violation("X-API-Key", "(not shown)",
                        "unknown API key"))));
        if (!key.role().allows(needed)) {
            throw new ApiError(403, "forbidden", List.of(new Violation("X-API-Key", "key " + key.name(),
                    "role " + OrderJson.lower(key.role()) + " cannot " + (needed == ApiKeys.Role.TRADE
                    ? "submit or cancel orders (needs role trade)" : "read"))));
        }
        return key;
    }

    private Response submit(Request r, String who) {
        String contentType = r.header().apply("Content-Type");
        if (contentType != null && !contentType.isBlank()
                && !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json")) {
            ApiError e = ApiError.of(415, "unsupported media type", "Content-Type", contentType,
                    "must be application/json");
            deadLetter(KIND_JSON, r.body(), e.getMessage(), who);
            throw e;
        }
        OrderRequest request;
        try {
            request = OrderJson.readRequest(r.body());
        } catch (ApiError e) {
            deadLetter(KIND_JSON, r.body(), e.getMessage(), who);
            throw e;
        }
        Instant received = Instant.now();
        Order order;
        try {
            order = orders.submit(request);
        } catch (ValidationException e) {
            deadLetter(KIND_REQUEST, r.body(), e.getMessage(), who);
            throw ApiError.from(400, e);
        }
        // The service returns the existing order for a client order id seen before: created before this request.
        boolean replay = order.createdAt().isBefore(received);
        if (replay) {
            LOG.info("rest: POST /api/orders (key {}): clientOrderId {} seen before, existing order {}", who,
                    order.clientOrderId(), order.id());
            return new Response(200, OrderJson.write(OrderJson.order(order)), Map.of("Location",
                    "/api/orders/" + order.id()));
        }
        // Per-order success lines are debug: the gateway and venues already log what happens to an order.
        LOG.debug("rest: order {} submitted (key {}): {} {} {} {}", order.id(), who, OrderJson.lower(order.side()),
                order.quantity().toPlainString(), order.symbol(), order.venue());
        return new Response(201, OrderJson.write(OrderJson.order(order)), Map.of("Location",
                "/api/orders/" + order.id()));
    }

    private void deadLetter(String kind, String body, String reason, String who) {
        try {
            deadLetters.add(DLQ_SOURCE, kind, body == null ? "" : body, reason + " (key " + who + ")");
            metrics.deadLettered();
        } catch (RuntimeException e) {
            LOG.warn("rest: could not dead-letter a {} body: {}", kind, e.toString());
        }
    }

    private Response cancel(Request r) {
        String id = orderId(r);
        try {
            Order o = orders.cancel(id);
            LOG.debug("rest: cancel of order {} requested, now {}", id, o.status());
            return new Response(202, OrderJson.write(OrderJson.order(o)), Map.of());
        } catch (ValidationException e) {
            boolean unknown = e.violations().stream().anyMatch(v -> v.field().equals("id")
                    && v.reason().equals("unknown order"));
            throw ApiError.from(unknown ? 404 : 409, e);
        }
    }

    private static String orderId(Request r) {
        String prefix = "/api/orders/";
        String id = r.path().startsWith(prefix) ? r.path().substring(prefix.length()) : "";
        if (id.isBlank() || id.contains("/")) {
            throw ApiError.of(404, "not found", "id", id, "unknown order");
        }
        return id;
    }

    private List<Order> list(Request r) {
        Map<String, String> q = params(r, Set.of("state", "venue", "symbol", "open"));
        Boolean open = null;
        if (q.containsKey("open")) {
            open = switch (q.get("open").toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw ApiError.of(400, "invalid query", "open", q.get("open"), "must be true or false");
            };
        }
        Set<OrderStatus> states = null;
        if (q.containsKey("state")) {
            states = EnumSet.noneOf(OrderStatus.class);
            for (String s : q.get("state").split(",")) {
                try {
                    states.add(OrderStatus.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw ApiError.of(400, "invalid query", "state", s.trim(), "must be one of "
                            + OrderJson.names(OrderStatus.class));
                }
            }
        }
        Set<OrderStatus> wanted = states;
        Boolean openOnly = open;
        String venue = q.get("venue");
        String symbol = q.get("symbol");
        return orders.orders(Boolean.TRUE.equals(openOnly)).stream()
                .filter(o -> openOnly == null || o.status().open() == openOnly)
                .filter(o -> wanted == null || wanted.contains(o.status()))
                .filter(o -> venue == null || venue.equals(o.venue()))
                .filter(o -> symbol == null || symbol.equalsIgnoreCase(o.symbol()))
                .toList();
    }

    private List<Position> positions(Request r) {
        Map<String, String> q = params(r, Set.of("account", "symbol"));
        String account = q.get("account");
        String symbol = q.get("symbol");
        return risk.positions().stream()
                .filter(p -> account == null || account.equals(p.account()))
                .filter(p -> symbol == null || symbol.equalsIgnoreCase(p.symbol()))
                .toList();
    }

    /** One value per known parameter; an unknown or repeated one is a 400, so that a typo does not filter nothing. */
    private static Map<String, String> params(Request r, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : r.query().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw ApiError.of(400, "invalid query", e.getKey(), String.join(",", e.getValue()),
                        "unknown parameter (allowed: " + allowed.stream().sorted().collect(Collectors.joining(", "))
                                + ")");
            }
            if (e.getValue().size() != 1) {
                throw ApiError.of(400, "invalid query", e.getKey(), String.join(",", e.getValue()),
                        "give it once");
            }
            String v = e.getValue().get(0).trim();
            if (!v.isEmpty()) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private JsonNode health() {
        List<VenueView> all = venues.venues();
        long up = all.stream().filter(v -> v.state() == VenueState.UP).count();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "up");
        h.put("time", Instant.now().toString());
        h.put("venues", all.size());
        h.put("venuesUp", up);
        return OrderJson.object(h);
    }

    private static Response ok(JsonNode body) {
        return new Response(200, OrderJson.write(body), Map.of());
    }

    private static Response error(ApiError e) {
        Map<String, String> headers = e.status() == 401 ? Map.of("WWW-Authenticate", "Bearer realm=\"tradeloom\"")
                : Map.of();
        return new Response(e.status(), OrderJson.write(OrderJson.error(e)), headers);
    }
}
