package io.tradeloom.simulators.polygon.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/aggs/ticker/{stocksTicker}/range/{multiplier}/{timespan}/{from}/{to}} over the closed bars the
 * stream produced (second bars for {@code second}, minute bars for the rest), with the spec's response shape and
 * {@code next_url} when more than {@code limit} results remain. The API key comes as {@code apiKey} or
 * {@code Authorization: Bearer}. The in-progress bar is not included.
 */
public final class AggregatesEndpoint {

    private static final Pattern PATH = Pattern.compile(
            "/v2/aggs/ticker/([^/]+)/range/([^/]+)/([^/]+)/([^/]+)/([^/]+)");
    private static final Map<String, Long> SPANS = Map.of("second", 1_000L, "minute", 60_000L, "hour", 3_600_000L,
            "day", 86_400_000L, "week", 7 * 86_400_000L);

    private final BiFunction<String, Boolean, NavigableMap<Long, MarketGenerator.ClosedBar>> bars;
    private final String apiKey;
    private final AtomicLong requests;

    public AggregatesEndpoint(BiFunction<String, Boolean, NavigableMap<Long, MarketGenerator.ClosedBar>> bars,
                              String apiKey, AtomicLong requests) {
        this.bars = bars;
        this.apiKey = apiKey;
        this.requests = requests;
    }

    public FullHttpResponse handle(FullHttpRequest req) {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString().replace("-", "");
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        Matcher m = PATH.matcher(q.path());
        if (req.method() != HttpMethod.GET || !m.matches()) {
            return notFound();
        }
        if (!authorized(req, q, apiKey)) {
            return unauthorized(requestId);
        }
        String ticker = m.group(1);
        int multiplier;
        long from;
        long to;
        try {
            multiplier = Integer.parseInt(m.group(2));
            if (multiplier < 1) {
                return badRequest(requestId, "multiplier=" + m.group(2) + " must be at least 1");
            }
        } catch (NumberFormatException e) {
            return badRequest(requestId, "multiplier=" + m.group(2) + " is not a whole number");
        }
        String timespan = m.group(3);
        Long span = SPANS.get(timespan);
        if (span == null) {
            return badRequest(requestId, "timespan=" + timespan + " is not one of " + new TreeMap<>(SPANS).keySet());
        }
        try {
            from = time(m.group(4), false);
            to = time(m.group(5), true);
        } catch (RuntimeException e) {
            return badRequest(requestId, "from/to must be YYYY-MM-DD or epoch milliseconds: " + m.group(4) + "/"
                    + m.group(5));
        }
        boolean desc = "desc".equals(first(q, "sort"));
        int limit = 5000;
        String limitText = first(q, "limit");
        if (limitText != null) {
            try {
                limit = Math.min(50_000, Math.max(1, Integer.parseInt(limitText)));
            } catch (NumberFormatException e) {
                return badRequest(requestId, "limit=" + limitText + " is not a whole number");
            }
        }
        String adjusted = first(q, "adjusted") == null ? "true" : first(q, "adjusted");

        NavigableMap<Long, MarketGenerator.ClosedBar> base = bars.apply(ticker, "second".equals(timespan));
        long window = span * multiplier;
        TreeMap<Long, long[]> windows = new TreeMap<>(); // start -> o,h,l,c,v,notional,n
        int queryCount = 0;
        for (MarketGenerator.ClosedBar b : base.subMap(from, true, to, true).values()) {
            queryCount++;
            long start = Math.floorDiv(b.startMillis(), window) * window;
            long[] w = windows.get(start);
            if (w == null) {
                windows.put(start, new long[]{b.open(), b.high(), b.low(), b.close(), b.volume(), b.notionalCents(),
                        b.trades()});
            } else {
                w[1] = Math.max(w[1], b.high());
                w[2] = Math.min(w[2], b.low());
                w[3] = b.close();
                w[4] += b.volume();
                w[5] += b.notionalCents();
                w[6] += b.trades();
            }
        }
        List<Map.Entry<Long, long[]>> all = new ArrayList<>(windows.entrySet());
        if (desc) {
            Collections.reverse(all);
        }
        List<Map.Entry<Long, long[]>> page = all.subList(0, Math.min(limit, all.size()));
        StringBuilder b = new StringBuilder(256 + page.size() * 120);
        b.append("{\"ticker\":\"").append(ticker).append("\",\"queryCount\":").append(queryCount)
                .append(",\"resultsCount\":").append(page.size()).append(",\"adjusted\":").append(adjusted)
                .append(",\"results\":[");
        for (int i = 0; i < page.size(); i++) {
            long[] w = page.get(i).getValue();
            b.append(i == 0 ? "" : ",").append("{\"v\":").append(w[4])
                    .append(",\"vw\":").append(Prices.format4((double) w[5] / Math.max(1, w[4])))
                    .append(",\"o\":").append(Prices.format(w[0]))
                    .append(",\"c\":").append(Prices.format(w[3]))
                    .append(",\"h\":").append(Prices.format(w[1]))
                    .append(",\"l\":").append(Prices.format(w[2]))
                    .append(",\"t\":").append(page.get(i).getKey())
                    .append(",\"n\":").append(w[6]).append('}');
        }
        b.append("],\"status\":\"OK\",\"request_id\":\"").append(requestId).append('"');
        if (all.size() > page.size()) {
            long last = page.get(page.size() - 1).getKey();
            String host = req.headers().get(HttpHeaderNames.HOST, "127.0.0.1");
            long nextFrom = desc ? from : last + window;
            long nextTo = desc ? last - 1 : to;
            b.append(",\"next_url\":\"http://").append(host).append("/v2/aggs/ticker/").append(ticker)
                    .append("/range/").append(multiplier).append('/').append(timespan).append('/')
                    .append(nextFrom).append('/').append(nextTo).append("?adjusted=").append(adjusted)
                    .append("&sort=").append(desc ? "desc" : "asc").append("&limit=").append(limit).append('"');
        }
        b.append('}');
        return json(HttpResponseStatus.OK, b.toString());
    }

    /** The key as {@code apiKey} or {@code Authorization: Bearer} is the simulator's. */
    static boolean authorized(FullHttpRequest req, QueryStringDecoder q, String apiKey) {
        String key = first(q, "apiKey");
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        return apiKey.equals(key);
    }

    static FullHttpResponse unauthorized(String requestId) {
        return json(HttpResponseStatus.UNAUTHORIZED, "{\"status\":\"ERROR\",\"request_id\":\"" + requestId
                + "\",\"error\":\"Unauthorized - Check our API Key and account status\"}");
    }

    private static long time(String text, boolean endOfDay) {
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            long start = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return endOfDay ? start + 86_400_000L - 1 : start;
        }
        return Long.parseLong(text);
    }

    static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static FullHttpResponse badRequest(String requestId, String detail) {
        return json(HttpResponseStatus.BAD_REQUEST, "{\"status\":\"ERROR\",\"request_id\":\"" + requestId
                + "\",\"error\":\"Parameter is invalid or incorrect. " + detail.replace("\"", "'") + "\"}");
    }

    public static FullHttpResponse notFound() {
        return json(HttpResponseStatus.NOT_FOUND, "{\"status\":\"NOT_FOUND\",\"request_id\":\""
                + UUID.randomUUID().toString().replace("-", "")
                + "\",\"message\":\"The specified resource was not found\"}");
    }

    static FullHttpResponse json(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
