package io.tradeloom.core.risk;

import io.tradeloom.core.api.RiskLimitView;
import io.tradeloom.core.testing.FakeQuotes;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class RiskEngineTest {

    private static final long MS = 1_000_000L;
    private static final Instant T0 = Instant.parse("2024-03-01T14:30:00Z");

    private final FakeQuotes quotes = new FakeQuotes().quote("AAPL", "99.5", "100.5").quote("MSFT", "399", "401");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private int orderIds;

    private RiskEngine engine(String... keyValues) {
        return new RiskEngine(quotes, config(keyValues), nanos::get);
    }

    private static Map<String, Object> config(String... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("service.pid", "io.tradeloom.risk");
        m.put("felix.fileinstall.filename", "file:/opt/tradeloom/etc/io.tradeloom.risk.cfg");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static OrderRequest.Builder buy(String qty) {
        return OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY).type(OrderType.MARKET)
                .timeInForce(TimeInForce.DAY).quantity(qty);
    }

    private static OrderRequest.Builder limitBuy(String qty, String price) {
        return buy(qty).type(OrderType.LIMIT).limitPrice(price);
    }

    private static RiskRejectedException rejected(RiskEngine risk, OrderRequest r) {
        try {
            risk.check(r);
        } catch (RiskRejectedException e) {
            return e;
        }
        fail("expected a risk reject for " + r);
        return null;
    }

    private static void assertReject(String rule, String message, RiskEngine risk, OrderRequest r) {
        ValidationException e = rejected(risk, r);
        assertEquals(message, e.getMessage());
        assertEquals(rule, e.violations().get(0).field());
    }

    /** Accepts an order for the engine's bookkeeping, as the gateway does, and returns it. */
    private Order accepted(RiskEngine risk, OrderRequest r) {
        risk.check(r);
        Order o = Order.accept("O-" + (++orderIds), null, r, T0);
        risk.orderUpdated(null, o, null);
        return o;
    }

    private static Order filled(Order o, String qty, String price) {
        BigDecimal filled = o.filledQty().add(new BigDecimal(qty));
        OrderStatus status = filled.compareTo(o.quantity()) >= 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        return new Order(o.id(), o.clientOrderId(), o.account(), o.venue(), o.symbol(), o.side(), o.type(),
                o.timeInForce(), o.quantity(), o.limitPrice(), o.stopPrice(), o.trailingOffset(), o.strategy(),
                status, filled, o.quantity().subtract(filled), new BigDecimal(price), o.venueOrderId(), null,
                o.createdAt(), T0);
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals("expected " + expected + " but was " + actual, 0, new BigDecimal(expected).compareTo(actual));
    }

    // ---------------------------------------------------------------- 1. quantity

    @Test
    public void maxOrderQty() {
        RiskEngine risk = engine("max.order.qty", "1000");
        risk.check(buy("1000").build());
        assertReject("max.order.qty",
                "risk: max.order.qty=1000 exceeded: qty=5000 (account=default, symbol=AAPL)", risk,
                buy("5000").build());
    }

    @Test
    public void rejectViolationNamesRuleAndValue() {
        RiskEngine risk = engine("max.order.qty", "1000");
        ValidationException e = rejected(risk, buy("5000").build());
        assertEquals("5000", e.violations().get(0).value());
        assertTrue(e.violations().get(0).reason(), e.violations().get(0).reason().contains("max.order.qty=1000"));
    }

    @Test
    public void emptyConfigurationLetsEverythingThrough() {
        RiskEngine risk = new RiskEngine(quotes, Map.of(), nanos::get);
        for (int i = 0; i < 50; i++) {
            risk.check(limitBuy("100000000", "1").build());
        }
        risk.check(buy("1").symbol("NOQUOTE").build());
        assertFalse(risk.configError().isPresent());
    }

    @Test
    public void zeroAndBlankMeanOff() {
        RiskEngine risk = engine("max.order.qty", "0", "max.order.notional", " ", "max.open.orders", "0");
        risk.check(buy("99999999").build());
    }

    // ---------------------------------------------------------------- overrides

    @Test
    public void perAccountOverrideReplacesTheGlobalLimit() {
        RiskEngine risk = engine("max.order.qty", "1000", "max.order.qty.account.hedge", "5000",
                "max.order.qty.account.retail", "10");
        risk.check(buy("5000").account("hedge").build());
        assertReject("max.order.qty",
                "risk: max.order.qty.account.hedge=5000 exceeded: qty=5001 (account=hedge, symbol=AAPL)", risk,
                buy("5001").account("hedge").build());
        assertReject("max.order.qty",
                "risk: max.order.qty.account.retail=10 exceeded: qty=11 (account=retail, symbol=AAPL)", risk,
                buy("11").account("retail").build());
        assertReject("max.order.qty",
                "risk: max.order.qty=1000 exceeded: qty=1001 (account=default, symbol=AAPL)", risk,
                buy("1001").build());
    }

    @Test
    public void perSymbolOverrideAndTheStricterOfTwoOverrides() {
        RiskEngine risk = engine("max.order.qty", "1000", "max.order.qty.symbol.MSFT", "200",
                "max.order.qty.account.hedge", "5000");
        risk.check(buy("1000").build());
        risk.check(buy("200").symbol("MSFT").build());
        assertReject("max.order.qty",
                "risk: max.order.qty.symbol.MSFT=200 exceeded: qty=201 (account=default, symbol=MSFT)", risk,
                buy("201").symbol("MSFT").build());
        // hedge may trade 5000 AAPL, but MSFT's symbol limit is stricter
        risk.check(buy("5000").account("hedge").build());
        assertReject("max.order.qty",
                "risk: max.order.qty.symbol.MSFT=200 exceeded: qty=300 (account=hedge, symbol=MSFT)", risk,
                buy("300").account("hedge").symbol("MSFT").build());
    }

    @Test
    public void overrideOfZeroExemptsTheScope() {
        RiskEngine risk = engine("max.order.qty", "1000", "max.order.qty.account.mm", "0");
        risk.check(buy("1000000").account("mm").build());
        rejected(risk, buy("1000000").build());
    }

    // ---------------------------------------------------------------- 2. notional

    @Test
    public void maxNotionalUsesTheLimitPrice() {
        RiskEngine risk = engine("max.order.notional", "100000");
        risk.check(limitBuy("1000", "100").build());
        assertReject("max.order.notional",
                "risk: max.order.notional=100000 exceeded: notional=100100 (qty 1000 x limit price 100.1)"
                        + " (account=default, symbol=AAPL)", risk, limitBuy("1000", "100.1").build());
    }

    @Test
    public void maxNotionalOfAMarketOrderUsesTheMid() {
        RiskEngine risk = engine("max.order.notional", "100000");
        risk.check(buy("1000").build()); // 1000 x 100
        assertReject("max.order.notional",
                "risk: max.order.notional=100000 exceeded: notional=100100 (qty 1001 x mid 100)"
                        + " (account=default, symbol=AAPL)", risk, buy("1001").build());
    }

    @Test
    public void maxNotionalOfAStopOrderUsesTheMid() {
        RiskEngine risk = engine("max.order.notional", "100000");
        assertReject("max.order.notional",
                "risk: max.order.notional=100000 exceeded: notional=400000 (qty 1000 x mid 400)"
                        + " (account=default, symbol=MSFT)", risk,
                buy("1000").symbol("MSFT").type(OrderType.STOP).stopPrice("410").build());
    }

    @Test
    public void marketOrderWithoutAQuoteIsRejectedWhenNotionalIsOn() {
        quotes.clear("AAPL");
        RiskEngine risk = engine("max.order.notional", "100000");
        risk.check(limitBuy("10", "100").build()); // a limit order carries its own price
        assertReject("max.order.notional",
                "risk: max.order.notional=100000 cannot be checked: no price available for a MARKET order"
                        + " (no quote for AAPL) (account=default, symbol=AAPL)", risk, buy("10").build());
    }

    // ---------------------------------------------------------------- 3. price collar

    @Test
    public void priceCollar() {
        RiskEngine risk = engine("price.collar.pct", "5");
        risk.check(limitBuy("10", "105").build());
        risk.check(limitBuy("10", "95").build());
        assertReject("price.collar.pct",
                "risk: price.collar.pct=5 exceeded: price=105.5 is 5.5% from mid=100 (account=default, symbol=AAPL)",
                risk, limitBuy("10", "105.5").build());
        assertReject("price.collar.pct",
                "risk: price.collar.pct=5 exceeded: price=80 is 20% from mid=100 (account=default, symbol=AAPL)",
                risk, limitBuy("10", "80").build());
        risk.check(buy("10").build()); // market orders have no price to collar
    }

    @Test
    public void priceCollarPerSymbol() {
        RiskEngine risk = engine("price.collar.pct", "5", "price.collar.pct.symbol.MSFT", "1");
        assertReject("price.collar.pct",
                "risk: price.collar.pct.symbol.MSFT=1 exceeded: price=410 is 2.5% from mid=400"
                        + " (account=default, symbol=MSFT)", risk, limitBuy("10", "410").symbol("MSFT").build());
    }

    // ---------------------------------------------------------------- 4. open orders

    @Test
    public void maxOpenOrdersPerAccountAndSymbol() {
        RiskEngine risk = engine("max.open.orders", "2");
        Order first = accepted(risk, limitBuy("10", "100").build());
        accepted(risk, limitBuy("11", "100").build());
        assertReject("max.open.orders",
                "risk: max.open.orders=2 reached: open.orders=2 (account=default, symbol=AAPL)", risk,
                limitBuy("12", "100").build());
        // other symbols and accounts have their own count
        accepted(risk, limitBuy("10", "400").symbol("MSFT").build());
        accepted(risk, limitBuy("10", "100").account("other").build());
        // a terminal order frees its slot
        risk.orderUpdated(first, first.transition(OrderStatus.CANCELED, "test", T0), null);
        assertEquals(1, risk.openOrders("default", "AAPL"));
        accepted(risk, limitBuy("12", "100").build());
    }

    // ---------------------------------------------------------------- 5. position

    @Test
    public void positionsFromFills() {
        RiskEngine risk = engine();
        Order b = accepted(risk, buy("100").build());
        risk.orderUpdated(b, filled(b, "100", "100"), new BigDecimal("100"));
        Order s = accepted(risk, buy("40").side(Side.SELL).build());
        Order s1 = filled(s, "15", "101");
        risk.orderUpdated(s, s1, new BigDecimal("101"));
        risk.orderUpdated(s1, filled(s1, "25", "101"), new BigDecimal("101"));
        Position p = risk.position("default", "AAPL");
        assertDecimal("60", p.quantity());
        assertDecimal("40", p.realizedPnl());
        assertEquals(List.of(p), risk.positions());
        assertEquals(0, risk.openOrders("default", "AAPL"));
    }

    @Test
    public void maxPosition() {
        RiskEngine risk = engine("max.position", "100");
        risk.onFill("default", "AAPL", Side.BUY, new BigDecimal("60"), new BigDecimal("100"));
        risk.check(buy("40").build());
        assertReject("max.position",
                "risk: max.position=100 exceeded: position=60 buy 41 -> 101 (account=default, symbol=AAPL)", risk,
                buy("41").build());
        risk.check(buy("160").side(Side.SELL).build());
        assertReject("max.position",
                "risk: max.position=100 exceeded: position=60 sell_short 161 -> -101 (account=default, symbol=AAPL)",
                risk, buy("161").side(Side.SELL_SHORT).build());
    }

    @Test
    public void reducingAPositionAboveTheLimitIsAllowed() {
        RiskEngine risk = engine("max.position", "100");
        risk.onFill("default", "AAPL", Side.BUY, new BigDecimal("500"), new BigDecimal("100"));
        risk.check(buy("100").side(Side.SELL).build());
        rejected(risk, buy("1").build());
    }

    // ---------------------------------------------------------------- 6. rate

    @Test
    public void orderRatePerVenueWithASlidingOneSecondWindow() {
        RiskEngine risk = engine("max.orders.per.second.venue", "3");
        risk.check(buy("1").build());
        nanos.addAndGet(400 * MS);
        risk.check(buy("2").build());
        risk.check(buy("3").account("other").build());
        assertReject("max.orders.per.second.venue",
                "risk: max.orders.per.second.venue=3 reached: 3 orders in the last second at venue paper"
                        + " (account=default, symbol=AAPL)", risk, buy("4").build());
        risk.check(buy("4").venue("fix").build()); // another venue has its own window
        nanos.addAndGet(600 * MS); // the first order leaves the window
        risk.check(buy("5").build());
        rejected(risk, buy("6").build());
    }

    @Test
    public void orderRatePerAccountWithVenueAndAccountOverrides() {
        RiskEngine risk = engine("max.orders.per.second.account", "2",
                "max.orders.per.second.account.algo", "4", "max.orders.per.second.venue.paper", "3");
        risk.check(buy("1").build());
        risk.check(buy("2").build());
        assertReject("max.orders.per.second.account",
                "risk: max.orders.per.second.account=2 reached: 2 orders in the last second for account default"
                        + " (account=default, symbol=AAPL)", risk, buy("3").build());
        risk.check(buy("1").account("algo").build());
        assertReject("max.orders.per.second.venue",
                "risk: max.orders.per.second.venue.paper=3 reached: 3 orders in the last second at venue paper"
                        + " (account=algo, symbol=AAPL)", risk, buy("2").account("algo").build());
        risk.check(buy("2").account("algo").venue("fix").build());
        risk.check(buy("3").account("algo").venue("fix").build());
        risk.check(buy("4").account("algo").venue("fix").build());
        assertReject("max.orders.per.second.account",
                "risk: max.orders.per.second.account.algo=4 reached: 4 orders in the last second for account algo"
                        + " (account=algo, symbol=AAPL)", risk, buy("5").account("algo").venue("fix").build());
        nanos.addAndGet(1000 * MS);
        risk.check(buy("3").build());
    }

    @Test
    public void rejectedOrdersDoNotUseTheRate() {
        RiskEngine risk = engine("max.orders.per.second.venue", "1", "max.order.qty", "10");
        rejected(risk, buy("11").build());
        risk.check(buy("1").build());
    }

    // ---------------------------------------------------------------- 7. restricted

    @Test
    public void restrictedSymbols() {
        RiskEngine risk = engine("restricted.symbols", "TSLA, GME");
        risk.check(buy("1").build());
        assertReject("restricted.symbols",
                "risk: restricted.symbols=GME,TSLA includes the symbol: symbol=TSLA (account=default, symbol=TSLA)",
                risk, buy("1").symbol("TSLA").build());
    }

    // ---------------------------------------------------------------- 8. duplicates

    @Test
    public void duplicateWindow() {
        RiskEngine risk = engine("duplicate.window.ms", "1000");
        risk.check(limitBuy("100", "101").build());
        nanos.addAndGet(250 * MS);
        assertReject("duplicate.window.ms",
                "risk: duplicate.window.ms=1000 rejected: the same buy 100 AAPL LIMIT @ 101 was accepted 250 ms ago"
                        + " (account=default, symbol=AAPL)", risk, limitBuy("100", "101.00").build());
        // any difference in account, symbol, side, qty, price or type is a different order
        risk.check(limitBuy("100", "101.01").build());
        risk.check(limitBuy("101", "101").build());
        risk.check(limitBuy("100", "101").side(Side.SELL).build());
        risk.check(limitBuy("100", "101").account("other").build());
        risk.check(limitBuy("100", "101").type(OrderType.STOP_LIMIT).stopPrice("100").build());
        nanos.addAndGet(750 * MS);
        risk.check(limitBuy("100", "101").build());
    }

    // ---------------------------------------------------------------- configuration

    @Test
    public void liveReconfiguration() {
        RiskEngine risk = engine("max.order.qty", "1000");
        rejected(risk, buy("2000").build());
        risk.reconfigure(config("max.order.qty", "5000"));
        risk.check(buy("2000").build());
        assertReject("max.order.qty", "risk: max.order.qty=5000 exceeded: qty=6000 (account=default, symbol=AAPL)",
                risk, buy("6000").build());
        risk.reconfigure(config());
        risk.check(buy("6000").build());
        assertFalse(risk.configError().isPresent());
    }

    @Test
    public void badValueKeepsThePreviousLimits() {
        RiskEngine risk = engine("max.order.qty", "1000", "restricted.symbols", "TSLA");
        risk.reconfigure(config("max.order.qty", "lots", "restricted.symbols", ""));
        assertEquals("io.tradeloom.risk.cfg: max.order.qty=lots not a number; the previous risk limits stay in force",
                risk.configError().orElseThrow());
        rejected(risk, buy("1001").build());
        rejected(risk, buy("1").symbol("TSLA").build());

        risk.reconfigure(config("max.order.qty", "-5"));
        assertEquals("io.tradeloom.risk.cfg: max.order.qty=-5 must be between 0 and +inf; the previous risk limits"
                + " stay in force", risk.configError().orElseThrow());
        risk.reconfigure(config("max.open.orders.account.x", "1.5"));
        assertEquals("io.tradeloom.risk.cfg: max.open.orders.account.x=1.5 not a whole number; the previous risk"
                + " limits stay in force", risk.configError().orElseThrow());
        risk.reconfigure(config("max.order.qtty", "5"));
        assertEquals("io.tradeloom.risk.cfg: max.order.qtty=5 unknown risk setting; the previous risk limits stay"
                + " in force", risk.configError().orElseThrow());
        risk.reconfigure(config("max.order.qty.venue.paper", "5"));
        assertEquals("io.tradeloom.risk.cfg: max.order.qty.venue.paper=5 unknown scope: use"
                + " max.order.qty.account.<ACCOUNT> or max.order.qty.symbol.<SYMBOL>; the previous risk limits stay"
                + " in force", risk.configError().orElseThrow());
        rejected(risk, buy("1001").build());

        risk.reconfigure(config("max.order.qty", "2000"));
        assertFalse(risk.configError().isPresent());
        risk.check(buy("1001").build());
        risk.check(buy("1").symbol("TSLA").build());
    }

    @Test
    public void badValueAtStartIsReportedAndNothingIsInForce() {
        RiskEngine risk = engine("price.collar.pct", "abc");
        assertEquals("io.tradeloom.risk.cfg: price.collar.pct=abc not a number; no risk limits are in force until"
                + " the file is fixed", risk.configError().orElseThrow());
        risk.check(limitBuy("10", "500").build());
    }

    // ---------------------------------------------------------------- view

    @Test
    public void limitsShowEachRuleWithItsScopeLimitAndUsage() {
        RiskEngine risk = engine("max.order.qty", "1000", "max.order.qty.account.hedge", "5000",
                "max.open.orders", "10", "max.open.orders.symbol.MSFT", "3", "max.position", "500",
                "max.orders.per.second.venue", "20", "restricted.symbols", "GME");
        accepted(risk, limitBuy("10", "100").build());
        Order o = accepted(risk, limitBuy("20", "100").build());
        risk.orderUpdated(o, filled(o, "20", "100"), new BigDecimal("100"));
        rejected(risk, buy("2000").build());

        List<RiskLimitView> views = risk.limits();
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.order.qty", "global", "1000",
                "per order, rejects=1")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.order.qty", "account=hedge", "5000",
                "per order, rejects=1")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.order.notional", "global", "off",
                "per order, rejects=0")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.open.orders", "global", "10",
                "1 (default/AAPL), rejects=0")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.open.orders", "symbol=MSFT", "3",
                "0, rejects=0")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.position", "global", "500",
                "20 (default/AAPL), rejects=0")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("max.orders.per.second.venue",
                "global (each venue)", "20", "2/s (paper), rejects=0")));
        assertTrue(views.toString(), views.contains(new RiskLimitView("restricted.symbols", "global", "GME",
                "rejects=0")));
    }

    @Test
    public void shippedConfigurationParsesAndStaysOutOfTheDemosWay() throws Exception {
        java.util.Properties file = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(
                java.nio.file.Paths.get("../../etc/io.tradeloom.risk.cfg"))) {
            file.load(in);
        }
        Map<String, Object> props = new HashMap<>();
        file.forEach((k, v) -> props.put((String) k, v));
        props.put("component.name", "io.tradeloom.core.risk.RiskEngine");
        props.put("component.id", 7L);
        RiskEngine risk = new RiskEngine(quotes, props, nanos::get);
        assertFalse(risk.configError().orElse(""), risk.configError().isPresent());
        risk.check(buy("1000000").build());
        risk.check(buy("1000000").build());
        assertReject("max.order.qty",
                "risk: max.order.qty=1000000 exceeded: qty=5000000 (account=default, symbol=AAPL)", risk,
                buy("5000000").build());
    }
}
