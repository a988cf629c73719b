package io.tradeloom.broker.paper.engine;

import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.After;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class PaperMatchingEngineTest {

    private static final Instant NOW = Instant.parse("2024-03-04T14:30:00Z");
    private static final String SYM = "AAPL";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Map<String, Quote> book = new ConcurrentHashMap<>();
    private final List<Execution> out = Collections.synchronizedList(new ArrayList<>());
    private ScheduledExecutorService scheduler;
    private PaperMatchingEngine engine;

    @After
    public void stopScheduler() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    // --------------------------------------------------------------------------------------- market orders

    @Test
    public void marketBuyFillsAtTheAskWithEveryFieldPopulated() {
        engine(config());
        quote("99.90", "0", "100.10", "0");
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.DAY)));

        assertTypes(ExecType.NEW, ExecType.TRADE);
        Execution ack = out.get(0);
        assertEquals("O1", ack.orderId());
        assertEquals("C-O1", ack.clientOrderId());
        assertEquals("paper", ack.venue());
        assertTrue(ack.venueOrderId(), ack.venueOrderId().matches("P-[0-9A-Z]+-000001"));
        assertEquals(OrderStatus.NEW, ack.ordStatus());
        assertDec("0", ack.cumQty());
        assertDec("100", ack.leavesQty());
        assertDec("0", ack.avgPrice());
        assertDec("100", ack.quantity());
        assertNull(ack.limitPrice());
        assertEquals(NOW, ack.transactTime());

        Execution fill = out.get(1);
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertDec("100", fill.lastQty());
        assertDec("100.10", fill.lastPrice());
        assertDec("100", fill.cumQty());
        assertDec("0", fill.leavesQty());
        assertDec("100.10", fill.avgPrice());
        assertDec("100", fill.quantity());
        assertEquals(Liquidity.REMOVED, fill.liquidity());
        assertEquals(ack.venueOrderId(), fill.venueOrderId());
        assertEquals("C-O1", fill.clientOrderId());
        assertEquals(NOW, fill.transactTime());
        assertTrue(fill.isFill());
        assertNotEquals(ack.execId(), fill.execId());
        assertTrue(ack.execId().startsWith("PX-"));
        assertTrue(engine.workingOrders().isEmpty());
        assertEquals(2, engine.executionsEmitted());
    }

    @Test
    public void marketSellFillsAtTheBid() {
        engine(config());
        quote("99.90", "0", "100.10", "0");
        engine.handle(submit(market("O1", Side.SELL, "40", TimeInForce.GTC)));
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("99.90", out.get(1).lastPrice());
        assertEquals(OrderStatus.FILLED, out.get(1).ordStatus());
    }

    @Test
    public void sellShortIsASell() {
        engine(config());
        quote("99.90", "0", "100.10", "0");
        engine.handle(submit(market("O1", Side.SELL_SHORT, "40", TimeInForce.DAY)));
        assertDec("99.90", out.get(1).lastPrice());
    }

    @Test
    public void slippageMovesThePriceAgainstTheTaker() {
        engine(new PaperConfig("paper", FillModel.QUOTE, new BigDecimal("10"), 0, BigDecimal.ONE));
        quote("50.00", "0", "100.00", "0");
        engine.handle(submit(market("B", Side.BUY, "10", TimeInForce.DAY)));
        engine.handle(submit(market("S", Side.SELL, "10", TimeInForce.DAY)));
        List<Execution> fills = fills();
        assertEquals(2, fills.size());
        assertDec("100.10", fills.get(0).lastPrice()); // 100.00 * 1.001
        assertEquals(4, fills.get(0).lastPrice().scale()); // the quote's scale + 2
        assertDec("49.95", fills.get(1).lastPrice()); // 50.00 * 0.999
    }

    @Test
    public void slippageIsRoundedHalfEvenToTheQuoteScalePlusTwo() {
        engine(new PaperConfig("paper", FillModel.QUOTE, new BigDecimal("3"), 0, BigDecimal.ONE));
        quote("10.01", "0", "10.01", "0");
        engine.handle(submit(market("B", Side.BUY, "1", TimeInForce.DAY)));
        // 10.01 * 1.0003 = 10.013003 -> 10.0130
        assertEquals(new BigDecimal("10.0130"), fills().get(0).lastPrice());
    }

    @Test
    public void slippageNeverCrossesALimit() {
        engine(new PaperConfig("paper", FillModel.QUOTE, new BigDecimal("50"), 0, BigDecimal.ONE));
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(limit("B", Side.BUY, "10", "100.20", TimeInForce.DAY)));
        assertDec("100.20", fills().get(0).lastPrice()); // 100.50 with slippage, capped at the limit
    }

    @Test
    public void midModelFillsAtTheMidpoint() {
        engine(new PaperConfig("paper", FillModel.MID, BigDecimal.ZERO, 0, BigDecimal.ONE));
        quote("100.00", "0", "100.10", "0");
        engine.handle(submit(market("B", Side.BUY, "10", TimeInForce.DAY)));
        engine.handle(submit(market("S", Side.SELL, "10", TimeInForce.DAY)));
        assertDec("100.05", fills().get(0).lastPrice());
        assertDec("100.05", fills().get(1).lastPrice());
    }

    @Test
    public void midModelFallsBackToTheTouchOnAOneSidedQuote() {
        engine(new PaperConfig("paper", FillModel.MID, BigDecimal.ZERO, 0, BigDecimal.ONE));
        quote(null, null, "100.10", "0");
        engine.handle(submit(market("B", Side.BUY, "10", TimeInForce.DAY)));
        assertDec("100.10", fills().get(0).lastPrice());
    }

    @Test
    public void marketOrderWithoutAQuoteIsRejected() {
        engine(config());
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.DAY)));
        assertTypes(ExecType.REJECTED);
        Execution r = out.get(0);
        assertEquals(OrderStatus.REJECTED, r.ordStatus());
        assertEquals("no market data for AAPL", r.text());
        assertDec("0", r.cumQty());
        assertDec("0", r.leavesQty());
        assertNotNull(r.venueOrderId());
        assertTrue(engine.workingOrders().isEmpty());
        assertCancelRefused("O1", "order O1 is not working at paper: REJECTED");
    }

    @Test
    public void marketSellIsRejectedWhenOnlyAnAskIsQuoted() {
        engine(config());
        quote(null, null, "100.10", "0");
        engine.handle(submit(market("O1", Side.SELL, "100", TimeInForce.DAY)));
        assertTypes(ExecType.REJECTED);
        assertEquals("no market data for AAPL", out.get(0).text());
    }

    @Test
    public void limitOrderWithoutAQuoteRests() {
        engine(config());
        engine.handle(submit(limit("O1", Side.BUY, "100", "99.00", TimeInForce.DAY)));
        assertTypes(ExecType.NEW);
        assertEquals(1, engine.workingOrders().size());
        assertEquals(OrderStatus.NEW, engine.workingOrders().iterator().next().status());
    }

    // --------------------------------------------------------------------------------------- limit orders

    @Test
    public void buyLimitRestsThenFillsOnACrossingQuoteAsAddedLiquidity() {
        engine(config());
        quote("100.00", "0", "100.50", "0");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.20", TimeInForce.DAY)));
        assertTypes(ExecType.NEW);

        quote("100.00", "0", "100.21", "0"); // still above the limit
        assertTypes(ExecType.NEW);

        quote("99.70", "0", "99.80", "0");
        assertTypes(ExecType.NEW, ExecType.TRADE);
        Execution fill = out.get(1);
        assertDec("99.80", fill.lastPrice()); // min(limit, ask)
        assertDec("100.20", fill.limitPrice());
        assertEquals(Liquidity.ADDED, fill.liquidity());
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertTrue(engine.workingOrders().isEmpty());
    }

    @Test
    public void sellLimitFillsWhenTheBidReachesIt() {
        engine(config());
        quote("99.00", "0", "99.10", "0");
        engine.handle(submit(limit("O1", Side.SELL, "10", "99.50", TimeInForce.GTC)));
        quote("99.49", "0", "99.60", "0");
        assertTypes(ExecType.NEW);
        quote("99.50", "0", "99.60", "0");
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("99.50", out.get(1).lastPrice());
    }

    @Test
    public void marketableLimitFillsOnArrivalAsRemovedLiquidity() {
        engine(config());
        quote("99.00", "0", "99.10", "0");
        engine.handle(submit(limit("O1", Side.BUY, "10", "100.00", TimeInForce.DAY)));
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("99.10", out.get(1).lastPrice());
        assertEquals(Liquidity.REMOVED, out.get(1).liquidity());
    }

    @Test
    public void quotesForOtherSymbolsAreIgnored() {
        engine(config());
        engine.handle(submit(limit("O1", Side.BUY, "10", "100.00", TimeInForce.DAY)));
        engine.onQuote(new Quote("MSFT", "test", new BigDecimal("1"), null, new BigDecimal("1.01"), null, NOW, NOW));
        assertTypes(ExecType.NEW);
    }

    @Test
    public void crossedQuotesAreIgnored() {
        engine(config());
        engine.handle(submit(limit("O1", Side.BUY, "10", "100.00", TimeInForce.DAY)));
        quote("99.00", "0", "98.00", "0");
        assertTypes(ExecType.NEW);
    }

    // --------------------------------------------------------------------------------------- partial fills

    @Test
    public void ratioOfOneHalfFillsHalfTheRemainderPerEventRoundingUp() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.DAY)));
        for (int i = 0; i < 10; i++) {
            quote("99.00", "0", "100.00", "0");
        }
        List<Execution> fills = fills();
        assertEquals(List.of("50", "25", "13", "6", "3", "2", "1"),
                fills.stream().map(e -> e.lastQty().toPlainString()).collect(Collectors.toList()));
        for (int i = 0; i < fills.size() - 1; i++) {
            assertEquals(OrderStatus.PARTIALLY_FILLED, fills.get(i).ordStatus());
        }
        Execution last = fills.get(fills.size() - 1);
        assertEquals(OrderStatus.FILLED, last.ordStatus());
        assertDec("100", last.cumQty());
        assertDec("0", last.leavesQty());
        assertDec("75", fills.get(1).cumQty());
        assertDec("25", fills.get(1).leavesQty());
        assertTrue(engine.workingOrders().isEmpty());
    }

    @Test
    public void partialFillsAverageThePrice() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.DAY)));
        quote("99.00", "0", "101.00", "0");
        List<Execution> fills = fills();
        assertEquals(2, fills.size());
        assertDec("101.00", fills.get(1).lastPrice());
        assertDec("100.33333333", fills.get(1).avgPrice()); // (50 * 100 + 25 * 101) / 75 at the domain's scale
        Order o = engine.workingOrders().iterator().next();
        assertEquals(OrderStatus.PARTIALLY_FILLED, o.status());
        assertDec("75", o.filledQty());
        assertDec("25", o.leavesQty());
        assertEquals(0, o.avgPrice().compareTo(fills.get(1).avgPrice()));
    }

    @Test
    public void displayedSizeCapsEachFill() {
        engine(config());
        quote("99.00", "0", "100.00", "30");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.00", TimeInForce.DAY)));
        quote("99.00", "0", "100.00", "30");
        quote("99.00", "0", "100.00", "30");
        quote("99.00", "0", "100.00", "30");
        quote("99.00", "0", "100.00", "30");
        List<Execution> fills = fills();
        assertEquals(List.of("30", "30", "30", "10"),
                fills.stream().map(e -> e.lastQty().toPlainString()).collect(Collectors.toList()));
        assertEquals(Liquidity.REMOVED, fills.get(0).liquidity());
        assertEquals(Liquidity.ADDED, fills.get(1).liquidity());
        assertEquals(OrderStatus.FILLED, fills.get(3).ordStatus());
    }

    @Test
    public void ratioAndDisplayedSizeCombine() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.00", "20", "100.00", "0");
        engine.handle(submit(market("O1", Side.SELL, "100", TimeInForce.DAY)));
        assertDec("20", fills().get(0).lastQty()); // half would be 50, the bid shows 20
        quote("99.00", "100", "100.00", "0");
        assertDec("40", fills().get(1).lastQty()); // half of the 80 left
    }

    @Test
    public void displayedSizeIsSharedByTheOrdersOnOneQuoteOldestFirst() {
        engine(config());
        engine.handle(submit(limit("A", Side.BUY, "50", "100.00", TimeInForce.DAY)));
        engine.handle(submit(limit("B", Side.BUY, "50", "100.00", TimeInForce.DAY)));
        engine.handle(submit(limit("C", Side.SELL, "50", "99.00", TimeInForce.DAY)));
        quote("99.00", "10", "100.00", "60");
        Map<String, String> filled = fills().stream()
                .collect(Collectors.toMap(Execution::orderId, e -> e.lastQty().toPlainString()));
        assertEquals(Map.of("A", "50", "B", "10", "C", "10"), filled);
    }

    // --------------------------------------------------------------------------------------- IOC / FOK

    @Test
    public void iocFillsWhatItCanAndCancelsTheRest() {
        engine(config());
        quote("99.00", "0", "100.00", "40");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.00", TimeInForce.IOC)));
        assertTypes(ExecType.NEW, ExecType.TRADE, ExecType.CANCELED);
        assertDec("40", out.get(1).lastQty());
        assertEquals(OrderStatus.PARTIALLY_FILLED, out.get(1).ordStatus());
        Execution cxl = out.get(2);
        assertEquals(OrderStatus.CANCELED, cxl.ordStatus());
        assertEquals("IOC remainder canceled", cxl.text());
        assertDec("40", cxl.cumQty());
        assertDec("0", cxl.leavesQty());
        assertDec("100.00", cxl.avgPrice());
        assertTrue(engine.workingOrders().isEmpty());
    }

    @Test
    public void iocThatFillsInFullIsNotCanceled() {
        engine(config());
        quote("99.00", "0", "100.00", "500");
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.IOC)));
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertEquals(OrderStatus.FILLED, out.get(1).ordStatus());
    }

    @Test
    public void iocThatCannotTradeIsCanceledAndNeverRests() {
        engine(config());
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.BUY, "100", "99.50", TimeInForce.IOC)));
        assertTypes(ExecType.NEW, ExecType.CANCELED);
        quote("99.00", "0", "99.00", "0");
        assertTypes(ExecType.NEW, ExecType.CANCELED);
    }

    @Test
    public void fokThatCannotFillInFullDoesNotTradeAtAll() {
        engine(config());
        quote("99.00", "0", "100.00", "40");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.00", TimeInForce.FOK)));
        assertTypes(ExecType.NEW, ExecType.CANCELED);
        assertEquals("FOK could not be filled in full", out.get(1).text());
        assertDec("0", out.get(1).cumQty());
        assertTrue(engine.workingOrders().isEmpty());
    }

    @Test
    public void fokIgnoresThePartialFillRatio() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.00", "0", "100.00", "100");
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.FOK)));
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("100", out.get(1).lastQty());
        assertEquals(OrderStatus.FILLED, out.get(1).ordStatus());
    }

    @Test
    public void fokLimitAwayFromTheMarketIsCanceled() {
        engine(config());
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.SELL, "10", "99.50", TimeInForce.FOK)));
        assertTypes(ExecType.NEW, ExecType.CANCELED);
        assertEquals("FOK could not be filled in full", out.get(1).text());
    }

    // --------------------------------------------------------------------------------------- stops

    @Test
    public void buyStopTriggersWhenTheAskReachesTheStopThenFillsAsMarket() {
        engine(config());
        quote("100.00", "0", "100.50", "0");
        engine.handle(submit(stop("O1", Side.BUY, "10", "101.00", null)));
        assertTypes(ExecType.NEW);
        quote("100.60", "0", "100.99", "0");
        assertTypes(ExecType.NEW);
        quote("101.10", "0", "101.20", "0");
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("101.20", out.get(1).lastPrice());
        assertEquals(Liquidity.REMOVED, out.get(1).liquidity());
    }

    @Test
    public void sellStopTriggersWhenTheBidFallsToTheStop() {
        engine(config());
        quote("100.00", "0", "100.50", "0");
        engine.handle(submit(stop("O1", Side.SELL, "10", "99.00", null)));
        quote("99.01", "0", "99.50", "0");
        assertTypes(ExecType.NEW);
        quote("98.90", "0", "99.00", "0");
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("98.90", out.get(1).lastPrice());
    }

    @Test
    public void stopAlreadyThroughTheMarketTriggersOnArrival() {
        engine(config());
        quote("100.00", "0", "100.50", "0");
        engine.handle(submit(stop("O1", Side.BUY, "10", "100.00", null)));
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("100.50", out.get(1).lastPrice());
    }

    @Test
    public void stopLimitBecomesALimitOnceTriggered() {
        engine(config());
        quote("100.00", "0", "100.50", "0");
        engine.handle(submit(stop("O1", Side.SELL, "10", "99.00", "98.50")));
        quote("98.00", "0", "98.20", "0"); // triggers, but 98.00 is below the 98.50 limit
        assertTypes(ExecType.NEW);
        quote("98.40", "0", "98.60", "0");
        assertTypes(ExecType.NEW);
        quote("98.70", "0", "98.80", "0"); // above the stop again: still triggered, now marketable
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("98.70", out.get(1).lastPrice());
        assertEquals(Liquidity.ADDED, out.get(1).liquidity());
    }

    @Test
    public void sellTrailingStopFollowsTheHighestBid() {
        engine(config());
        quote("100.00", "0", "100.10", "0"); // stop 99.00
        engine.handle(submit(trailing("O1", Side.SELL, "10", "1.00")));
        quote("99.10", "0", "99.20", "0");
        assertTypes(ExecType.NEW);
        quote("102.00", "0", "102.10", "0"); // stop 101.00
        quote("101.50", "0", "101.60", "0");
        quote("101.01", "0", "101.10", "0");
        assertTypes(ExecType.NEW);
        quote("100.90", "0", "101.00", "0");
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("100.90", out.get(1).lastPrice());
    }

    @Test
    public void buyTrailingStopFollowsTheLowestAsk() {
        engine(config());
        engine.handle(submit(trailing("O1", Side.BUY, "10", "0.50"))); // no quote yet: the first one sets it
        quote("49.90", "0", "50.00", "0"); // stop 50.50
        quote("48.90", "0", "49.00", "0"); // stop 49.50
        quote("49.30", "0", "49.49", "0");
        assertTypes(ExecType.NEW);
        quote("49.40", "0", "49.60", "0");
        assertTypes(ExecType.NEW, ExecType.TRADE);
        assertDec("49.60", out.get(1).lastPrice());
    }

    // --------------------------------------------------------------------------------------- cancel / replace

    @Test
    public void cancelEndsAWorkingOrder() {
        engine(config());
        engine.handle(submit(limit("O1", Side.BUY, "100", "99.00", TimeInForce.DAY)));
        engine.handle(new OrderCommand.Cancel(engine.workingOrders().iterator().next(), "X1"));
        assertTypes(ExecType.NEW, ExecType.CANCELED);
        Execution c = out.get(1);
        assertEquals(OrderStatus.CANCELED, c.ordStatus());
        assertEquals("C-O1", c.clientOrderId());
        assertDec("0", c.leavesQty());
        assertNotNull(c.text());
        assertTrue(engine.workingOrders().isEmpty());
        quote("98.00", "0", "98.50", "0");
        assertTypes(ExecType.NEW, ExecType.CANCELED);
        assertCancelRefused("O1", "order O1 is not working at paper: CANCELED");
    }

    @Test
    public void cancelOfAFilledOrUnknownOrderIsRefused() {
        engine(config());
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(market("O1", Side.BUY, "10", TimeInForce.DAY)));
        assertCancelRefused("O1", "order O1 is not working at paper: FILLED");
        assertCancelRefused("nope", "order nope is not working at paper: unknown");
        assertEquals(2, out.size());
    }

    @Test
    public void submittingTheSameOrderTwiceIsRefused() {
        engine(config());
        Order o = limit("O1", Side.BUY, "10", "99.00", TimeInForce.DAY);
        engine.handle(submit(o));
        try {
            engine.handle(submit(o));
            fail("duplicate submit accepted");
        } catch (IllegalStateException e) {
            assertEquals("order O1 is already known at paper: NEW", e.getMessage());
        }
        assertEquals(1, out.size());
    }

    @Test
    public void replaceDownInQuantityKeepsWorkingUnderTheNewClientOrderId() {
        engine(config());
        engine.handle(submit(limit("O1", Side.BUY, "100", "99.00", TimeInForce.DAY)));
        engine.handle(new OrderCommand.Replace(working("O1"), "R1", new BigDecimal("60"), null));
        assertTypes(ExecType.NEW, ExecType.REPLACED);
        Execution r = out.get(1);
        assertEquals("R1", r.clientOrderId());
        assertEquals(OrderStatus.NEW, r.ordStatus());
        assertDec("60", r.quantity());
        assertDec("60", r.leavesQty());
        assertDec("99.00", r.limitPrice());
        Order o = working("O1");
        assertEquals("R1", o.clientOrderId());
        assertDec("60", o.quantity());

        quote("98.00", "0", "98.50", "0");
        assertTypes(ExecType.NEW, ExecType.REPLACED, ExecType.TRADE);
        Execution fill = out.get(2);
        assertEquals("R1", fill.clientOrderId());
        assertDec("60", fill.lastQty());
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
    }

    @Test
    public void replaceOfThePriceMakesTheOrderMarketable() {
        engine(config());
        quote("99.50", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.BUY, "10", "99.00", TimeInForce.GTC)));
        engine.handle(new OrderCommand.Replace(working("O1"), "R1", null, new BigDecimal("100.00")));
        assertTypes(ExecType.NEW, ExecType.REPLACED, ExecType.TRADE);
        assertDec("100.00", out.get(1).limitPrice());
        assertDec("10", out.get(1).quantity());
        assertDec("100.00", out.get(2).lastPrice());
        assertEquals(Liquidity.REMOVED, out.get(2).liquidity());
        assertEquals("R1", out.get(2).clientOrderId());
    }

    @Test
    public void replaceOfAPartiallyFilledOrderStaysPartiallyFilled() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.50", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.00", TimeInForce.DAY)));
        engine.handle(new OrderCommand.Replace(working("O1"), "R1", new BigDecimal("80"), new BigDecimal("99.00")));
        Execution r = out.get(2);
        assertEquals(ExecType.REPLACED, r.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, r.ordStatus());
        assertDec("50", r.cumQty());
        assertDec("30", r.leavesQty());
        assertDec("80", r.quantity());
    }

    @Test
    public void replaceToNoMoreThanTheFilledQuantityIsRefused() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.50", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.00", TimeInForce.DAY)));
        assertDec("50", working("O1").filledQty());
        for (String qty : List.of("50", "40")) {
            try {
                engine.handle(new OrderCommand.Replace(working("O1"), "R-" + qty, new BigDecimal(qty), null));
                fail("replace to " + qty + " accepted");
            } catch (IllegalArgumentException e) {
                assertEquals("replace R-" + qty + " of order O1 rejected: quantity " + qty
                        + " is not above the 50 already filled", e.getMessage());
            }
        }
        assertEquals(2, out.size());
        assertDec("100", working("O1").quantity());
        assertEquals("C-O1", working("O1").clientOrderId());
    }

    @Test
    public void replaceOfALimitPriceOnAMarketOrderOrOfAFinishedOrderIsRefused() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.50", "0", "100.00", "0");
        engine.handle(submit(market("O1", Side.BUY, "100", TimeInForce.DAY)));
        try {
            engine.handle(new OrderCommand.Replace(working("O1"), "R1", null, new BigDecimal("99")));
            fail("limit price on a market order accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("a MARKET order has no limit price"));
        }
        engine.cancelAll("test");
        try {
            engine.handle(new OrderCommand.Replace(market("O1", Side.BUY, "100", TimeInForce.DAY), "R2",
                    new BigDecimal("200"), null));
            fail("replace of a canceled order accepted");
        } catch (IllegalStateException e) {
            assertEquals("order O1 is not working at paper: CANCELED", e.getMessage());
        }
    }

    // --------------------------------------------------------------------------------------- end of life

    @Test
    public void cancelAllCancelsEveryWorkingOrderWithTheReason() {
        engine(config());
        engine.handle(submit(limit("A", Side.BUY, "10", "99.00", TimeInForce.DAY)));
        engine.handle(submit(limit("B", Side.SELL, "10", "101.00", TimeInForce.GTC)));
        engine.handle(submit(stop("C", Side.SELL, "10", "90.00", null)));
        engine.cancelAll("paper broker undeployed");
        List<Execution> cancels = ofType(ExecType.CANCELED);
        assertEquals(3, cancels.size());
        assertEquals(Set.of("A", "B", "C"), cancels.stream().map(Execution::orderId).collect(Collectors.toSet()));
        for (Execution c : cancels) {
            assertEquals("paper broker undeployed", c.text());
            assertEquals(OrderStatus.CANCELED, c.ordStatus());
        }
        assertTrue(engine.workingOrders().isEmpty());
        engine.cancelAll("again");
        assertEquals(6, out.size());
    }

    @Test
    public void expireDayOrdersKeepsGtc() {
        engine(config());
        engine.handle(submit(limit("DAY", Side.BUY, "10", "99.00", TimeInForce.DAY)));
        engine.handle(submit(limit("GTC", Side.BUY, "10", "99.00", TimeInForce.GTC)));
        engine.handle(submit(limit("OPG", Side.BUY, "10", "99.00", TimeInForce.OPG)));
        engine.handle(submit(limit("CLS", Side.BUY, "10", "99.00", TimeInForce.CLS)));
        engine.expireDayOrders();
        List<Execution> expired = ofType(ExecType.EXPIRED);
        assertEquals(Set.of("DAY", "OPG", "CLS"),
                expired.stream().map(Execution::orderId).collect(Collectors.toSet()));
        for (Execution e : expired) {
            assertEquals(OrderStatus.EXPIRED, e.ordStatus());
            assertDec("0", e.leavesQty());
        }
        assertEquals(List.of("GTC"), engine.workingOrders().stream().map(Order::id).collect(Collectors.toList()));
        assertCancelRefused("DAY", "order DAY is not working at paper: EXPIRED");
    }

    /** At a session close only the DAY orders accepted before it expire: one sent after the close is for the next. */
    @Test
    public void expireAtACloseKeepsDayOrdersAcceptedAfterIt() {
        engine(config());
        Instant close = NOW.plusSeconds(60);
        engine.handle(submit(limit("BEFORE", Side.BUY, "10", "99.00", TimeInForce.DAY)));
        engine.handle(submit(Order.accept("AFTER", "C-AFTER", OrderRequest.builder().venue("paper").symbol(SYM)
                .side(Side.BUY).type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity("10").limitPrice("99.00")
                .build(), close)));
        assertEquals(1, engine.expireDayOrders(close));
        assertEquals(List.of("BEFORE"), ofType(ExecType.EXPIRED).stream().map(Execution::orderId).toList());
        assertEquals(List.of("AFTER"), engine.workingOrders().stream().map(Order::id).toList());
        assertEquals(0, engine.expireDayOrders(close));
        assertEquals(1, engine.expireDayOrders(close.plusNanos(1)));
    }

    @Test
    public void expireOfAPartiallyFilledDayOrderKeepsItsFills() {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")));
        quote("99.50", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.BUY, "100", "100.00", TimeInForce.DAY)));
        engine.expireDayOrders();
        Execution e = out.get(out.size() - 1);
        assertEquals(ExecType.EXPIRED, e.execType());
        assertDec("50", e.cumQty());
        assertDec("0", e.leavesQty());
        assertDec("100.00", e.avgPrice());
    }

    // --------------------------------------------------------------------------------------- threading

    @Test
    public void withLatencyReportsArriveLaterOnTheSchedulerInOrder() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "paper-latency"));
        CountDownLatch four = new CountDownLatch(4);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        engine = new PaperMatchingEngine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 50,
                BigDecimal.ONE), s -> Optional.ofNullable(book.get(s)), e -> {
                    threads.add(Thread.currentThread().getName());
                    out.add(e);
                    four.countDown();
                }, clock, scheduler);
        quote("99.00", "0", "100.00", "0");
        engine.handle(submit(limit("O1", Side.BUY, "10", "99.00", TimeInForce.DAY)));
        // The state changes at once, so a cancel right behind the submit is accepted.
        assertEquals(1, engine.workingOrders().size());
        engine.handle(new OrderCommand.Cancel(working("O1"), "X1"));
        engine.handle(submit(market("O2", Side.BUY, "10", TimeInForce.DAY)));

        assertTrue("reports not delivered", four.await(10, TimeUnit.SECONDS));
        assertTypes(ExecType.NEW, ExecType.CANCELED, ExecType.NEW, ExecType.TRADE);
        // Delivered by the scheduler, not on the thread that called handle().
        assertEquals(List.of("paper-latency", "paper-latency", "paper-latency", "paper-latency"), threads);
        assertEquals(4, engine.executionsEmitted());
    }

    @Test
    public void withLatencyOnAMultiThreadedSchedulerReportsKeepTheirOrder() throws Exception {
        scheduler = Executors.newScheduledThreadPool(4);
        int orders = 200;
        CountDownLatch all = new CountDownLatch(orders * 2);
        engine = new PaperMatchingEngine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 1,
                BigDecimal.ONE), s -> Optional.ofNullable(book.get(s)), e -> {
                    out.add(e);
                    all.countDown();
                }, clock, scheduler);
        quote("99.00", "0", "100.00", "0");
        for (int i = 0; i < orders; i++) {
            engine.handle(submit(market("O" + i, Side.BUY, "1", TimeInForce.DAY)));
        }
        assertTrue("reports not delivered", all.await(10, TimeUnit.SECONDS));
        List<Long> ids;
        synchronized (out) {
            ids = out.stream().map(e -> Long.parseLong(e.execId().substring(e.execId().lastIndexOf('-') + 1))).collect(Collectors.toList());
        }
        List<Long> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(sorted, ids);
    }

    @Test
    public void concurrentCommandsAndQuotesKeepEveryOrderConsistent() throws Exception {
        engine(new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.3")));
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
                        engine.handle(submit(limit("T" + thread + "-" + i, side, "37", "100.00",
                                TimeInForce.GTC)));
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 400; i++) {
                    quote("100.00", "25", "100.00", "25");
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Drain what is left so every order finishes.
        for (int i = 0; i < 200 && !engine.workingOrders().isEmpty(); i++) {
            quote("100.00", "0", "100.00", "0");
        }
        assertTrue(engine.workingOrders().isEmpty());

        List<Execution> all;
        synchronized (out) {
            all = new ArrayList<>(out);
        }
        assertEquals(all.size(), engine.executionsEmitted());
        Set<String> execIds = new HashSet<>();
        Map<String, List<Execution>> byOrder = all.stream().collect(Collectors.groupingBy(Execution::orderId));
        assertEquals(threads * perThread, byOrder.size());
        for (Execution e : all) {
            assertTrue("duplicate " + e.execId(), execIds.add(e.execId()));
        }
        for (Map.Entry<String, List<Execution>> entry : byOrder.entrySet()) {
            List<Execution> es = entry.getValue();
            assertEquals(entry.getKey(), ExecType.NEW, es.get(0).execType());
            BigDecimal cum = BigDecimal.ZERO;
            for (Execution e : es.subList(1, es.size())) {
                assertEquals(ExecType.TRADE, e.execType());
                cum = cum.add(e.lastQty());
                assertDec(cum.toPlainString(), e.cumQty());
            }
            assertDec("37", cum);
            assertEquals(OrderStatus.FILLED, es.get(es.size() - 1).ordStatus());
        }
    }

    // --------------------------------------------------------------------------------------- helpers

    private PaperConfig config() {
        return PaperConfig.defaults();
    }

    private void engine(PaperConfig config) {
        engine = new PaperMatchingEngine(config, s -> Optional.ofNullable(book.get(s)), out::add, clock, null);
    }

    private void quote(String bid, String bidSize, String ask, String askSize) {
        Quote q = new Quote(SYM, "test", dec(bid), dec(bidSize), dec(ask), dec(askSize), NOW, NOW);
        book.put(SYM, q);
        engine.onQuote(q);
    }

    private static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static OrderCommand.Submit submit(Order o) {
        return new OrderCommand.Submit(o);
    }

    private static Order order(String id, OrderRequest.Builder b) {
        return Order.accept(id, "C-" + id, b.venue("paper").symbol(SYM).build(), NOW);
    }

    private static Order market(String id, Side side, String qty, TimeInForce tif) {
        return order(id, OrderRequest.builder().side(side).type(OrderType.MARKET).timeInForce(tif).quantity(qty));
    }

    private static Order limit(String id, Side side, String qty, String price, TimeInForce tif) {
        return order(id, OrderRequest.builder().side(side).type(OrderType.LIMIT).timeInForce(tif).quantity(qty)
                .limitPrice(price));
    }

    private static Order stop(String id, Side side, String qty, String stopPrice, String limitPrice) {
        return order(id, OrderRequest.builder().side(side)
                .type(limitPrice == null ? OrderType.STOP : OrderType.STOP_LIMIT).timeInForce(TimeInForce.GTC)
                .quantity(qty).stopPrice(stopPrice).limitPrice(limitPrice));
    }

    private static Order trailing(String id, Side side, String qty, String offset) {
        return order(id, OrderRequest.builder().side(side).type(OrderType.TRAILING_STOP)
                .timeInForce(TimeInForce.DAY).quantity(qty).trailingOffset(new BigDecimal(offset)));
    }

    private Order working(String id) {
        return engine.workingOrders().stream().filter(o -> o.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not working"));
    }

    private List<Execution> fills() {
        return ofType(ExecType.TRADE);
    }

    private List<Execution> ofType(ExecType type) {
        synchronized (out) {
            return out.stream().filter(e -> e.execType() == type).collect(Collectors.toList());
        }
    }

    private void assertTypes(ExecType... expected) {
        synchronized (out) {
            assertEquals(List.of(expected), out.stream().map(Execution::execType).collect(Collectors.toList()));
        }
    }

    private void assertCancelRefused(String id, String message) {
        Order ghost = market(id, Side.BUY, "1", TimeInForce.DAY);
        try {
            engine.handle(new OrderCommand.Cancel(ghost, "X-" + id));
            fail("cancel of " + id + " accepted");
        } catch (IllegalStateException e) {
            assertEquals(message, e.getMessage());
        }
    }

    private static void assertDec(String expected, BigDecimal actual) {
        assertNotNull("expected " + expected + " but was null", actual);
        assertEquals("expected " + expected + " but was " + actual.toPlainString(), 0,
                new BigDecimal(expected).compareTo(actual));
    }

    @Test
    public void reconfigureChangesFillSettingsAndKeepsTheBook() {
        PaperMatchingEngine engine = new PaperMatchingEngine(PaperConfig.defaults(), sym -> Optional.empty(),
                e -> { }, java.time.Clock.systemUTC(), null);
        PaperConfig mid = new PaperConfig("paper", FillModel.MID, java.math.BigDecimal.ZERO, 0,
                java.math.BigDecimal.ONE);
        engine.reconfigure(mid);
        assertEquals(FillModel.MID, engine.config().fillModel());
        try {
            engine.reconfigure(new PaperConfig("other", FillModel.MID, java.math.BigDecimal.ZERO, 0,
                    java.math.BigDecimal.ONE));
            org.junit.Assert.fail("a venue id change must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("id=other"));
        }
        assertEquals("paper", engine.config().venueId());
    }
}
