package io.tradeloom.simulators.polygon.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.tradeloom.simulators.polygon.PolygonSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One connection: HTTP requests go to the REST endpoint, an upgrade on {@code /stocks} becomes a WebSocket
 * session that speaks the Polygon action protocol ({@code {"action":"auth","params":KEY}}, subscribe,
 * unsubscribe) and answers with the spec's status events. Pings are answered by hand so that silence can mean
 * no pong either.
 */
public final class PolygonServerHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(PolygonServerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(T|Q|A|AM)\\.(\\*|[A-Za-z][A-Za-z0-9.]{0,15})");

    private final PolygonSimulator sim;
    private final AggregatesEndpoint rest;
    private final TradesEndpoint trades;
    private WebSocketServerHandshaker handshaker;
    private Session session;

    public PolygonServerHandler(PolygonSimulator sim, AggregatesEndpoint rest, TradesEndpoint trades) {
        this.sim = sim;
        this.rest = rest;
        this.trades = trades;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest req) {
            onHttp(ctx, req);
        } else if (msg instanceof WebSocketFrame frame) {
            onFrame(ctx, frame);
        }
    }

    private void onHttp(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        String path = req.uri().split("\\?", 2)[0];
        if (!upgrade) {
            ctx.writeAndFlush(path.startsWith(TradesEndpoint.PREFIX) ? trades.handle(req) : rest.handle(req))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!path.equals("/stocks")) {
            ctx.writeAndFlush(AggregatesEndpoint.notFound()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1:" + sim.port() + "/stocks", null, true,
                1 << 16).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        handshaker.handshake(ctx.channel(), req).addListener(f -> {
            if (!f.isSuccess()) {
                return;
            }
            ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(1 << 16));
            session = new Session(ctx.channel());
            sim.sessionOpened(session);
            int max = sim.config().maxConnections();
            if (max > 0 && sim.openSessions() > max) {
                send(ctx, PolygonSimulator.status("max_connections", "Maximum number of connections exceeded."))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            send(ctx, PolygonSimulator.status("success", "Connected Successfully"));
            long timeout = sim.config().authTimeoutMillis();
            if (timeout > 0) {
                ctx.executor().schedule(() -> {
                    if (ctx.channel().isActive() && !session.authenticated()) {
                        send(ctx, PolygonSimulator.status("auth_timeout", "authentication timed out"))
                                .addListener(ChannelFutureListener.CLOSE);
                    }
                }, timeout, TimeUnit.MILLISECONDS);
            }
        });
    }

    private io.netty.channel.ChannelFuture send(ChannelHandlerContext ctx, String text) {
        if (sim.silent()) {
            return ctx.newSucceededFuture();
        }
        return ctx.writeAndFlush(new TextWebSocketFrame(text));
    }

    private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            handshaker.close(ctx.channel(), close.retain());
            return;
        }
        if (frame instanceof PingWebSocketFrame ping) {
            if (!sim.silent()) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            }
            return;
        }
        if (frame instanceof TextWebSocketFrame text) {
            onAction(ctx, text.text());
        }
    }

    private void onAction(ChannelHandlerContext ctx, String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (Exception e) {
            send(ctx, PolygonSimulator.status("error", "invalid message: not JSON"));
            return;
        }
        String action = msg.path("action").asText("");
        String params = msg.path("params").asText("");
        switch (action) {
            case "auth" -> {
                if (sim.checkKey(params)) {
                    session.authenticated(true);
                    send(ctx, PolygonSimulator.status("auth_success", "authenticated"));
                } else {
                    // A close frame after the status, not a bare TCP close: clients (the JDK's among them) may
                    // drop frames still buffered when the socket just ends.
                    send(ctx, PolygonSimulator.status("auth_failed", "authentication failed"))
                            .addListener(f -> ctx.writeAndFlush(new CloseWebSocketFrame(1008, "authentication failed"))
                                    .addListener(ChannelFutureListener.CLOSE));
                }
            }
            case "subscribe", "unsubscribe" -> {
                if (!session.authenticated()) {
                    send(ctx, PolygonSimulator.status("auth_required", "authentication required"));
                    return;
                }
                boolean sub = action.equals("subscribe");
                List<String> replies = new ArrayList<>();
                for (String p : params.split(",")) {
                    String param = p.trim();
                    if (param.isEmpty()) {
                        continue;
                    }
                    if (!PARAM.matcher(param).matches()) {
                        replies.add(statusObject("error", "invalid subscription: " + param));
                        continue;
                    }
                    if (sub) {
                        session.subscribe(param);
                        replies.add(statusObject("success", "subscribed to: " + param));
                    } else {
                        session.unsubscribe(param);
                        replies.add(statusObject("success", "unsubscribed to: " + param));
                    }
                }
                if (!replies.isEmpty()) {
                    send(ctx, "[" + String.join(",", replies) + "]");
                }
            }
            default -> send(ctx, PolygonSimulator.status("error", "unknown action: "
                    + action.toLowerCase(Locale.ROOT).replaceAll("[^a-z_]", "")));
        }
    }

    private static String statusObject(String status, String message) {
        String s = PolygonSimulator.status(status, message);
        return s.substring(1, s.length() - 1);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            sim.sessionClosed(session);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Polygon simulator connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
