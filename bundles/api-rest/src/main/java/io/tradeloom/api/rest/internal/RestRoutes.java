package io.tradeloom.api.rest.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.http.NettyHttpMessage;
import org.apache.camel.model.rest.RestBindingMode;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The REST endpoints on camel-netty-http (Camel REST DSL), each handed to {@link RestHandler}. The route group is
 * re-registered when host or port change; key changes need no restart.
 */
final class RestRoutes extends RouteBuilder {

    static final String ID = "tradeloom.api.rest.";
    /** Registry name of the listener's TLS parameters (bound only when HTTPS is configured). */
    static final String SSL_BEAN = "tradeloom.api.rest.ssl";

    private final RestConfig config;
    private final RestHandler handler;

    RestRoutes(RestConfig config, RestHandler handler) {
        this.config = config;
        this.handler = handler;
    }

    @Override
    public void configure() {
        var rest = restConfiguration().component("netty-http").scheme(config.scheme()).host(config.host())
                .port(config.port()).bindingMode(RestBindingMode.off)
                // A failure that escapes the handler must never put a stack trace into a response.
                .consumerProperty("muteException", "true");
        if (config.tls() != null) {
            // A bean reference, so that no password ever appears in an endpoint URI (routes, JMX, logs).
            getContext().getRegistry().bind(SSL_BEAN, config.tls().sslContextParameters());
            rest.endpointProperty("ssl", "true").endpointProperty("sslContextParameters", "#" + SSL_BEAN);
        }

        onException(Exception.class).handled(true).process(e -> {
            Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            log.error("rest: request failed in the HTTP plumbing", cause);
            answer(e, new RestHandler.Response(500, OrderJson.write(OrderJson.error(
                    ApiError.of(500, "internal error (see the log)"))), Map.of()));
        });

        rest("/api")
                .get("/health").id(ID + "get-health").to("direct:" + ID + "health")
                .post("/orders").id(ID + "post-orders").to("direct:" + ID + "submit")
                .get("/orders").id(ID + "get-orders").to("direct:" + ID + "list")
                .get("/orders/{id}").id(ID + "get-order").to("direct:" + ID + "get")
                .delete("/orders/{id}").id(ID + "delete-order").to("direct:" + ID + "cancel")
                .get("/positions").id(ID + "get-positions").to("direct:" + ID + "positions")
                .get("/venues").id(ID + "get-venues").to("direct:" + ID + "venues");

        // Everything else under /api: netty-http picks the REST paths above first and this prefix consumer only
        // when none matches, so a client gets a JSON answer naming the path instead of an empty 404.
        String tls = config.tls() != null ? "&ssl=true&sslContextParameters=#" + SSL_BEAN : "";
        from("netty-http:" + config.scheme() + "://" + config.host() + ":" + config.port()
                + "/api?matchOnUriPrefix=true&muteException=true" + tls).routeId(ID + "unmatched")
                .process(e -> answer(e, unmatched(request(e))));

        for (RestHandler.Op op : RestHandler.Op.values()) {
            String name = op.name().toLowerCase(java.util.Locale.ROOT);
            from("direct:" + ID + name).routeId(ID + "handle-" + name)
                    .process(e -> answer(e, handler.handle(op, request(e))));
        }
    }

    /** Methods of each REST path; a known path with another method is 405, any other path 404. */
    private static final Map<java.util.regex.Pattern, String> PATHS = Map.of(
            java.util.regex.Pattern.compile("/api/health/?"), "GET",
            java.util.regex.Pattern.compile("/api/orders/?"), "GET, POST",
            java.util.regex.Pattern.compile("/api/orders/[^/]+/?"), "GET, DELETE",
            java.util.regex.Pattern.compile("/api/positions/?"), "GET",
            java.util.regex.Pattern.compile("/api/venues/?"), "GET");

    static RestHandler.Response unmatched(RestHandler.Request r) {
        for (var e : PATHS.entrySet()) {
            if (e.getKey().matcher(r.path()).matches()) {
                return new RestHandler.Response(405, OrderJson.write(OrderJson.error(ApiError.of(405,
                        "method not allowed", "method", r.method(), "allowed: " + e.getValue()))),
                        Map.of("Allow", e.getValue()));
            }
        }
        return new RestHandler.Response(404, OrderJson.write(OrderJson.error(ApiError.of(404, "not found", "path",
                r.path(), "no such endpoint (see /api/health, /api/orders, /api/positions, /api/venues)"))),
                Map.of());
    }

    /**
     * Reads the request from Netty's own request, not from Camel headers: netty-http also maps query parameters
     * to headers, and a key must only ever come from a real header.
     */
    static RestHandler.Request request(Exchange e) {
        NettyHttpMessage netty = e.getIn(NettyHttpMessage.class);
        if (netty == null || netty.getHttpRequest() == null) {
            throw new IllegalStateException("not a netty-http request");
        }
        FullHttpRequest raw = netty.getHttpRequest();
        QueryStringDecoder uri = new QueryStringDecoder(raw.uri(), StandardCharsets.UTF_8);
        byte[] bytes = e.getIn().getBody(byte[].class);
        String body = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        return new RestHandler.Request(raw.method().name(), uri.path(), uri.parameters(),
                name -> raw.headers().get(name), body);
    }

    /** Replaces everything on the message, so that no request header (the key!) is echoed in the response. */
    static void answer(Exchange e, RestHandler.Response r) {
        Message m = e.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, r.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        r.headers().forEach(m::setHeader);
        m.setBody(r.json().getBytes(StandardCharsets.UTF_8));
    }
}
