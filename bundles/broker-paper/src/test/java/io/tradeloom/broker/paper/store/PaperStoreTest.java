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
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
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
        raw.openMap("working.2", new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE)).put("O2", new byte[]{PaperRecords.VERSION, 42});
        raw.commit();
        raw.close();

        start(T1);
        assertEquals(List.of("O1"), engine.workingOrders().stream().map(Order::id).toList());
    }

    @Test
    public void callersWaitForAWriterThatIsBehindAndNothingIsDropped() {
        file = PaperStore.fileFor(tmp.getRoot().toPath(), "paper");
        // A queue of 4 changes and a writer that would sleep a minute: every few changes the caller must wait.
        store = PaperStore.open(file, "paper", 60_000, 4);
        ledger = new PaperLedger("paper", store, store.loaded());
        engine = new PaperMatchingEngine(PaperConfig.defaults(), s -> Optional.ofNullable(book.get(s)),
                ledger::execution, Clock.fixed(T0, ZoneOffset.UTC), null, store, store.loaded());
        quote(T0, "99.98", "500", "100.02", "500");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(String.format("O%02d", i));
            send(submit(limit(ids.get(i), Side.BUY, "10", "99.00")));
        }
        assertTrue("the callers waited: " + store.backPressureWaits(), store.backPressureWaits() > 0);

        restart(T1);
        assertEquals(ids, engine.workingOrders().stream().map(Order::id).toList());
        assertEquals(50, ledger.statement(T0.minusSeconds(1), T0.plusSeconds(1), 1000).orders().size());
    }

    @Test
    public void aFormat1JsonFileIsReadAndMigratedToTheBinaryFormat() throws Exception {
        Instant t0 = Instant.parse("2024-03-04T14:30:00.123456789Z");
        file = PaperStore.fileFor(tmp.getRoot().toPath(), "paper");
        Files.createDirectories(file.getParent());
        // The venue as the format-1 store wrote it: a resting limit, a trailing stop with its reference, a filled
        // market order and a rejected one.
        try (JsonFormat1Writer old = new JsonFormat1Writer(file, "paper")) {
            ledger = new PaperLedger("paper", old, PaperState.EMPTY);
            engine = new PaperMatchingEngine(PaperConfig.defaults(), s -> Optional.ofNullable(book.get(s)), e -> {
                ledger.execution(e);
                out.add(e);
            }, Clock.fixed(t0, ZoneOffset.UTC), null, old, PaperState.EMPTY);
            quote(t0, "99.98", "500", "100.02", "500");
            send(submit(limit("O1", Side.BUY, "100", "99.00")));
            send(submit(Order.accept("O2", "C-O2", OrderRequest.builder().venue("paper").symbol(SYM)
                    .side(Side.SELL).type(OrderType.TRAILING_STOP).timeInForce(TimeInForce.GTC).quantity("5")
                    .trailingOffset(new BigDecimal("1.5")).build(), t0)));
            quote(t0, "100.50", "500", "100.52", "500"); // moves the trailing reference up
            send(submit(market("O3", Side.BUY, "10")));
            send(submit(market("O4", Side.BUY, "10", "MSFT"))); // no market data: rejected
        }
        List<Order> before = List.copyOf(engine.workingOrders());
        List<Execution> executionsBefore = List.copyOf(out);
        BrokerStatement statementBefore = ledger.statement(t0.minusSeconds(60), t0.plusSeconds(60), 1000);
        assertEquals(List.of("O1", "O2"), before.stream().map(Order::id).toList());

        start(T1);
        assertEquals("every field of the resting orders, exactly", before, List.copyOf(engine.workingOrders()));
        assertEquals(Optional.of(OrderStatus.FILLED), engine.statusOf("O3"));
        assertEquals(Optional.of(OrderStatus.REJECTED), engine.statusOf("O4"));
        BrokerStatement statementAfter = ledger.statement(t0.minusSeconds(60), t0.plusSeconds(60), 1000);
        assertEquals(sorted(statementBefore.orders()), sorted(statementAfter.orders()));
        assertEquals(statementBefore.fills(), statementAfter.fills());
        assertEquals(executionsBefore.size(), store.loaded().executions().size());
        assertEquals("nanoseconds kept", t0, store.loaded().executions().get(0).execution().transactTime());
        store.close();
        store = null;

        MVStore raw = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertEquals("2", raw.<String, String>openMap("meta").get("format"));
            for (String old : List.of("working", "ledger.orders", "ledger.executions")) {
                assertFalse(old + " is not in the new file", raw.hasMap(old));
            }
        } finally {
            raw.close();
        }
        MVStore backup = new MVStore.Builder().fileName(PaperStore.backupOf(file).toString()).readOnly().open();
        try {
            assertEquals("the JSON file is kept as it was", "1", backup.<String, String>openMap("meta").get("format"));
            assertEquals(2, backup.openMap("working").size());
        } finally {
            backup.close();
        }

        // Read back as format 2, and still a working venue: the trailing stop keeps its reference.
        start(T1);
        assertEquals(before, List.copyOf(engine.workingOrders()));
        quote(T1, "98.90", "500", "98.95", "500");
        assertEquals(List.of("O1", "O2"), out.stream().filter(Execution::isFill).map(Execution::orderId)
                .sorted().toList());
    }

    @Test
    public void binaryRecordsKeepEveryFieldExactly() {
        PaperRecords.Encoder enc = new PaperRecords.Encoder();
        Instant t = Instant.parse("1969-12-31T23:59:59.000000001Z");
        BigDecimal huge = new BigDecimal("-123456789012345678901234567890.123456789");
        BigDecimal negativeScale = new BigDecimal("1.5E+7");
        Execution e = new Execution("E1", "O1", null, "paper", "V-1", ExecType.TRADE, OrderStatus.PARTIALLY_FILLED,
                new BigDecimal("0.00000001"), huge, negativeScale, new BigDecimal("0.0"), new BigDecimal("100.1200"),
                new BigDecimal("9223372036854775807"), null, t, "Käufer ✓ 買", Liquidity.ADDED);
        Execution bare = new Execution("E2", "O2", "C2", "paper", null, ExecType.NEW, OrderStatus.NEW, null, null,
                null, null, null, null, null, T0, null, null);
        List<PaperState.Recorded> block = List.of(new PaperState.Recorded(5, bare), new PaperState.Recorded(5, e),
                new PaperState.Recorded(9, e), new PaperState.Recorded(1L << 40, bare));
        assertEquals(block.subList(1, 4), PaperRecords.executions(5, enc.executions(block, 1, 4)));
        assertEquals(block, PaperRecords.executions(5, enc.executions(block, 0, 4)));

        BrokerOrder o = new BrokerOrder("O1", "V-1", "AAPL", Side.SELL, huge, OrderStatus.CANCELED,
                new BigDecimal("-0.5"), null, t);
        PaperRecords.SeqOrder so = PaperRecords.ledgerOrder("O1", enc.ledgerOrder(Long.MAX_VALUE, o));
        assertEquals(Long.MAX_VALUE, so.seq());
        assertEquals(o, so.order());

        Order order = Order.accept("O1", "C1", OrderRequest.builder().venue("paper").symbol("BRK.A")
                .side(Side.BUY).type(OrderType.STOP_LIMIT).timeInForce(TimeInForce.GTC).quantity("3")
                .limitPrice("612345.25").stopPrice("600000").strategy("mean-rev é").build(), t);
        WorkingOrder w = new WorkingOrder(7, "V-9", false, new BigDecimal("1E-20"), order);
        assertEquals(w, PaperRecords.working(enc.working(w)));
        assertEquals(new WorkingOrder(8, "V-10", true, null, order), PaperRecords.working(enc.working(
                new WorkingOrder(8, "V-10", true, null, order))));
    }

    @Test
    public void aTruncatedOrUnknownRecordIsRefusedWithAReason() {
        byte[] value = new PaperRecords.Encoder().executions(List.of(new PaperState.Recorded(1, new Execution("E1",
                "O1", "C1", "paper", "V", ExecType.NEW, OrderStatus.NEW, null, null, null, null, null, null, null, T0,
                null, null))), 0, 1);
        for (byte[] bad : List.of(java.util.Arrays.copyOf(value, value.length - 1),
                java.util.Arrays.copyOf(value, value.length + 1), new byte[]{99, 1, 2})) {
            try {
                PaperRecords.executions(1, bad);
                throw new AssertionError("read " + java.util.Arrays.toString(bad));
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }

    @Test
    public void executionsLeaveTheFileABlockAtATimeOnceTheLedgerDroppedThemAll() {
        file = PaperStore.fileFor(tmp.getRoot().toPath(), "paper");
        store = PaperStore.open(file, "paper", 60_000); // only flush() writes: one block per flush
        for (int block = 0; block < 3; block++) {
            for (long seq = block * 1000L + 1; seq <= block * 1000L + 1000; seq++) {
                store.execution(seq, execution(seq));
            }
            assertTrue(store.flush(10_000));
        }
        for (long seq = 1; seq <= 1500; seq++) {
            store.executionEvicted(seq);
        }
        store.close();
        store = PaperStore.open(file, "paper", 60_000);
        List<Long> seqs = store.loaded().executions().stream().map(PaperState.Recorded::seq).toList();
        assertEquals("the first block gone, the second kept whole", 2000, seqs.size());
        assertEquals(Long.valueOf(1001), seqs.get(0));

        // Added and dropped within one batch: never written; the rest of the blocks go.
        for (long seq = 3001; seq <= 3010; seq++) {
            store.execution(seq, execution(seq));
        }
        for (long seq = 1501; seq <= 3005; seq++) {
            store.executionEvicted(seq);
        }
        store.close();
        store = PaperStore.open(file, "paper", 60_000);
        assertEquals(java.util.stream.LongStream.rangeClosed(3006, 3010).boxed().toList(),
                store.loaded().executions().stream().map(PaperState.Recorded::seq).toList());
        assertEquals(execution(3010), store.loaded().executions().get(4).execution());
        assertEquals(3011, store.loaded().nextSeq());
    }

    @Test
    public void theLedgerTrimsWhatItReloadsToItsSizeAndTellsTheStore() {
        List<PaperState.Recorded> many = new ArrayList<>();
        for (long seq = 1; seq <= 200_010; seq++) {
            many.add(new PaperState.Recorded(seq, execution(seq)));
        }
        List<Long> evicted = new ArrayList<>();
        new PaperLedger("paper", new PaperJournal() {
            @Override
            public void executionEvicted(long seq) {
                evicted.add(seq);
            }
        }, new PaperState(List.of(), List.of(), List.of(), many, 200_011));
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 10).boxed().toList(), evicted);
    }

    private static Execution execution(long seq) {
        return new Execution("E" + seq, "O" + seq, "C" + seq, "paper", "V" + seq, ExecType.TRADE, OrderStatus.FILLED,
                BigDecimal.valueOf(seq), new BigDecimal("100.25"), BigDecimal.valueOf(seq), BigDecimal.ZERO,
                new BigDecimal("100.25"), BigDecimal.valueOf(seq), null, T0.plusNanos(seq), null, Liquidity.REMOVED);
    }

    private static List<BrokerOrder> sorted(List<BrokerOrder> orders) {
        return orders.stream().sorted(java.util.Comparator.comparing(BrokerOrder::orderId)).toList();
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
