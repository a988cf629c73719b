package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.instrument.SymbolMapping;

import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Polygon (Massive) connection's settings, {@code etc/io.tradeloom.vendor.polygon-<name>.cfg}. The API key
 * is never printed: {@link #toString()} masks it and {@link SettingsException} never shows it.
 *
 * @param symbols          our symbols to subscribe, or {@code *} alone for every ticker
 * @param symbolMap        our symbol <-> Polygon ticker, e.g. {@code BRK.B=BRK.B} is identity, {@code BRKB=BRK.B}
 * @param quoteSizeLot     Q's {@code bs}/{@code as} are round lots per the spec; shares = size * this (1 = as sent)
 * @param silenceMillis    no frame and no pong for this long: the connection is taken as dead and replaced
 * @param deliverFrames    {@code delivery = frame}: one exchange whose body is the List of a frame's events,
 *                         instead of one exchange per event ({@code tick}, the default)
 * @param deliveryChunk    with {@code delivery = frame}: at most this many events per exchange, sent while the rest
 *                         of the frame is still being parsed, so that the first ticks of a large frame do not wait
 *                         for the last ones ({@code delivery.chunk}; 0 = the whole frame in one exchange)
 */
public record PolygonConfig(String id, URI wsUrl, URI restUrl, String apiKey, Set<String> channels,
                            List<String> symbols, SymbolMapping symbolMap, long backoffMinMillis,
                            long backoffMaxMillis, double jitter, int maxMessageBytes, long silenceMillis,
                            BigDecimal quoteSizeLot, int restPageLimit, long restTimeoutMillis,
                            boolean deliverFrames, int deliveryChunk) {

    public static final String PID = "io.tradeloom.vendor.polygon";
    /** Default {@code delivery.chunk}: see BENCHMARKS.md (Polygon normalization) for the latency/throughput trade. */
    static final int DEFAULT_CHUNK = 0;
    static final Set<String> ALL_CHANNELS = Set.of("T", "Q", "A", "AM");

    public static PolygonConfig parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        String id = s.string("id", "polygon");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw s.invalid("id", "must match [a-z0-9][a-z0-9._-]*");
        }
        URI ws = uri(s, "ws.url", "wss://socket.polygon.io/stocks", "ws", "wss");
        URI rest = uri(s, "rest.url", "https://api.polygon.io", "http", "https");
        String key = s.required("api.key");
        Set<String> channels = new LinkedHashSet<>();
        for (String c : s.list("channels", List.of("Q", "T", "AM"))) {
            String up = c.toUpperCase(Locale.ROOT);
            if (!ALL_CHANNELS.contains(up)) {
                throw s.invalid("channels", "channel '" + c + "' is not one of T, Q, A, AM");
            }
            channels.add(up);
        }
        List<String> symbols = s.list("symbols", null);
        if (symbols == null) {
            throw s.invalid("symbols", "is required: our symbols (AAPL,MSFT) or * for every ticker");
        }
        if (symbols.contains("*") && symbols.size() > 1) {
            throw s.invalid("symbols", "* subscribes every ticker and cannot be combined with symbols");
        }
        for (String sym : symbols) {
            if (!sym.equals("*") && !sym.matches("[A-Za-z0-9.^/:-]{1,24}")) {
                throw s.invalid("symbols", "symbol '" + sym + "' is not a ticker");
            }
        }
        SymbolMapping map;
        try {
            map = SymbolMapping.parse(s.string("symbol.map", ""));
        } catch (IllegalArgumentException e) {
            throw s.invalid("symbol.map", e.getMessage());
        }
        long min = s.integer("reconnect.backoff.min.ms", 500, 10, 600_000);
        long max = s.integer("reconnect.backoff.max.ms", 30_000, 10, 3_600_000);
        if (max < min) {
            throw s.invalid("reconnect.backoff.max.ms", "must be at least reconnect.backoff.min.ms (" + min + ")");
        }
        double jitter = s.decimal("reconnect.jitter", new BigDecimal("0.2"), BigDecimal.ZERO, BigDecimal.ONE)
                .doubleValue();
        int maxBytes = (int) s.integer("max.message.bytes", 1 << 20, 1024, 64 << 20);
        long silence = s.integer("silence.timeout.ms", 30_000, 100, 3_600_000);
        BigDecimal lot = s.decimal("quote.size.lot", new BigDecimal("100"), BigDecimal.ONE, new BigDecimal("1000"));
        int pageLimit = (int) s.integer("rest.page.limit", 5000, 1, 50_000);
        long restTimeout = s.integer("rest.timeout.ms", 10_000, 100, 600_000);
        String delivery = s.string("delivery", "tick");
        if (!delivery.equals("tick") && !delivery.equals("frame")) {
            throw s.invalid("delivery", "must be tick (one exchange per event) or frame (one List per wire frame)");
        }
        int chunk = (int) s.integer("delivery.chunk", DEFAULT_CHUNK, 0, 1_000_000);
        return new PolygonConfig(id, ws, rest, key, Set.copyOf(channels), List.copyOf(symbols), map, min, max,
                jitter, maxBytes, silence, lot, pageLimit, restTimeout, delivery.equals("frame"), chunk);
    }

    private static URI uri(Settings s, String key, String dflt, String... schemes) {
        String v = s.string(key, dflt);
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw s.invalid(key, "is not a URL");
        }
        if (u.getScheme() == null || !List.of(schemes).contains(u.getScheme().toLowerCase(Locale.ROOT))
                || u.getHost() == null) {
            throw s.invalid(key, "must be a " + String.join(" or ", schemes) + " URL with a host");
        }
        if (u.getRawQuery() != null && u.getRawQuery().toLowerCase(Locale.ROOT).contains("apikey")) {
            // Not s.invalid: that would echo the key.
            throw new SettingsException(s.source(), key, u.getScheme() + "://" + u.getRawAuthority()
                    + (u.getRawPath() == null ? "" : u.getRawPath()) + "?****", "must not carry the API key: set api.key");
        }
        return u;
    }

    /** The vendor tickers to subscribe ({@code *} stays {@code *}). */
    public List<String> vendorTickers() {
        return symbols.stream().map(sym -> sym.equals("*") ? sym : symbolMap.toVenue(sym)).toList();
    }

    /** {@code Q.AAPL,T.AAPL,...}: the subscribe params. */
    public String subscribeParams() {
        StringBuilder b = new StringBuilder();
        for (String ch : List.of("T", "Q", "A", "AM")) {
            if (!channels.contains(ch)) {
                continue;
            }
            for (String t : vendorTickers()) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(ch).append('.').append(t);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "PolygonConfig[id=" + id + ", wsUrl=" + wsUrl + ", restUrl=" + restUrl + ", apiKey=****, channels="
                + channels + ", symbols=" + symbols + ", symbolMap=" + symbolMap + ", backoff=" + backoffMinMillis
                + ".." + backoffMaxMillis + " ms, jitter=" + jitter + ", maxMessageBytes=" + maxMessageBytes
                + ", silenceMillis=" + silenceMillis + ", quoteSizeLot=" + quoteSizeLot + ", delivery="
                + (deliverFrames ? "frame" + (deliveryChunk > 0 ? ", deliveryChunk=" + deliveryChunk : "") : "tick") + "]";
    }
}
