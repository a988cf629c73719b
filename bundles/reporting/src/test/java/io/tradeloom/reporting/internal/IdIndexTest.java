package io.tradeloom.reporting.internal;

import org.junit.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.Assert.assertEquals;

/** The report id index against a HashMap: UUID ids in the table, other ids as strings, removals in probe runs. */
public class IdIndexTest {

    @Test
    public void behavesLikeAMapThroughGrowthAndRemovals() {
        IdIndex index = new IdIndex();
        Map<String, Long> expected = new HashMap<>();
        List<String> ids = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 1; i <= 50_000; i++) {
            String id = switch (i % 10) {
                case 0 -> "fill-" + i;                                            // not a UUID
                case 1 -> new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase(); // not canonical
                default -> new UUID(random.nextLong(), random.nextLong()).toString();
            };
            ids.add(id);
            assertEquals(0, index.putIfAbsent(id, i));
            expected.put(id, (long) i);
        }
        // The same id again keeps its first seq; upper and lower case are different ids.
        assertEquals(5, index.putIfAbsent(ids.get(4), 999_999));
        String upper = ids.get(0 + 10); // i = 11: upper-case
        assertEquals(0, index.get(upper.toLowerCase()));
        for (int i = 0; i < ids.size(); i += 3) {
            index.remove(ids.get(i), expected.remove(ids.get(i)));
        }
        index.remove(ids.get(1), 12345); // wrong seq: kept
        for (String id : ids) {
            assertEquals(id, expected.getOrDefault(id, 0L).longValue(), index.get(id));
        }
        assertEquals(expected.size(), index.size());
    }
}
