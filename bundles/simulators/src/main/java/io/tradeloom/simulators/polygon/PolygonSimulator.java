package io.tradeloom.simulators.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.tradeloom.simulators.polygon.internal.AggregatesEndpoint;
import io.tradeloom.simulators.polygon.internal.MarketGenerator;
import io.tradeloom.simulators.polygon.internal.PolygonServerHandler;
import io.tradeloom.simulators.polygon.internal.Session;
import io.tradeloom.simulators.polygon.internal.TradesEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Polygon (Massive) compatible market-data server on 127.0.0.1 for demos and tests: the stocks WebSocket
 * ({@code ws://127.0.0.1:<port>/stocks}, channels T, Q, A, AM; {@code auth}, {@code subscribe},
 * {@code unsubscribe} with the spec's status messages) and the REST aggregates endpoint
 * ({@code /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}}) answering the bars the stream
 * produced, and the REST trades endpoint ({@code /v3/trades/{ticker}}) answering its latest trades. Events come
 * from a deterministic random walk ({@link #generate}, or {@link #startLoad} at a rate), a replayed recording
 * ({@link #replay}) or raw frames ({@link #sendRaw}); faults on command: {@link #drop}, {@link #silence},
 * {@link #sendMalformed}, {@link #sendOutOfOrder}, {@link #skipTrades} (a trade sequence gap).
 *
 * <p>Thread-safe. Binds loopback only.
 */
public final class PolygonSimulator implements AutoCloseable {

    /** Size of an {@link Malformed#OVERSIZED} frame. */
    public static final int OVERSIZED_BYTES = 2 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PolygonSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolygonSimulatorConfig config;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong authSuccesses = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private volatile boolean silent;
    /** Per symbol: how many of its next trades the WebSocket leaves out ({@link #skipTrades}). */
    private final Map<String, Integer> skipTrades = new ConcurrentHashMap<>();
    private final AtomicLong tradesSkipped = new AtomicLong();
    private volatile BufferedWriter recorder;
    private MarketGenerator generator; // guarded by itself once created
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;
    private ScheduledExecutorService loadTimer;
    private ScheduledFuture<?> load;
    private int port;

    public PolygonSimulator(PolygonSimulatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public PolygonSimulatorConfig config() {
        return config;
    }

    /** Binds 127.0.0.1 and starts the load if the configuration has a rate. */
    public synchronized PolygonSimulator start() {
        if (server != null) {
            return this;
        }
        long start = config.startMillis() > 0 ? config.startMillis() : System.currentTimeMillis();
        generator = new MarketGenerator(config, start);
        AggregatesEndpoint rest = new AggregatesEndpoint(this::closedBars, config.apiKey(), restRequests);
        TradesEndpoint trades = new TradesEndpoint(this::tapeTrades, config.apiKey(), restRequests);
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(1);
        try {
            server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                    new PolygonServerHandler(PolygonSimulator.this, rest, trades));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", config.port())).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
        loadTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polygon-sim-load-" + port);
            t.setDaemon(true);
            return t;
        });
        if (config.ratePerSecond() > 0) {
            startLoad(config.ratePerSecond());
        }
        LOG.info("Polygon simulator listening on ws://127.0.0.1:{}/stocks and http://127.0.0.1:{}/v2/aggs ({})",
                port, port, config);
        return this;
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        stopLoad();
        loadTimer.shutdownNow();
        for (Session s : sessions) {
            s.channel().close();
        }
        server.close().syncUninterruptibly();
        server = null;
        shutdownGroups();
        stopRecording();
        LOG.info("Polygon simulator on 127.0.0.1:{} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    private void shutdownGroups() {
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
            workers = null;
        }
    }

    public int port() {
        return port;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port + "/stocks";
    }

    public String restUrl() {
        return "http://127.0.0.1:" + port;
    }

    // --------------------------------------------------------------------------------------------- generation

    /**
     * Generates {@code count} events, the simulated clock advancing {@code stepMillis} before each, sends them to
     * the subscribers and returns them (with the aggregates that closed on the way), in wire order.
     */
    public List<WireEvent> generate(int count, long stepMillis) {
        List<WireEvent> events;
        MarketGenerator g = generator();
        synchronized (g) {
            events = g.next(count, stepMillis * 1_000_000L);
            publish(events);
        }
        return events;
    }

    /** Moves the simulated clock to {@code millis} and sends the aggregates that closed (returned). */
    public List<WireEvent> advanceClock(long millis) {
        MarketGenerator g = generator();
        synchronized (g) {
            List<WireEvent> events = g.advanceTo(millis);
            publish(events);
            return events;
        }
    }

    /** The simulated clock (epoch ms). */
    public long clockMillis() {
        MarketGenerator g = generator();
        synchronized (g) {
            return g.nowMillis();
        }
    }

    /** Starts (or re-rates) the generated load: {@code eventsPerSecond} spread over 10 ms batches. */
    public synchronized void startLoad(int eventsPerSecond) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("eventsPerSecond=" + eventsPerSecond + ": must be positive");
        }
        stopLoad();
        long stepNanos = 1_000_000_000L / eventsPerSecond;
        double perTick = eventsPerSecond / 100.0;
        double[] carry = {0};
        load = loadTimer.scheduleAtFixedRate(() -> {
            try {
                carry[0] += perTick;
                int n = (int) carry[0];
                carry[0] -= n;
                MarketGenerator g = generator();
                synchronized (g) {
                    publish(n > 0 ? g.next(n, stepNanos) : g.advanceTo(System.currentTimeMillis()));
                }
            } catch (RuntimeException e) {
                LOG.warn("Polygon simulator load tick failed: {}", e.toString());
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
    }

    public synchronized void stopLoad() {
        if (load != null) {
            load.cancel(false);
            load = null;
        }
    }

    // --------------------------------------------------------------------------------------------- faults

    /** Closes every client connection at the TCP level, without a close frame. Returns how many. */
    public int drop() {
        int n = 0;
        for (Session s : sessions) {
            s.channel().close();
            n++;
        }
        drops.addAndGet(n);
        return n;
    }

    /** Sends the spec's {@code force_disconnect} status, then closes every connection. Returns how many. */
    public int forceDisconnect() {
        int n = 0;
        for (Session s : sessions) {
            s.channel().writeAndFlush(new TextWebSocketFrame(status("force_disconnect",
                    "Forced disconnect."))).addListener(ChannelFutureListener.CLOSE);
            n++;
        }
        drops.addAndGet(n);
        return n;
    }

    /** While silent nothing is sent: no data, no status, no pong. */
    public void silence(boolean on) {
        silent = on;
        LOG.info("Polygon simulator {}", on ? "silent" : "talking again");
    }

    public boolean silent() {
        return silent;
    }

    /** Sends one bad message of {@code kind} to every authenticated session. Returns the text (or frame) sent. */
    public String sendMalformed(Malformed kind) {
        String sym = config.symbols().get(0);
        long t = clockMillis();
        String text = switch (kind) {
            case BROKEN_JSON -> "[{\"ev\":\"Q\",\"sym\":\"" + sym + "\",\"bp\":12a.5,}]";
            case MISSING_FIELD -> "[{\"ev\":\"Q\",\"sym\":\"" + sym + "\",\"bx\":4,\"bs\":1,\"ax\":7,\"ap\":100.01,"
                    + "\"as\":1,\"c\":1,\"t\":" + t + ",\"q\":1,\"z\":3}]";
            case WRONG_TYPE -> "[{\"ev\":\"Q\",\"sym\":\"" + sym + "\",\"bx\":4,\"bp\":\"abc\",\"bs\":1,\"ax\":7,"
                    + "\"ap\":100.01,\"as\":1,\"t\":" + t + ",\"q\":1,\"z\":3}]";
            case UNKNOWN_EVENT -> "[{\"ev\":\"ZZ\",\"sym\":\"" + sym + "\",\"t\":" + t + "}]";
            case OVERSIZED -> {
                StringBuilder b = new StringBuilder(OVERSIZED_BYTES + 200);
                b.append("[{\"ev\":\"T\",\"sym\":\"").append(sym).append("\",\"x\":4,\"i\":\"1\",\"z\":3,\"p\":100,")
                        .append("\"s\":100,\"t\":").append(t).append(",\"q\":1,\"pad\":\"");
                while (b.length() < OVERSIZED_BYTES) {
                    b.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
                }
                yield b.append("\"}]").toString();
            }
            case TRUNCATED -> "[{\"ev\":\"T\",\"sym\":\"" + sym + "\",\"x\":4,\"i\":\"77\",\"z\":3,\"p\":10";
            case TRUNCATED_FRAME -> null;
        };
        if (kind == Malformed.TRUNCATED_FRAME) {
            // FIN + text opcode, 126 = 16-bit length follows: 1000 bytes promised, 10 sent, then the socket closes.
            byte[] frame = {(byte) 0x81, 126, 0x03, (byte) 0xE8, '[', '{', '"', 'e', 'v', '"', ':', '"', 'T', '"'};
            for (Session s : sessions) {
                if (s.authenticated()) {
                    Channel ch = s.channel();
                    ch.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(f -> {
                        if (!f.isSuccess()) {
                            LOG.warn("truncated frame not written: {}", f.cause().toString());
                        }
                        ch.close();
                    });
                }
            }
            return new String(frame, 4, frame.length - 4, StandardCharsets.US_ASCII);
        }
        sendRaw(text);
        return text;
    }

    /** A quote and a trade for {@code symbol} stamped {@code backMillis} before its last event. */
    public List<WireEvent> sendOutOfOrder(String symbol, long backMillis) {
        MarketGenerator g = generator();
        synchronized (g) {
            List<WireEvent> events = g.outOfOrder(symbol, backMillis);
            publish(events);
            return events;
        }
    }

    /**
     * A trade sequence gap: the next {@code count} trades generated for {@code symbol} are not sent on the
     * WebSocket (nor recorded); they keep their sequence numbers and stay in the REST trades history.
     */
    public void skipTrades(String symbol, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count=" + count + ": must not be negative");
        }
        skipTrades.merge(symbol, count, Integer::sum);
        LOG.info("Polygon simulator: the next {} trade(s) of {} are left out of the WebSocket", count, symbol);
    }

    /** Trades left out by {@link #skipTrades} so far. */
    public long tradesSkipped() {
        return tradesSkipped.get();
    }

    /** {@code events} without the trades {@link #skipTrades} leaves out (the same list while none is to be). */
    private List<WireEvent> withoutSkipped(List<WireEvent> events) {
        if (skipTrades.isEmpty()) {
            return events;
        }
        List<WireEvent> out = new ArrayList<>(events.size());
        boolean[] skip = new boolean[1];
        for (WireEvent e : events) {
            skip[0] = false;
            if ("T".equals(e.ev())) {
                skipTrades.computeIfPresent(e.sym(), (k, n) -> {
                    skip[0] = n > 0;
                    return n <= 1 ? null : n - 1;
                });
            }
            if (skip[0]) {
                tradesSkipped.incrementAndGet();
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Sends {@code text} as one text frame, unchanged, to every authenticated session (even when not subscribed). */
    public void sendRaw(String text) {
        if (silent) {
            return;
        }
        for (Session s : sessions) {
            if (s.authenticated()) {
                s.channel().writeAndFlush(new TextWebSocketFrame(text));
                framesSent.incrementAndGet();
            }
        }
        record(text);
    }

    // --------------------------------------------------------------------------------------------- record / replay

    /** Appends every data frame sent from now on to {@code file}, one JSON array per line. */
    public synchronized void record(Path file) {
        stopRecording();
        try {
            recorder = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file, e);
        }
    }

    public synchronized void stopRecording() {
        BufferedWriter w = recorder;
        recorder = null;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.warn("closing the recording failed: {}", e.toString());
            }
        }
    }

    private void record(String frame) {
        BufferedWriter w = recorder;
        if (w != null) {
            synchronized (w) {
                try {
                    w.write(frame);
                    w.newLine();
                    w.flush();
                } catch (IOException e) {
                    LOG.warn("recording failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * Replays a recorded session: each line of {@code file} is one wire frame (a JSON array of events, or any
     * text). Events are filtered by each client's subscriptions; a line that is not a JSON array is sent as it is
     * (so recordings of bad input replay too). Returns the number of lines sent.
     */
    public int replay(Path file) throws IOException {
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            List<WireEvent> events = parseFrame(line);
            if (events == null) {
                sendRaw(line);
            } else {
                publish(events);
            }
        }
        return n;
    }

    private static List<WireEvent> parseFrame(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isArray()) {
                return null;
            }
            List<WireEvent> out = new ArrayList<>();
            for (JsonNode e : node) {
                out.add(new WireEvent(e.path("ev").asText(""), e.path("sym").asText(""), JSON.writeValueAsString(e)));
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    // --------------------------------------------------------------------------------------------- delivery

    /** Sends events to each authenticated session subscribed to them, in frames of at most batchSize events. */
    public void publish(List<WireEvent> generated) {
        List<WireEvent> events = withoutSkipped(generated);
        if (events.isEmpty()) {
            return;
        }
        if (recorder != null) {
            record(frame(events, 0, events.size()));
        }
        if (silent) {
            return;
        }
        for (Session s : sessions) {
            if (!s.authenticated()) {
                continue;
            }
            List<WireEvent> mine = new ArrayList<>(events.size());
            for (WireEvent e : events) {
                if (s.subscribed(e.ev(), e.sym())) {
                    mine.add(e);
                }
            }
            for (int from = 0; from < mine.size(); from += config.batchSize()) {
                int to = Math.min(mine.size(), from + config.batchSize());
                s.channel().write(new TextWebSocketFrame(frame(mine, from, to)));
                framesSent.incrementAndGet();
                eventsSent.addAndGet(to - from);
            }
            s.channel().flush();
        }
    }

    private static String frame(List<WireEvent> events, int from, int to) {
        StringBuilder b = new StringBuilder((to - from) * 180 + 2).append('[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(',');
            }
            b.append(events.get(i).json());
        }
        return b.append(']').toString();
    }

    /** A one-element status array as the spec's status events. */
    public static String status(String status, String message) {
        return "[{\"ev\":\"status\",\"status\":\"" + status + "\",\"message\":\"" + message.replace("\"", "'")
                + "\"}]";
    }

    private MarketGenerator generator() {
        MarketGenerator g = generator;
        if (g == null) {
            throw new IllegalStateException("Polygon simulator not started");
        }
        return g;
    }

    private List<MarketGenerator.TapeTrade> tapeTrades(String sym) {
        MarketGenerator g = generator();
        synchronized (g) {
            return g.trades(sym);
        }
    }

    private java.util.NavigableMap<Long, MarketGenerator.ClosedBar> closedBars(String sym, boolean seconds) {
        MarketGenerator g = generator();
        synchronized (g) {
            return new java.util.TreeMap<>(seconds ? g.closedSeconds(sym) : g.closedMinutes(sym));
        }
    }

    // --------------------------------------------------------------------------------------------- sessions (internal)

    /** Internal: the server handler registers each WebSocket session here. */
    public void sessionOpened(Session s) {
        connections.incrementAndGet();
        sessions.add(s);
    }

    public void sessionClosed(Session s) {
        sessions.remove(s);
    }

    public boolean checkKey(String key) {
        boolean ok = config.apiKey().equals(key);
        (ok ? authSuccesses : authFailures).incrementAndGet();
        return ok;
    }

    public int openSessions() {
        return sessions.size();
    }

    // --------------------------------------------------------------------------------------------- counters

    /** WebSocket connections ever accepted. */
    public long connections() {
        return connections.get();
    }

    public long authSuccesses() {
        return authSuccesses.get();
    }

    public long authFailures() {
        return authFailures.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public long restRequests() {
        return restRequests.get();
    }

    public long drops() {
        return drops.get();
    }

    /** Current subscriptions of all open sessions, e.g. {@code Q.AAPL}, {@code T.*}. */
    public Set<String> subscriptions() {
        Set<String> all = new java.util.TreeSet<>();
        for (Session s : sessions) {
            all.addAll(s.subscriptions());
        }
        return all;
    }
}
