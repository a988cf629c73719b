package io.tradeloom.simulators.polygon.internal;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static io.tradeloom.simulators.polygon.internal.AggregatesEndpoint.badRequest;
import static io.tradeloom.simulators.polygon.internal.AggregatesEndpoint.first;

/**
 * {@code GET /v3/trades/{stockTicker}} over the latest trades the stream produced (the same ids, prices, sizes,
 * sequence numbers and times: {@code sip_timestamp} in nanoseconds, within the streamed millisecond), with the
 * spec's parameters ({@code timestamp}, {@code timestamp.gte/gt/lte/lt} as a date or nanoseconds, {@code order}
 * (default desc), {@code sort=timestamp}, {@code limit} 1..50000 (default 1000)) and, when more remain, a
 * {@code next_url} with an opaque {@code cursor} that carries the query and the last result's place.
 */
public final class TradesEndpoint {

    public static final String PREFIX = "/v3/trades/";

    private final Function<String, List<MarketGenerator.TapeTrade>> trades;
    private final String apiKey;
    private final AtomicLong requests;

    public TradesEndpoint(Function<String, List<MarketGenerator.TapeTrade>> trades, String apiKey,
                          AtomicLong requests) {
        this.trades = trades;
        this.apiKey = apiKey;
        this.requests = requests;
    }

    /** A cursor's (or the first request's) query: nanosecond bounds (inclusive), order, limit, and the place. */
    private record Query(long gte, long lte, boolean desc, int limit, long afterNanos, long afterSeq) {

        String cursor() {
            String s = gte + ":" + lte + ":" + (desc ? "desc" : "asc") + ":" + limit + ":" + afterNanos + ":"
                    + afterSeq;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
        }

        static Query ofCursor(String cursor) {
            String[] f = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            return new Query(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2].equals("desc"), Integer.parseInt(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]));
        }
    }

    public FullHttpResponse handle(FullHttpRequest req) {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString().replace("-", "");
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String ticker = q.path().substring(PREFIX.length());
        if (req.method() != HttpMethod.GET || ticker.isEmpty() || ticker.contains("/")) {
            return AggregatesEndpoint.notFound();
        }
        if (!AggregatesEndpoint.authorized(req, q, apiKey)) {
            return AggregatesEndpoint.unauthorized(requestId);
        }
        Query query;
        String cursor = first(q, "cursor");
        try {
            query = cursor != null ? Query.ofCursor(cursor) : query(q);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return badRequest(requestId, e.getMessage() == null ? "invalid cursor" : e.getMessage());
        }
        Comparator<MarketGenerator.TapeTrade> byTime = Comparator.<MarketGenerator.TapeTrade>comparingLong(
                TradesEndpoint::nanos).thenComparingLong(MarketGenerator.TapeTrade::sequence);
        if (query.desc) {
            byTime = byTime.reversed();
        }
        List<MarketGenerator.TapeTrade> all = new ArrayList<>();
        for (MarketGenerator.TapeTrade t : trades.apply(ticker)) {
            long n = nanos(t);
            if (n < query.gte || n > query.lte) {
                continue;
            }
            if (query.afterSeq >= 0) {
                int c = Long.compare(n, query.afterNanos) != 0 ? Long.compare(n, query.afterNanos)
                        : Long.compare(t.sequence(), query.afterSeq);
                if (query.desc ? c >= 0 : c <= 0) {
                    continue; // on an earlier page
                }
            }
            all.add(t);
        }
        all.sort(byTime);
        List<MarketGenerator.TapeTrade> page = all.subList(0, Math.min(query.limit, all.size()));
        StringBuilder b = new StringBuilder(128 + page.size() * 200).append("{\"results\":[");
        for (int i = 0; i < page.size(); i++) {
            MarketGenerator.TapeTrade t = page.get(i);
            b.append(i == 0 ? "" : ",").append("{\"conditions\":[");
            for (int k = 0; k < t.conditions().length; k++) {
                b.append(k == 0 ? "" : ",").append(t.conditions()[k]);
            }
            b.append("],\"exchange\":").append(t.exchange())
                    .append(",\"id\":\"").append(t.id())
                    .append("\",\"participant_timestamp\":").append(nanos(t) - 1000)
                    .append(",\"price\":").append(Prices.format(t.priceCents()))
                    .append(",\"sequence_number\":").append(t.sequence())
                    .append(",\"sip_timestamp\":").append(nanos(t))
                    .append(",\"size\":").append(t.size())
                    .append(",\"tape\":").append(t.tape()).append('}');
        }
        b.append("],\"status\":\"OK\",\"request_id\":\"").append(requestId).append('"');
        if (all.size() > page.size()) {
            MarketGenerator.TapeTrade last = page.get(page.size() - 1);
            String host = req.headers().get(HttpHeaderNames.HOST, "127.0.0.1");
            Query next = new Query(query.gte, query.lte, query.desc, query.limit, nanos(last), last.sequence());
            b.append(",\"next_url\":\"http://").append(host).append(PREFIX).append(ticker).append("?cursor=")
                    .append(next.cursor()).append('"');
        }
        b.append('}');
        return AggregatesEndpoint.json(HttpResponseStatus.OK, b.toString());
    }

    private static long nanos(MarketGenerator.TapeTrade t) {
        return t.sipNanos();
    }

    private static Query query(QueryStringDecoder q) {
        long gte = Long.MIN_VALUE;
        long lte = Long.MAX_VALUE;
        String exact = first(q, "timestamp");
        if (exact != null) {
            gte = nanos("timestamp", exact, false);
            lte = nanos("timestamp", exact, true);
        }
        String v;
        if ((v = first(q, "timestamp.gte")) != null) {
            gte = Math.max(gte, nanos("timestamp.gte", v, false));
        }
        if ((v = first(q, "timestamp.gt")) != null) {
            gte = Math.max(gte, nanos("timestamp.gt", v, true) + 1);
        }
        if ((v = first(q, "timestamp.lte")) != null) {
            lte = Math.min(lte, nanos("timestamp.lte", v, true));
        }
        if ((v = first(q, "timestamp.lt")) != null) {
            lte = Math.min(lte, nanos("timestamp.lt", v, false) - 1);
        }
        String order = first(q, "order") == null ? "desc" : first(q, "order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException("order=" + order + " must be asc or desc");
        }
        String sort = first(q, "sort");
        if (sort != null && !sort.equals("timestamp")) {
            throw new IllegalArgumentException("sort=" + sort + " must be timestamp");
        }
        int limit = 1000;
        String limitText = first(q, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit=" + limitText + " is not a whole number");
            }
            if (limit < 1 || limit > 50_000) {
                throw new IllegalArgumentException("limit=" + limitText + " must be 1..50000");
            }
        }
        return new Query(gte, lte, order.equals("desc"), limit, 0, -1);
    }

    /** A date (its first or last nanosecond) or nanoseconds. */
    private static long nanos(String name, String text, boolean endOfDay) {
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            long start = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
            return endOfDay ? start + 86_400_000_000_000L - 1 : start;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + text + " must be YYYY-MM-DD or nanoseconds");
        }
    }
}
