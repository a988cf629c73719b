package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the most recent dead letters in memory and logs them. A feed gone bad can produce thousands a second,
 * so after the first 20 from one source only every 1000th is logged; all are counted and kept.
 */
@Component(service = DeadLetterQueue.class)
public class DeadLetterStore implements DeadLetterQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final int CAPACITY = 10_000;
    private static final int MAX_PAYLOAD = 2_000;

    private final ArrayDeque<DeadLetter> recent = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> perSource = new ConcurrentHashMap<>();

    @Override
    public DeadLetter add(String source, String kind, Object payload, String reason) {
        String text = String.valueOf(payload);
        if (text.length() > MAX_PAYLOAD) {
            text = text.substring(0, MAX_PAYLOAD) + "...(" + text.length() + " chars)";
        }
        DeadLetter letter = new DeadLetter(ids.incrementAndGet(), Instant.now(), source, kind, text, reason);
        synchronized (recent) {
            if (recent.size() == CAPACITY) {
                recent.removeFirst();
            }
            recent.addLast(letter);
        }
        long n = perSource.computeIfAbsent(source, s -> new AtomicLong()).incrementAndGet();
        if (n <= 20 || n % 1000 == 0) {
            LOG.warn("dead letter #{} from {} ({}): {} | input: {}{}", letter.id(), source, kind, reason, text,
                    n == 20 ? " (further ones from this source are logged every 1000th)" : "");
        }
        return letter;
    }

    @Override
    public List<DeadLetter> recent(int max) {
        List<DeadLetter> out = new ArrayList<>(Math.min(max, CAPACITY));
        synchronized (recent) {
            Iterator<DeadLetter> it = recent.descendingIterator();
            while (it.hasNext() && out.size() < max) {
                out.add(it.next());
            }
        }
        return out;
    }

    @Override
    public long total() {
        return ids.get();
    }
}
