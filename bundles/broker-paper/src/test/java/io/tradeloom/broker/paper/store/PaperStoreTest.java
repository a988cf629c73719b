package io.tradeloom.broker.paper.store;

import io.tradeloom.broker.paper.engine.FillModel;
import io.tradeloom.broker.paper.engine.PaperConfig;
import io.tradeloom.broker.paper.engine.PaperMatchingEngine;
import io.tradeloom.broker.paper.ledger.PaperLedger;
import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
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
import org.h2.mvstore.MVStore;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The engine and the ledger with a real store file, closed and opened again as a restart does: what rested keeps
 * working, what finished is still known, and the ledger still answers for the time before.
 */
public class PaperStoreTest {

    private static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");
    private static final Instant T1 = Instant.parse("2024-03-05T14:30:00Z");
    private static final String SYM = "AAPL";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Map<String, Quote> book = new ConcurrentHashMap<>();
    private final List<Execution> out = Collections.synchronizedList(new ArrayList<>());
    private Path file;
    private PaperStore store;
    private PaperMatchingEngine engine;
    private PaperLedger ledger;

    @After
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** One run of the venue: a store on the file, an engine and a ledger restored from it, clock at {@code now}. */
    private void start(Instant now, PaperConfig config, int flushMillis) {
        if (file == null) {
            file = PaperStore.fileFor(tmp.getRoot().toPath(), "paper");
        }
        store = PaperStore.open(file, "paper", flushMillis);
        ledger = new PaperLedger("paper", store, store.loaded());
        engine = new PaperMatchingEngine(config, s -> Optional.ofNullable(book.get(s)), e -> {
            ledger.execution(e);
            out.add(e);
        }, Clock.fixed(now, ZoneOffset.UTC), null, store, store.loaded());
        out.clear();
    }

    private void start(Instant now) {
        start(now, PaperConfig.defaults(), 10);
    }

    private void restart(Instant now) {
        store.close();
        store = null;
        start(now);
    }

    private void send(OrderCommand cmd) {
        ledger.command(cmd);
        engine.handle(cmd);
    }

    @Test
    public void aRestingLimitOrderSurvivesAndFillsOnALaterQuote() {
        start(T0);
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(limit("O1", Side.BUY, "100", "99.00")));
        assertEquals(List.of(ExecType.NEW), types());
        String venueOrderId = out.get(0).venueOrderId();

        restart(T1);
        assertEquals(Optional.of(OrderStatus.NEW), engine.statusOf("O1"));
        List<Order> working = List.copyOf(engine.workingOrders());
        assertEquals(1, working.size());
        assertDec("100", working.get(0).leavesQty());
        assertTrue("no report on load", out.isEmpty());

        quote(T1, "98.90", "500", "98.95", "500");
        assertEquals(List.of(ExecType.TRADE), types());
        Execution fill = out.get(0);
        assertEquals("O1", fill.orderId());
        assertEquals(OrderStatus.FILLED, fill.ordStatus());
        assertEquals("the venue's id for the order is kept", venueOrderId, fill.venueOrderId());
        assertDec("98.95", fill.lastPrice());
        assertEquals("a resting order adds liquidity", Liquidity.ADDED, fill.liquidity());
        assertEquals(Optional.of(OrderStatus.FILLED), engine.statusOf("O1"));
        assertTrue(engine.workingOrders().isEmpty());
    }

    @Test
    public void aPartiallyFilledOrderKeepsItsRemainingQuantityAndTimePriority() {
        start(T0, new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0, new BigDecimal("0.5")), 10);
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(limit("O1", Side.BUY, "100", "100.02"))); // fills 50 on arrival
        send(submit(limit("O2", Side.BUY, "100", "99.00")));
        assertEquals(List.of(ExecType.NEW, ExecType.TRADE, ExecType.NEW), types());

        store.close();
        start(T1, new PaperConfig("paper", FillModel.QUOTE, BigDecimal.ZERO, 0,
                BigDecimal.ONE), 10);
        assertEquals(Optional.of(OrderStatus.PARTIALLY_FILLED), engine.statusOf("O1"));
        assertEquals(List.of("O1", "O2"), engine.workingOrders().stream().map(Order::id).toList());
        assertDec("50", engine.workingOrders().iterator().next().leavesQty());

        // 60 shown at 98.95: the older order takes its 50 first, the younger gets the 10 left.
        quote(T1, "98.90", "500", "98.95", "60");
        List<Execution> fills = out.stream().filter(Execution::isFill).toList();
        assertEquals(List.of("O1", "O2"), fills.stream().map(Execution::orderId).toList());
        assertDec("50", fills.get(0).lastQty());
        assertDec("100", fills.get(0).cumQty());
        assertEquals(OrderStatus.FILLED, fills.get(0).ordStatus());
        assertDec("10", fills.get(1).lastQty());
    }

    @Test
    public void aCancelAfterTheRestartWorks() {
        start(T0);
        quote(T0, "99.98", "500", "100.02", "500");
        Order o = limit("O1", Side.SELL, "10", "150.00");
        send(submit(o));
        restart(T1);
        send(new OrderCommand.Cancel(o, "X1"));
        assertEquals(List.of(ExecType.CANCELED), types());
        assertEquals(Optional.of(OrderStatus.CANCELED), engine.statusOf("O1"));

        restart(T1.plusSeconds(60));
        assertEquals("the cancel itself was kept", Optional.of(OrderStatus.CANCELED), engine.statusOf("O1"));
        assertTrue(engine.workingOrders().isEmpty());
    }

    @Test
    public void finishedOrdersStillAnswerStatusQueriesAndUnknownOnesStayUnknown() {
        start(T0);
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(market("O1", Side.BUY, "10")));
        send(submit(market("O2", Side.BUY, "10", "MSFT"))); // refused by the venue: no market data
        restart(T1);
        assertEquals(Optional.of(OrderStatus.FILLED), engine.statusOf("O1"));
        assertEquals(Optional.of(OrderStatus.REJECTED), engine.statusOf("O2"));
        assertEquals(Optional.empty(), engine.statusOf("O3"));
        try {
            send(submit(market("O1", Side.BUY, "10")));
            throw new AssertionError("a second submit of O1 after the restart was taken");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("already known"));
        }
    }

    @Test
    public void theLedgerAnswersForAPeriodBeforeTheRestart() {
        start(T0);
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(market("O1", Side.BUY, "10")));
        send(submit(limit("O2", Side.SELL, "20", "150.00")));
        restart(T1);
        quote(T1, "150.00", "500", "150.02", "500"); // O2 fills now, after the restart

        BrokerStatement before = ledger.statement(T0.minusSeconds(60), T0.plusSeconds(60), 1000);
        Map<String, BrokerOrder> orders = before.orders().stream()
                .collect(Collectors.toMap(BrokerOrder::orderId, b -> b));
        assertEquals(java.util.Set.of("O1", "O2"), orders.keySet());
        assertEquals(OrderStatus.FILLED, orders.get("O1").status());
        assertDec("10", orders.get("O1").cumQty());
        assertDec("100.02", orders.get("O1").avgPrice());
        assertEquals(List.of("O1"), before.fills().stream().map(Execution::orderId).toList());

        BrokerStatement after = ledger.statement(T1.minusSeconds(60), T1.plusSeconds(60), 1000);
        assertEquals(List.of("O2"), after.fills().stream().map(Execution::orderId).toList());
        assertEquals(OrderStatus.FILLED, after.orders().stream().filter(b -> b.orderId().equals("O2"))
                .findFirst().orElseThrow().status());
    }

    @Test
    public void aKillLosesOnlyWhatWasNotYetCommitted() {
        start(T0, PaperConfig.defaults(), 60_000); // the writer would wait a minute: only flush() writes
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(limit("O1", Side.BUY, "10", "99.00")));
        assertTrue(store.flush(10_000));
        send(submit(limit("O2", Side.BUY, "10", "99.00")));
        store.closeAbruptly();
        store = null;

        start(T1);
        assertEquals(Optional.of(OrderStatus.NEW), engine.statusOf("O1"));
        assertEquals("O2 was in the window the kill lost", Optional.empty(), engine.statusOf("O2"));
        assertEquals(List.of("O1"), engine.workingOrders().stream().map(Order::id).toList());
    }

    @Test
    public void anUnreadableFileIsMovedAsideAndTheVenueStartsEmpty() throws Exception {
        file = PaperStore.fileFor(tmp.getRoot().toPath(), "paper");
        Files.createDirectories(file.getParent());
        byte[] garbage = "this is not an MVStore file\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);

        start(T0);
        assertTrue(engine.workingOrders().isEmpty());
        List<Path> aside;
        try (Stream<Path> s = Files.list(file.getParent())) {
            aside = s.filter(p -> p.getFileName().toString().startsWith("paper.mv.corrupt-")).toList();
        }
        assertEquals("moved aside: " + aside, 1, aside.size());
        assertTrue("kept as it was", java.util.Arrays.equals(garbage, Files.readAllBytes(aside.get(0))));

        // The new file works as any other.
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(limit("O1", Side.BUY, "10", "99.00")));
        restart(T1);
        assertEquals(Optional.of(OrderStatus.NEW), engine.statusOf("O1"));
    }

    @Test
    public void anUnreadableEntryIsSkippedAndTheRestLoads() {
        start(T0);
        quote(T0, "99.98", "500", "100.02", "500");
        send(submit(limit("O1", Side.BUY, "10", "99.00")));
        send(submit(limit("O2", Side.BUY, "10", "98.00")));
        store.close();
        store = null;
        MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
        raw.<String, String>openMap("working").put("O2", "{not json");
        raw.commit();
        raw.close();

        start(T1);
        assertEquals(List.of("O1"), engine.workingOrders().stream().map(Order::id).toList());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void quote(Instant t, String bid, String bidSize, String ask, String askSize) {
        Quote q = new Quote(SYM, "test", new BigDecimal(bid), new BigDecimal(bidSize), new BigDecimal(ask),
                new BigDecimal(askSize), t, t);
        book.put(SYM, q);
        engine.onQuote(q);
    }

    private List<ExecType> types() {
        return out.stream().map(Execution::execType).toList();
    }

    private static OrderCommand.Submit submit(Order o) {
        return new OrderCommand.Submit(o);
    }

    private static Order market(String id, Side side, String qty) {
        return market(id, side, qty, SYM);
    }

    private static Order market(String id, Side side, String qty, String symbol) {
        return Order.accept(id, "C-" + id, OrderRequest.builder().venue("paper").symbol(symbol).side(side)
                .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity(qty).build(), T0);
    }

    private static Order limit(String id, Side side, String qty, String price) {
        return Order.accept(id, "C-" + id, OrderRequest.builder().venue("paper").symbol(SYM).side(side)
                .type(OrderType.LIMIT).timeInForce(TimeInForce.GTC).quantity(qty).limitPrice(price).build(), T0);
    }

    private static void assertDec(String expected, BigDecimal actual) {
        assertEquals(expected + " vs " + actual, 0, new BigDecimal(expected).compareTo(actual));
    }

}
