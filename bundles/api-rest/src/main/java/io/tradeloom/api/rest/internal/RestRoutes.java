package io.tradeloom.api.rest.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.http.NettyHttpMessage;
import org.apache.camel.model.rest.RestBindingMode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

        var api = rest("/api");
        for (Endpoint ep : ENDPOINTS) {
            api.verb(ep.method().toLowerCase(Locale.ROOT), ep.path()).id(ID + ep.id())
                    .to("direct:" + ID + ep.op().name().toLowerCase(Locale.ROOT));
        }

        // Everything else under /api: netty-http picks the REST paths above first and this prefix consumer only
        // when none matches, so a client gets a JSON answer naming the path instead of an empty 404.
        String tls = config.tls() != null ? "&ssl=true&sslContextParameters=#" + SSL_BEAN : "";
        from("netty-http:" + config.scheme() + "://" + config.host() + ":" + config.port()
                + "/api?matchOnUriPrefix=true&muteException=true" + tls).routeId(ID + "unmatched")
                .process(e -> answer(e, unmatched(request(e))));

        for (RestHandler.Op op : RestHandler.Op.values()) {
            String name = op.name().toLowerCase(Locale.ROOT);
            from("direct:" + ID + name).routeId(ID + "handle-" + name)
                    .process(e -> answer(e, handler.handle(op, request(e))));
        }
    }

    /** One endpoint of the API: the REST DSL and the answers to unmatched requests both come from this list. */
    record Endpoint(String method, String path, String id, RestHandler.Op op) {

        /** The path under /api as a pattern: {@code {id}} is one segment, a trailing slash is allowed. */
        Pattern pattern() {
            return Pattern.compile("/api" + path.replaceAll("\\{[^}]+}", "[^/]+") + "/?");
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/health", "get-health", RestHandler.Op.HEALTH),
            new Endpoint("POST", "/orders", "post-orders", RestHandler.Op.SUBMIT),
            new Endpoint("GET", "/orders", "get-orders", RestHandler.Op.LIST),
            new Endpoint("GET", "/orders/{id}", "get-order", RestHandler.Op.GET),
            new Endpoint("DELETE", "/orders/{id}", "delete-order", RestHandler.Op.CANCEL),
            new Endpoint("GET", "/positions", "get-positions", RestHandler.Op.POSITIONS),
            new Endpoint("GET", "/venues", "get-venues", RestHandler.Op.VENUES));

    /** A known path with another method is 405 (with the methods it takes), any other path 404. */
    static RestHandler.Response unmatched(RestHandler.Request r) {
        String allowed = ENDPOINTS.stream().filter(ep -> ep.pattern().matcher(r.path()).matches())
                .map(Endpoint::method).sorted().collect(Collectors.joining(", "));
        if (!allowed.isEmpty()) {
            return new RestHandler.Response(405, OrderJson.write(OrderJson.error(ApiError.of(405,
                    "method not allowed", "method", r.method(), "allowed: " + allowed))), Map.of("Allow", allowed));
        }
        String paths = ENDPOINTS.stream().map(ep -> "/api" + ep.path()).distinct().collect(Collectors.joining(", "));
        return new RestHandler.Response(404, OrderJson.write(OrderJson.error(ApiError.of(404, "not found", "path",
                r.path(), "no such endpoint (the API has " + paths + ")"))), Map.of());
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
