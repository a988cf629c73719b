package io.tradeloom.core.marketdata;

import org.junit.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

public class SymbolTableTest {

    @Test
    public void makesEachValueOnceAndFindsItByAnEqualString() {
        SymbolTable<Object> table = new SymbolTable<>();
        AtomicInteger made = new AtomicInteger();
        List<Object> first = new ArrayList<>();
        // Enough symbols to grow the table several times; similar names, as real feeds have.
        for (int i = 0; i < 5_000; i++) {
            String s = "S" + i;
            assertNull(table.get(s));
            first.add(table.add(s, k -> new Object[]{k, made.incrementAndGet()}));
            assertSame(first.get(i), table.get(s));
        }
        assertEquals(5_000, made.get());
        assertEquals(5_000, table.size());
        for (int i = 0; i < 5_000; i++) {
            // A new String each time: found by equals, not only by identity.
            Object[] v = (Object[]) table.get(new String("S" + i));
            assertSame(v, table.add(new String("S" + i), k -> {
                throw new AssertionError("made again: " + k);
            }));
            assertSame(first.get(i), v);
            assertEquals("S" + i, v[0]);
        }
        assertEquals(5_000, made.get());
    }

    @Test
    public void readersDuringGrowthAlwaysSeeTheOneValueOfASymbol() throws Exception {
        SymbolTable<String> table = new SymbolTable<>();
        ConcurrentHashMap<String, String> madeOnce = new ConcurrentHashMap<>();
        AtomicReference<String> problem = new AtomicReference<>();
        int threads = 4;
        int symbols = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                // Each thread walks the symbols from a different point, so makers and readers interleave.
                for (int n = 0; n < symbols; n++) {
                    String s = "X" + ((n + offset * (symbols / threads)) % symbols);
                    String seen = table.get(s);
                    String v = seen != null ? seen : table.add(s, k -> {
                        String value = k + "#" + System.nanoTime();
                        if (madeOnce.putIfAbsent(k, value) != null) {
                            problem.compareAndSet(null, "made twice: " + k);
                        }
                        return value;
                    });
                    if (v == null || !v.startsWith(s + "#")) {
                        problem.compareAndSet(null, s + " -> " + v);
                    }
                }
            });
            all.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertNull(problem.get());
        assertEquals(symbols, table.size());
        for (int n = 0; n < symbols; n++) {
            String s = "X" + n;
            assertEquals(madeOnce.get(s), table.get(s));
        }
    }
}
