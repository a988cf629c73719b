package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import org.junit.Test;

import javax.management.MBeanServer;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

public class DeadLetterListingTest {

    private final DeadLetterStore store = new DeadLetterStore();

    private List<Long> ids(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::id).toList();
    }

    private void fill() {
        store.add("sim", "quote", "q1", "r");       // 1
        store.add("paper", "execution", "e1", "r"); // 2
        store.add("sim", "trade", "t1", "r");       // 3
        store.add("sim", "quote", "q2", "r");       // 4
        store.add("csv", "bar-file", "b1", "r");    // 5
        store.add("paper", "execution", "e2", "r"); // 6
    }

    @Test
    public void listsNewestFirstFilteredBySourceAndKind() {
        fill();
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), ids(store.list(null, null, 100)));
        assertEquals(List.of(4L, 3L, 1L), ids(store.list("sim", null, 100)));
        assertEquals(List.of(4L, 1L), ids(store.list("sim", "quote", 100)));
        assertEquals(List.of(6L, 2L), ids(store.list(null, "execution", 100)));
        assertEquals("kind is matched without regard to case", List.of(6L, 2L),
                ids(store.list("", "EXECUTION", 100)));
        assertEquals(List.of(), store.list("nowhere", null, 100));
        assertEquals(List.of(), store.list("paper", "quote", 100));
    }

    @Test
    public void maxCountsTheMatchesNewestFirst() {
        fill();
        assertEquals(List.of(4L, 3L), ids(store.list("sim", null, 2)));
        assertEquals(List.of(6L), ids(store.recent(1)));
        assertEquals(List.of(), store.list(null, null, 0));
    }

    @Test
    public void getFindsAKeptLetterById() {
        fill();
        assertEquals("e1", store.get(2).orElseThrow().payload());
        assertFalse(store.get(7).isPresent());
        assertFalse(store.get(0).isPresent());
    }

    @Test
    public void keepsThePayloadObjectNextToTheText() {
        List<Integer> payload = List.of(1, 2);
        DeadLetter d = store.add("sim", "quote", payload, "r");
        assertEquals("[1, 2]", d.payload());
        assertSame(payload, d.original());
        assertTrue(d.hasOriginal());
        assertFalse(d.replayed());
        assertNull(d.replayedAt());
        assertNull(d.replayResult());
        assertSame(payload, store.get(d.id()).orElseThrow().original());
        assertTrue(d.toString(), d.toString().contains("payload=[1, 2], reason=r, original=kept,"));
    }

    @Test
    public void textTooLongToRenderIsKeptAsTextOnlyAndANullPayloadHasNoObject() {
        DeadLetter big = store.add("fix", "fix", "x".repeat(5000), "too big");
        assertFalse(big.hasOriginal());
        assertFalse(store.add("sim", "quote", null, "r").hasOriginal());
        assertTrue(store.add("fix", "fix", "8=FIX.4.4|35=8", "r").hasOriginal());
    }

    @Test
    public void countsPerSourceAndKindIncludeLettersNoLongerKept() {
        fill();
        assertEquals(Map.of("sim/quote", 2L, "paper/execution", 2L, "sim/trade", 1L, "csv/bar-file", 1L),
                store.counts());
        assertEquals("sorted by key", List.of("csv/bar-file", "paper/execution", "sim/quote", "sim/trade"),
                List.copyOf(store.counts().keySet()));
        for (int i = 0; i < 10_001; i++) {
            store.add("flood", "quote", i, "bad");
        }
        assertEquals(10_007, store.total());
        assertEquals(Long.valueOf(10_001), store.counts().get("flood/quote"));
        assertEquals(Long.valueOf(2), store.counts().get("sim/quote"));
        assertEquals(10_007, store.counts().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    public void countsAreEmptyAtFirst() {
        assertEquals(Map.of(), store.counts());
        assertEquals(0, store.total());
    }

    @Test
    public void mbeanShowsTotalAndCountsBySourceAndKind() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        store.activate();
        try {
            assertTrue(mbeans.isRegistered(DeadLetterStore.MBEAN_NAME));
            assertEquals(0L, mbeans.getAttribute(DeadLetterStore.MBEAN_NAME, "Total"));
            fill();
            assertEquals(6L, mbeans.getAttribute(DeadLetterStore.MBEAN_NAME, "Total"));
            TabularData table = (TabularData) mbeans.getAttribute(DeadLetterStore.MBEAN_NAME,
                    "CountsBySourceAndKind");
            Map<String, Long> counts = new TreeMap<>();
            for (Object row : table.values()) {
                CompositeData c = (CompositeData) row;
                counts.put((String) c.get("key"), (Long) c.get("value"));
            }
            assertEquals(Map.of("sim/quote", 2L, "paper/execution", 2L, "sim/trade", 1L, "csv/bar-file", 1L),
                    counts);
            assertEquals(store.counts(), store.getCountsBySourceAndKind());
            assertEquals(6, store.getTotal());
        } finally {
            store.deactivate();
        }
        assertFalse(mbeans.isRegistered(DeadLetterStore.MBEAN_NAME));
    }
}
