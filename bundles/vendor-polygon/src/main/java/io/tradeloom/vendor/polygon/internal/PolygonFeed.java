package io.tradeloom.vendor.polygon.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streaming side of one Polygon venue: a {@link java.net.http.WebSocket} to the stocks cluster that
 * authenticates, subscribes, parses every frame with {@link PolygonParser} and hands the events to a
 * {@link Sink}; reconnects with exponential backoff and jitter (and subscribes again) after a close, an error,
 * an auth failure or {@code silence.timeout.ms} without a frame or a pong. Bad input is logged naming the
 * field, counted and dead-lettered with its raw text; the connection goes on.
 *
 * <p>Why the JDK client rather than Netty: it does the handshake, TLS for {@code wss}, fragmentation and
 * ping/pong itself, needs no pipeline code and no extra imports, and delivers each connection's messages on one
 * thread in order (with {@code request(1)} as back pressure), which is what the parser wants. Netty would only
 * pay off with many connections per venue, which Polygon does not allow.
 */
public final class PolygonFeed implements AutoCloseable {

    /** Where normalized events go (the Camel market-data entry in the container). */
    @FunctionalInterface
    public interface Sink {
        void accept(MarketDataEvent event) throws Exception;

        /** One frame's events at once ({@code delivery = frame}); by default one by one. */
        default void acceptAll(java.util.List<MarketDataEvent> events) throws Exception {
            for (MarketDataEvent e : events) {
                accept(e);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PolygonFeed.class);
    private static final int DEAD_LETTER_TEXT_MAX = 64 * 1024;
    private static final int OVERSIZED_PREFIX = 1024;

    private final PolygonConfig config;
    private final Sink sink;
    private final DeadLetterQueue deadLetters;
    private final PolygonStats stats = new PolygonStats();
    private final PolygonParser parser;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final ParserHandler handler = new ParserHandler();
    /** {@code delivery.chunk}: events per exchange within a frame, 0 = the whole frame. */
    private final int chunk;
    private volatile Connection current;
    private volatile boolean closed;
    private volatile VenueHealth health = VenueHealth.of(VenueState.CONNECTING, "not started");
    private int attempt; // guarded by this
    private volatile boolean authFailed;

    public PolygonFeed(PolygonConfig config, Sink sink, DeadLetterQueue deadLetters) {
        this.config = config;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.parser = new PolygonParser(config.id(), config.symbolMap(), config.quoteSizeLot());
        this.chunk = config.deliverFrames() ? config.deliveryChunk() : 0;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polygon-" + config.id() + "-timer");
            t.setDaemon(true);
            return t;
        });
    }

    public PolygonConfig config() {
        return config;
    }

    public PolygonStats stats() {
        return stats;
    }

    public VenueHealth health() {
        return health;
    }

    /** Subscriptions the server confirmed on the current connection, e.g. {@code Q.AAPL}. */
    public Set<String> subscriptions() {
        return new TreeSet<>(subscriptions);
    }

    public PolygonFeed start() {
        long period = Math.max(25, config.silenceMillis() / 4);
        timer.scheduleWithFixedDelay(this::watchdog, period, period, TimeUnit.MILLISECONDS);
        timer.execute(this::connect);
        return this;
    }

    @Override
    public void close() {
        closed = true;
        Connection c = current;
        if (c != null) {
            c.ended.set(true);
            WebSocket ws = c.ws;
            if (ws != null) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((w, e) -> ws.abort());
            }
        }
        timer.shutdownNow();
        health = VenueHealth.of(VenueState.DOWN, "stopped");
    }

    /** Drops the connection now; the usual reconnect follows. */
    public void reconnectNow() {
        Connection c = current;
        if (c != null) {
            down(c, "reconnect requested by operator", false);
        }
    }

    // ------------------------------------------------------------------------------------------ connection

    private final class Connection implements WebSocket.Listener {
        final AtomicBoolean ended = new AtomicBoolean();
        volatile WebSocket ws;
        volatile long lastInboundNanos = System.nanoTime();
        volatile long lastPingNanos = System.nanoTime();
        volatile boolean authenticated;
        private StringBuilder partial;
        private int partialChars;
        private boolean oversize;

        /** The JDK allows one outstanding text send: sends are chained (auth, then subscribe). */
        private java.util.concurrent.CompletableFuture<?> sendChain =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        final long openedNanos = System.nanoTime();

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        synchronized java.util.concurrent.CompletableFuture<?> sendText(String text) {
            WebSocket w = ws;
            sendChain = sendChain.handle((x, e) -> null).thenCompose(x -> w.sendText(text, true));
            return sendChain;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (ended.get()) {
                return null;
            }
            lastInboundNanos = System.nanoTime();
            try {
                if (last && partial == null) {
                    if (data.length() > config.maxMessageBytes()) {
                        oversized(data.subSequence(0, OVERSIZED_PREFIX).toString(), data.length());
                    } else {
                        frame(data); // the WebSocket's character buffer, read before this returns
                    }
                } else {
                    accumulate(data, last);
                }
            } catch (RuntimeException e) {
                LOG.error("Polygon {}: frame handling failed: {}", config.id(), e.toString(), e);
            }
            webSocket.request(1);
            return null;
        }

        private void accumulate(CharSequence data, boolean last) {
            if (partial == null) {
                partial = new StringBuilder(Math.min(config.maxMessageBytes(), 64 * 1024));
                partialChars = 0;
                oversize = false;
            }
            partialChars += data.length();
            if (!oversize && partialChars > config.maxMessageBytes()) {
                oversize = true;
            }
            if (!oversize) {
                partial.append(data);
            } else if (partial.length() < OVERSIZED_PREFIX) {
                partial.append(data, 0, Math.min(data.length(), OVERSIZED_PREFIX - partial.length()));
            }
            if (last) {
                String text = partial.toString();
                int total = partialChars;
                boolean over = oversize;
                partial = null;
                if (over) {
                    oversized(text.length() > OVERSIZED_PREFIX ? text.substring(0, OVERSIZED_PREFIX) : text, total);
                } else {
                    frame(text);
                }
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (!ended.get()) {
                lastInboundNanos = System.nanoTime();
                if (last) {
                    reject(PolygonParser.Problem.UNKNOWN, null, "binary frame (Polygon sends text only)",
                            data.remaining() + " bytes of binary data");
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastInboundNanos = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            down(this, "closed by the server (" + statusCode + (reason == null || reason.isEmpty() ? "" : " "
                    + reason) + ")", false);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            down(this, "connection failed: " + error, false);
        }

        /** Text of a message cut off by the end of the connection, if any. */
        String takePartial() {
            StringBuilder p = partial;
            partial = null;
            return p == null || p.length() == 0 ? null : p.toString();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Connection c = new Connection();
        current = c;
        subscriptions.clear();
        stats.connects.increment();
        health = VenueHealth.of(VenueState.CONNECTING, "connecting to " + config.wsUrl());
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(config.wsUrl(), c)
                .whenComplete((ws, err) -> {
                    if (err != null) {
                        down(c, "cannot connect to " + config.wsUrl() + ": " + rootMessage(err), false);
                        return;
                    }
                    c.ws = ws;
                    c.lastInboundNanos = System.nanoTime();
                    if (closed || c.ended.get()) {
                        ws.abort();
                        return;
                    }
                    health = VenueHealth.of(VenueState.CONNECTING, "connected to " + config.wsUrl()
                            + ", authenticating");
                    send(c, "{\"action\":\"auth\",\"params\":\""
                            + new String(JsonStringEncoder.getInstance().quoteAsString(config.apiKey())) + "\"}");
                });
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.toString() : r.toString();
    }

    private void send(Connection c, String text) {
        WebSocket ws = c.ws;
        if (ws == null) {
            return;
        }
        c.sendText(text).whenComplete((w, e) -> {
            if (e != null) {
                down(c, "send failed: " + e, false);
            }
        });
    }

    /** Ends a connection once (stale callbacks are ignored) and schedules the next attempt. */
    private void down(Connection c, String reason, boolean authProblem) {
        if (!c.ended.compareAndSet(false, true)) {
            return;
        }
        WebSocket ws = c.ws;
        if (ws != null) {
            ws.abort();
        }
        String cut = c.takePartial();
        if (cut != null) {
            stats.truncated.increment();
            reject(PolygonParser.Problem.TRUNCATED, null, "connection ended inside a message", cut);
        }
        if (closed || current != c) {
            return;
        }
        stats.disconnects.increment();
        long delay;
        synchronized (this) {
            long base = config.backoffMinMillis() << Math.min(attempt, 20);
            base = (authProblem || authFailed) ? config.backoffMaxMillis() : Math.min(config.backoffMaxMillis(), base);
            double j = config.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            delay = Math.max(0, Math.round(base * (1 + j)));
            attempt++;
        }
        health = VenueHealth.of(VenueState.DOWN, reason + "; reconnecting in " + delay + " ms");
        LOG.warn("Polygon {}: {}; reconnecting in {} ms", config.id(), reason, delay);
        try {
            timer.schedule(() -> {
                stats.reconnects.increment();
                connect();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    private void watchdog() {
        Connection c = current;
        if (c == null || c.ended.get() || c.ws == null) {
            return;
        }
        long now = System.nanoTime();
        long quietMillis = (now - c.lastInboundNanos) / 1_000_000L;
        if (!c.authenticated && (now - c.openedNanos) / 1_000_000L > config.silenceMillis()) {
            down(c, "no auth_success within " + config.silenceMillis() + " ms (silence.timeout.ms)", false);
            return;
        }
        if (quietMillis > config.silenceMillis()) {
            stats.silences.increment();
            down(c, "no frame and no pong for " + quietMillis + " ms (silence.timeout.ms="
                    + config.silenceMillis() + ")", false);
            return;
        }
        if (quietMillis > config.silenceMillis() / 3 && (now - c.lastPingNanos) / 1_000_000L
                > config.silenceMillis() / 3) {
            c.lastPingNanos = now;
            try {
                c.ws.sendPing(ByteBuffer.allocate(0));
            } catch (IllegalStateException pending) {
                // the previous ping is still being sent: the connection is slow or dead, silence will tell
            }
        }
    }

    // ------------------------------------------------------------------------------------------ frames

    /**
     * One complete text frame, as the WebSocket listener hands it over: parsed, counted, delivered to the sink on
     * the calling thread. Public for the normalization benchmark, which feeds frames without a socket.
     */
    public void frame(CharSequence text) {
        stats.frames.increment();
        if (!config.deliverFrames()) {
            try {
                parser.parse(text, Instant.now(), handler);
            } finally {
                handler.count();
            }
            return;
        }
        handler.batch = new java.util.ArrayList<>(chunk > 0 ? chunk : 64);
        try {
            parser.parse(text, Instant.now(), handler);
            handler.count();
            deliver(handler.batch);
        } finally {
            handler.count();
            handler.batch = null;
        }
    }

    /** One exchange for these events (a frame, or a chunk of one); a fresh list each time: the route may keep it. */
    private void deliver(java.util.List<MarketDataEvent> batch) {
        if (!batch.isEmpty()) {
            try {
                sink.acceptAll(batch);
            } catch (Exception e) {
                deliveryFailed(batch.size(), batch.get(0), e);
            }
        }
    }

    private void deliveryFailed(int count, MarketDataEvent first, Exception e) {
        stats.deliveryFailures.add(count);
        long n = stats.deliveryFailures();
        if (n <= 5 || n % 1000 < count) {
            LOG.warn("Polygon {}: could not deliver {} event(s) ({} for {}; {} failures so far): {}", config.id(),
                    count, first.getClass().getSimpleName(), first.symbol(), n, e.toString());
        }
    }

    private final class ParserHandler implements PolygonParser.Handler {
        /** Set while a frame is parsed with {@code delivery = frame}. */
        java.util.List<MarketDataEvent> batch;

        /** This frame's events by kind, added to {@link #stats} once per frame ({@link #count}), not per event. */
        private int events;
        private int quotes;
        private int trades;
        private int bars;

        void count() {
            if (events > 0) {
                stats.events.add(events);
                if (quotes > 0) {
                    stats.quotes.add(quotes);
                }
                if (trades > 0) {
                    stats.trades.add(trades);
                }
                if (bars > 0) {
                    stats.bars.add(bars);
                }
                events = quotes = trades = bars = 0;
            }
        }

        @Override
        public void onEvent(MarketDataEvent event) {
            events++;
            if (event instanceof Quote) {
                quotes++;
            } else if (event instanceof Trade) {
                trades++;
            } else if (event instanceof Bar) {
                bars++;
            }
            if (batch != null) {
                batch.add(event);
                if (batch.size() == chunk) {
                    // delivery.chunk: these go now, while the rest of the frame is still being parsed.
                    java.util.List<MarketDataEvent> full = batch;
                    batch = new java.util.ArrayList<>(chunk);
                    deliver(full);
                }
                return;
            }
            try {
                sink.accept(event);
            } catch (Exception e) {
                deliveryFailed(1, event, e);
            }
        }

        @Override
        public void onStatus(String status, String message) {
            stats.statuses.increment();
            status(status, message);
        }

        @Override
        public void onRejected(PolygonParser.Problem problem, String field, String reason, String raw) {
            (problem == PolygonParser.Problem.TRUNCATED ? stats.truncated
                    : problem == PolygonParser.Problem.UNKNOWN ? stats.unknown : stats.malformed).increment();
            reject(problem, field, reason, raw);
        }
    }

    private void status(String status, String message) {
        Connection c = current;
        switch (status) {
            case "connected", "success" -> {
                if (message.startsWith("subscribed to: ")) {
                    subscriptions.add(message.substring("subscribed to: ".length()).trim());
                } else if (message.startsWith("unsubscribed to: ")) {
                    subscriptions.remove(message.substring("unsubscribed to: ".length()).trim());
                } else {
                    LOG.info("Polygon {}: {} ({})", config.id(), message, status);
                }
            }
            case "auth_success" -> {
                synchronized (this) {
                    attempt = 0;
                }
                authFailed = false;
                if (c != null) {
                    c.authenticated = true;
                    String params = config.subscribeParams();
                    send(c, "{\"action\":\"subscribe\",\"params\":\""
                            + new String(JsonStringEncoder.getInstance().quoteAsString(params)) + "\"}");
                }
                health = VenueHealth.of(VenueState.UP, "authenticated, subscribed to " + config.channels() + " x "
                        + config.symbols().size() + (config.symbols().contains("*") ? " (all tickers)" : " symbols"));
                LOG.info("Polygon {}: authenticated on {}; subscribing {}", config.id(), config.wsUrl(),
                        config.subscribeParams());
            }
            case "auth_failed", "auth_timeout" -> {
                stats.authFailures.increment();
                authFailed = true;
                LOG.error("Polygon {}: {} ({}): check api.key of {} (the key is not logged)", config.id(), status,
                        message, config.id());
                if (c != null) {
                    down(c, status + ": " + message, true);
                }
            }
            case "auth_required" -> LOG.warn("Polygon {}: the server says {} ({})", config.id(), status, message);
            case "max_connections", "force_disconnect", "slow_consumer" -> {
                LOG.warn("Polygon {}: disconnected by the server: {} ({})", config.id(), status, message);
                if (c != null) {
                    down(c, "server status " + status + ": " + message, false);
                }
            }
            case "error" -> LOG.warn("Polygon {}: server error status: {}", config.id(), message);
            default -> LOG.info("Polygon {}: status {}: {}", config.id(), status, message);
        }
    }

    private void oversized(String prefix, int length) {
        stats.oversized.increment();
        reject(PolygonParser.Problem.MALFORMED, null, "message of " + length + " characters exceeds max.message.bytes="
                + config.maxMessageBytes() + " (first " + prefix.length() + " kept)", prefix);
    }

    private void reject(PolygonParser.Problem problem, String field, String reason, String raw) {
        long n = stats.errors();
        String shown = raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
        if (n <= 20 || n % 1000 == 0) {
            LOG.warn("Polygon {}: {} input{}: {} ({} bad messages so far): {}", config.id(),
                    problem.name().toLowerCase(Locale.ROOT), field == null ? "" : ", field " + field, reason, n,
                    shown);
        }
        if (deadLetters != null) {
            try {
                deadLetters.add(config.id(), "polygon-" + problem.name().toLowerCase(Locale.ROOT),
                        raw.length() > DEAD_LETTER_TEXT_MAX ? raw.substring(0, DEAD_LETTER_TEXT_MAX) + "..." : raw,
                        (field == null ? "" : field + ": ") + reason);
            } catch (RuntimeException e) {
                LOG.warn("Polygon {}: dead-letter queue refused a letter: {}", config.id(), e.toString());
            }
        }
    }
}
