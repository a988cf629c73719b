package io.tradeloom.simulators.fix.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class OrderBookStoreTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void roundTripsTheBookInOrderIdOrder() throws Exception {
        Path dir = tmp.newFolder().toPath();
        OrderBookStore store = new OrderBookStore(dir);
        assertEquals(1, store.load().nextOrderId());

        SimOrder a = new SimOrder("S-10");
        a.clOrdId = "B";
        a.origClOrdId = "A";
        a.chain.addAll(List.of("A", "B"));
        a.symbol = "AAPL";
        a.side = '1';
        a.qty = new BigDecimal("100");
        a.ordType = '2';
        a.price = new BigDecimal("101.25");
        a.tif = '3';
        a.account = "acc=1 #x";
        a.cumQty = new BigDecimal("40");
        a.notional = new BigDecimal("4050.00");
        a.status = SimOrder.PARTIALLY_FILLED;
        a.fills = 2;
        a.text = "multi\nline";
        SimOrder b = new SimOrder("S-9");
        b.clOrdId = "Z";
        b.chain.add("Z");
        b.symbol = "MSFT";
        b.side = '2';
        b.qty = new BigDecimal("5");
        b.ordType = '1';
        b.status = SimOrder.REJECTED;
        store.save(11, List.of(a, b));

        OrderBookStore.Loaded loaded = new OrderBookStore(dir).load();
        assertEquals(11, loaded.nextOrderId());
        assertEquals("S-9", loaded.orders().get(0).orderId);
        SimOrder l = loaded.orders().get(1);
        assertEquals("B", l.clOrdId);
        assertEquals("A", l.origClOrdId);
        assertEquals(List.of("A", "B"), l.chain);
        assertEquals('1', l.side);
        assertEquals(0, new BigDecimal("101.25").compareTo(l.price));
        assertNull(l.stopPx);
        assertEquals('3', l.tif);
        assertEquals("acc=1 #x", l.account);
        assertEquals(0, new BigDecimal("60").compareTo(l.leaves()));
        assertEquals(0, new BigDecimal("101.25").compareTo(l.avgPx()));
        assertEquals(SimOrder.PARTIALLY_FILLED, l.status);
        assertEquals(2, l.fills);
        assertEquals("multi\nline", l.text);
        assertEquals(0, loaded.orders().get(0).tif);

        List<String> lines = Files.readAllLines(store.file());
        List<String> keys = lines.stream().filter(x -> !x.startsWith("#")).toList();
        assertEquals("sorted", keys.stream().sorted().toList(), keys);
        assertTrue(Files.notExists(dir.resolve(OrderBookStore.FILE_NAME + ".tmp")));
    }
}
