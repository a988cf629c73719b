package io.tradeloom.core.risk;

import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.api.RiskLimitView;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.QuoteBook;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.order.Side;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static io.tradeloom.core.risk.RiskLimits.DUPLICATE_WINDOW_MS;
import static io.tradeloom.core.risk.RiskLimits.MAX_OPEN_ORDERS;
import static io.tradeloom.core.risk.RiskLimits.MAX_ORDER_NOTIONAL;
import static io.tradeloom.core.risk.RiskLimits.MAX_ORDER_QTY;
import static io.tradeloom.core.risk.RiskLimits.MAX_POSITION;
import static io.tradeloom.core.risk.RiskLimits.PRICE_COLLAR_PCT;
import static io.tradeloom.core.risk.RiskLimits.RATE_ACCOUNT;
import static io.tradeloom.core.risk.RiskLimits.RATE_VENUE;
import static io.tradeloom.core.risk.RiskLimits.RESTRICTED_SYMBOLS;

/**
 * Pre-trade risk from {@code etc/io.tradeloom.risk.cfg} (singleton PID {@code io.tradeloom.risk}), reloaded live.
 * A bad value is logged naming file, key and value and the previous limits stay in force. Open orders and
 * positions per account and symbol are kept from the order updates and fills the {@code OrderGateway} applies.
 */
@Component(service = {RiskService.class, RiskEngine.class}, configurationPid = RiskEngine.PID)
public class RiskEngine implements RiskService {

    public static final String PID = "io.tradeloom.risk";

    private static final Logger LOG = LoggerFactory.getLogger(RiskEngine.class);
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final String PER_ORDER = "per order";

    private final QuoteBook quotes;
    private final LongSupplier nanoTime;
    private volatile RiskLimits limits;
    private volatile String configError;

    // Guarded by this.
    private final Map<String, Integer> openOrders = new HashMap<>();
    private final Map<String, Position> positions = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> rateWindows = new HashMap<>();
    /** Accepted orders by duplicate key, oldest first (re-put keys move to the end), so expiry prunes the head. */
    private final java.util.LinkedHashMap<String, Long> recentOrders = new java.util.LinkedHashMap<>();
    private final Map<String, Long> rejects = new TreeMap<>();

    @Activate
    public RiskEngine(@Reference MarketDataService quotes, Map<String, Object> props) {
        this(quotes, props, System::nanoTime);
    }

    /** For tests: {@code nanoTime} drives the rate and duplicate windows. */
    public RiskEngine(QuoteBook quotes, Map<String, ?> props, LongSupplier nanoTime) {
        this.quotes = Objects.requireNonNull(quotes, "quotes");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        RiskLimits parsed;
        try {
            parsed = RiskLimits.parse(props);
            LOG.info("risk limits from {}: {}", parsed.source(), parsed);
        } catch (SettingsException e) {
            parsed = RiskLimits.none();
            configError = e.getMessage() + "; no risk limits are in force until the file is fixed";
            LOG.error(configError);
        }
        this.limits = parsed;
    }

    /** An engine with every rule off and no quotes, for code that builds the gateway outside OSGi. */
    public static RiskEngine unlimited() {
        QuoteBook none = new QuoteBook() {
            @Override
            public Optional<Quote> latest(String symbol) {
                return Optional.empty();
            }

            @Override
            public java.util.Collection<Quote> all() {
                return List.of();
            }

            @Override
            public AutoCloseable subscribe(java.util.function.Consumer<Quote> listener) {
                return () -> { };
            }
        };
        return new RiskEngine(none, Map.of(), System::nanoTime);
    }

    /** A new version of the file: taken as a whole, or refused as a whole with the previous limits kept. */
    @Modified
    void modified(Map<String, ?> props) {
        try {
            RiskLimits next = RiskLimits.parse(props);
            limits = next;
            configError = null;
            LOG.info("risk limits reloaded from {}: {}", next.source(), next);
        } catch (SettingsException e) {
            configError = e.getMessage() + "; the previous risk limits stay in force";
            LOG.error(configError);
        }
    }

    /** Same as the DS update, for callers in this bundle and tests. */
    public void reconfigure(Map<String, ?> props) {
        modified(props);
    }

    @Override
    public Optional<String> configError() {
        return Optional.ofNullable(configError);
    }

    @Override
    public synchronized void check(OrderRequest r) {
        RiskLimits l = limits;
        long now = nanoTime.getAsLong();
        String account = r.account();
        String symbol = r.symbol();
        BigDecimal qty = r.quantity();

        if (l.restricted().contains(symbol)) {
            throw reject(RESTRICTED_SYMBOLS, RESTRICTED_SYMBOLS, String.join(",", l.restricted()),
                    "includes the symbol: symbol=" + symbol, symbol, r);
        }

        RiskLimits.Limit maxQty = l.limit(MAX_ORDER_QTY, account, symbol);
        if (maxQty != null && qty.compareTo(maxQty.value()) > 0) {
            throw reject(maxQty, "exceeded: qty=" + plain(qty), qty, r);
        }

        RiskLimits.Limit maxNotional = l.limit(MAX_ORDER_NOTIONAL, account, symbol);
        if (maxNotional != null) {
            BigDecimal price = r.limitPrice();
            String priceName = "limit price";
            if (price == null) {
                price = mid(symbol);
                priceName = "mid";
            }
            if (price == null) {
                throw reject(maxNotional, "cannot be checked: no price available for a " + r.type()
                        + " order (no quote for " + symbol + ")", "no price", r);
            }
            BigDecimal notional = qty.multiply(price);
            if (notional.compareTo(maxNotional.value()) > 0) {
                throw reject(maxNotional, "exceeded: notional=" + plain(notional) + " (qty " + plain(qty) + " x "
                        + priceName + " " + plain(price) + ")", notional, r);
            }
        }

        RiskLimits.Limit collar = l.limit(PRICE_COLLAR_PCT, account, symbol);
        if (collar != null && r.limitPrice() != null) {
            BigDecimal mid = mid(symbol);
            if (mid != null && mid.signum() > 0) {
                BigDecimal pct = r.limitPrice().subtract(mid).abs().multiply(HUNDRED)
                        .divide(mid, MathContext.DECIMAL64);
                if (pct.compareTo(collar.value()) > 0) {
                    throw reject(collar, "exceeded: price=" + plain(r.limitPrice()) + " is "
                            + plain(pct.setScale(2, RoundingMode.HALF_UP)) + "% from mid=" + plain(mid),
                            r.limitPrice(), r);
                }
            }
        }

        String key = key(account, symbol);
        RiskLimits.Limit maxOpen = l.limit(MAX_OPEN_ORDERS, account, symbol);
        if (maxOpen != null) {
            int open = openOrders.getOrDefault(key, 0);
            if (BigDecimal.valueOf(open + 1L).compareTo(maxOpen.value()) > 0) {
                throw reject(maxOpen, "reached: open.orders=" + open, open, r);
            }
        }

        RiskLimits.Limit maxPosition = l.limit(MAX_POSITION, account, symbol);
        if (maxPosition != null) {
            Position p = positions.get(key);
            BigDecimal current = p == null ? BigDecimal.ZERO : p.quantity();
            BigDecimal after = current.add(r.side().sign() > 0 ? qty : qty.negate());
            boolean reducing = after.abs().compareTo(current.abs()) < 0;
            if (after.abs().compareTo(maxPosition.value()) > 0 && !reducing) {
                throw reject(maxPosition, "exceeded: position=" + plain(current) + " "
                        + r.side().name().toLowerCase() + " " + plain(qty) + " -> " + plain(after), after, r);
            }
        }

        String dupKey = String.join("|", account, symbol, r.side().name(), plain(qty),
                r.limitPrice() == null ? "-" : plain(r.limitPrice()), r.type().name());
        RiskLimits.Limit window = l.limit(DUPLICATE_WINDOW_MS, account, symbol);
        if (window != null) {
            Long last = recentOrders.get(dupKey);
            long windowNanos = window.value().longValue() * 1_000_000L;
            if (last != null && now - last < windowNanos) {
                long agoMs = (now - last) / 1_000_000L;
                throw reject(window, "rejected: the same " + r.side().name().toLowerCase() + " " + plain(qty) + " "
                        + symbol + " " + r.type() + (r.limitPrice() == null ? "" : " @ " + plain(r.limitPrice()))
                        + " was accepted " + agoMs + " ms ago", agoMs + "ms", r);
            }
        }

        String venueKey = "venue|" + r.venue();
        String accountKey = "account|" + account;
        RiskLimits.Limit venueRate = l.rate(RATE_VENUE, r.venue());
        if (venueRate != null) {
            int n = inLastSecond(venueKey, now);
            if (BigDecimal.valueOf(n + 1L).compareTo(venueRate.value()) > 0) {
                throw reject(venueRate, "reached: " + n + " orders in the last second at venue " + r.venue(), n,
                        r);
            }
        }
        RiskLimits.Limit accountRate = l.rate(RATE_ACCOUNT, account);
        if (accountRate != null) {
            int n = inLastSecond(accountKey, now);
            if (BigDecimal.valueOf(n + 1L).compareTo(accountRate.value()) > 0) {
                throw reject(accountRate, "reached: " + n + " orders in the last second for account " + account,
                        n, r);
            }
        }

        // Passed: the order counts towards the rate and duplicate windows. Both are pruned from their oldest
        // end as they grow, so the cost per order stays constant whatever the window and whether limits are on.
        record(venueKey, now);
        record(accountKey, now);
        long maxWindowNanos = maxWindowMs(l) * 1_000_000L;
        java.util.Iterator<Long> oldest = recentOrders.values().iterator();
        while (oldest.hasNext() && now - oldest.next() >= maxWindowNanos) {
            oldest.remove();
        }
        if (maxWindowNanos > 0) {
            recentOrders.remove(dupKey);
            recentOrders.put(dupKey, now);
        }
    }

    private void record(String windowKey, long now) {
        ArrayDeque<Long> w = rateWindows.computeIfAbsent(windowKey, k -> new ArrayDeque<>());
        w.addLast(now);
        while (now - w.peekFirst() >= SECOND_NANOS) {
            w.pollFirst();
        }
    }

    /** Orders in the one-second window ending now (older entries are dropped). */
    private int inLastSecond(String windowKey, long now) {
        ArrayDeque<Long> w = rateWindows.get(windowKey);
        if (w == null) {
            return 0;
        }
        while (!w.isEmpty() && now - w.peekFirst() >= SECOND_NANOS) {
            w.pollFirst();
        }
        return w.size();
    }

    private static long maxWindowMs(RiskLimits l) {
        RiskLimits.Rule r = l.rule(DUPLICATE_WINDOW_MS);
        BigDecimal max = r.global() == null ? BigDecimal.ZERO : r.global();
        for (BigDecimal v : r.byAccount().values()) {
            max = max.max(v);
        }
        for (BigDecimal v : r.bySymbol().values()) {
            max = max.max(v);
        }
        return max.longValue();
    }

    private BigDecimal mid(String symbol) {
        return quotes.latest(symbol).map(Quote::mid).orElse(null);
    }

    private RiskRejectedException reject(RiskLimits.Limit limit, String what, Object value, OrderRequest r) {
        return reject(limit.rule(), limit.key(), limit.shown(), what, value, r);
    }

    private RiskRejectedException reject(String rule, String key, String limit, String what, Object value,
                                         OrderRequest r) {
        rejects.merge(rule, 1L, Long::sum);
        RiskRejectedException e = new RiskRejectedException(rule, key, limit, what, value, r.account(), r.symbol());
        LOG.info("order rejected by risk: {}", e.getMessage());
        return e;
    }

    /**
     * Tells risk about a change of one order: {@code before} is null for a newly accepted order. Open-order counts
     * follow the status; a change of the filled quantity moves the position at {@code fillPrice} (the
     * execution's last price; the order's average price when null).
     */
    public synchronized void orderUpdated(Order before, Order after, BigDecimal fillPrice) {
        if (after == null) {
            return;
        }
        String key = key(after.account(), after.symbol());
        boolean wasOpen = before != null && before.status().open();
        boolean isOpen = after.status().open();
        if (isOpen && !wasOpen) {
            openOrders.merge(key, 1, Integer::sum);
        } else if (wasOpen && !isOpen) {
            openOrders.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
        BigDecimal delta = after.filledQty().subtract(before == null ? BigDecimal.ZERO : before.filledQty());
        if (delta.signum() != 0) {
            BigDecimal price = fillPrice != null ? fillPrice : after.avgPrice() != null ? after.avgPrice()
                    : BigDecimal.ZERO;
            Side side = delta.signum() > 0 ? after.side() : opposite(after.side());
            positions.compute(key, (k, p) -> (p == null ? Position.flat(account(after), after.symbol()) : p)
                    .apply(side, delta.abs(), price));
        }
    }

    /** Applies one fill directly (e.g. positions carried in from elsewhere). */
    public synchronized void onFill(String account, String symbol, Side side, BigDecimal qty, BigDecimal price) {
        positions.compute(key(account, symbol), (k, p) -> (p == null ? Position.flat(account, symbol) : p)
                .apply(side, qty, price));
    }

    private static Side opposite(Side side) {
        return side.sign() > 0 ? Side.SELL : Side.BUY;
    }

    private static String account(Order o) {
        return o.account() == null ? "default" : o.account();
    }

    private static String key(String account, String symbol) {
        return account + '|' + symbol;
    }

    /** The net position of one account in one symbol; flat when nothing was filled. */
    public synchronized Position position(String account, String symbol) {
        return positions.getOrDefault(key(account, symbol), Position.flat(account, symbol));
    }

    /** Orders of this account in this symbol that are still open. */
    public synchronized int openOrders(String account, String symbol) {
        return openOrders.getOrDefault(key(account, symbol), 0);
    }

    @Override
    public synchronized List<Position> positions() {
        List<Position> out = new ArrayList<>(positions.values());
        out.sort(Comparator.comparing(Position::account).thenComparing(Position::symbol));
        return out;
    }

    @Override
    public synchronized List<RiskLimitView> limits() {
        RiskLimits l = limits;
        long now = nanoTime.getAsLong();
        List<RiskLimitView> out = new ArrayList<>();
        for (RiskLimits.Rule rule : l.rules().values()) {
            String key = rule.key();
            if (RiskLimits.RATE.containsKey(key)) {
                String kind = RiskLimits.RATE.get(key);
                out.add(new RiskLimitView(key, "global (each " + kind + ")", shown(rule.global()),
                        rateUsage(kind, null, now)));
                rule.byAccount().forEach((scope, v) -> out.add(new RiskLimitView(key, kind + "=" + scope, shown(v),
                        rateUsage(kind, scope, now))));
                continue;
            }
            out.add(new RiskLimitView(key, "global", shown(rule.global()), usage(key, k -> true)));
            rule.byAccount().forEach((a, v) -> out.add(new RiskLimitView(key, "account=" + a, shown(v),
                    usage(key, k -> k.startsWith(a + "|")))));
            rule.bySymbol().forEach((s, v) -> out.add(new RiskLimitView(key, "symbol=" + s, shown(v),
                    usage(key, k -> k.endsWith("|" + s)))));
        }
        out.add(new RiskLimitView(RESTRICTED_SYMBOLS, "global",
                l.restricted().isEmpty() ? "none" : String.join(",", l.restricted()), rejectsOf(RESTRICTED_SYMBOLS)));
        return out;
    }

    private static String shown(BigDecimal v) {
        return v == null || v.signum() == 0 ? "off" : v.stripTrailingZeros().toPlainString();
    }

    private String rejectsOf(String rule) {
        return "rejects=" + rejects.getOrDefault(rule, 0L);
    }

    /** The largest usage among the account|symbol keys in the scope, e.g. {@code 3 (default/AAPL)}. */
    private String usage(String rule, Predicate<String> inScope) {
        Map<String, BigDecimal> figures = new TreeMap<>();
        if (rule.equals(MAX_OPEN_ORDERS)) {
            openOrders.forEach((k, n) -> figures.put(k, BigDecimal.valueOf(n)));
        } else if (rule.equals(MAX_POSITION)) {
            positions.forEach((k, p) -> figures.put(k, p.quantity()));
        } else {
            return PER_ORDER + ", " + rejectsOf(rule);
        }
        String best = null;
        BigDecimal max = null;
        for (Map.Entry<String, BigDecimal> e : figures.entrySet()) {
            if (inScope.test(e.getKey()) && (max == null || e.getValue().abs().compareTo(max.abs()) > 0)) {
                max = e.getValue();
                best = e.getKey();
            }
        }
        String figure = max == null ? "0" : plain(max) + " (" + best.replace('|', '/') + ")";
        return figure + ", " + rejectsOf(rule);
    }

    private String rateUsage(String kind, String scope, long now) {
        String best = null;
        int max = 0;
        for (String windowKey : List.copyOf(rateWindows.keySet())) {
            if (!windowKey.startsWith(kind + "|")) {
                continue;
            }
            String id = windowKey.substring(kind.length() + 1);
            if (scope != null && !scope.equals(id)) {
                continue;
            }
            int n = inLastSecond(windowKey, now);
            if (n > max || best == null) {
                max = n;
                best = id;
            }
        }
        String rule = kind.equals("venue") ? RATE_VENUE : RATE_ACCOUNT;
        return max + "/s" + (best == null || max == 0 ? "" : " (" + best + ")") + ", " + rejectsOf(rule);
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
