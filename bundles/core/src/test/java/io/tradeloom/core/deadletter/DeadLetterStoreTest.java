package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

public class DeadLetterStoreTest {

    private final DeadLetterStore store = new DeadLetterStore();

    @Test
    public void keepsLettersNewestFirstWithIncreasingIds() {
        DeadLetter a = store.add("sim", "quote", "payload-a", "bid=-1: must be greater than 0");
        DeadLetter b = store.add("paper", "execution", 42, "unknown order O-1");

        assertEquals(1, a.id());
        assertEquals(2, b.id());
        assertEquals("42", b.payload());
        assertNotNull(a.at());
        List<DeadLetter> recent = store.recent(10);
        assertEquals(List.of(b, a), recent);
        assertEquals(List.of(b), store.recent(1));
        assertEquals(2, store.total());
    }

    @Test
    public void nullPayloadIsRenderedAsText() {
        assertEquals("null", store.add("x", "marketdata", null, "r").payload());
    }

    @Test
    public void longPayloadIsCutAndSaysHowLongItWas() {
        String big = "x".repeat(5000);
        DeadLetter d = store.add("sim", "quote", big, "too big");
        assertTrue(d.payload(), d.payload().endsWith("...(5000 chars)"));
        assertEquals(2000 + "...(5000 chars)".length(), d.payload().length());
    }

    @Test
    public void keepsAtMostTenThousandButCountsAll() {
        for (int i = 0; i < 10_005; i++) {
            store.add("flood", "quote", i, "bad");
        }
        assertEquals(10_005, store.total());
        assertEquals(10_000, store.recent(20_000).size());
        assertEquals("10004", store.recent(1).get(0).payload());
        assertEquals("the oldest were dropped", "5", store.recent(10_000).get(9_999).payload());
    }
}
