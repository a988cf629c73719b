package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Keeps the most recent dead letters in memory and logs them. A feed gone bad can produce thousands a second,
 * so after the first 20 from one source only every 1000th is logged; all are counted and kept.
 * <p>
 * Each letter keeps its payload object next to the text so that it can be replayed through the
 * {@link DeadLetterQueue.Replayer} for its kind (registered as services, picked up dynamically, or
 * {@link #addReplayer added} directly). Text payloads longer than the rendering limit are kept as text only.
 */
@Component(service = DeadLetterQueue.class, immediate = true)
public class DeadLetterStore implements DeadLetterQueue, DeadLettersMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    static final ObjectName MBEAN_NAME = objectName("io.tradeloom:type=deadletters");
    private static final int CAPACITY = 10_000;
    private static final int MAX_PAYLOAD = 2_000;

    /** Kept letters by id; ids only grow, so this is oldest first. Guarded by itself. */
    private final TreeMap<Long, DeadLetter> letters = new TreeMap<>();
    /** Ids of the letters being replayed right now. Guarded by {@link #letters}. */
    private final Set<Long> replaying = new HashSet<>();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> perSource = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> perSourceAndKind = new ConcurrentHashMap<>();
    private final List<Replayer> replayers = new CopyOnWriteArrayList<>();
    /** Letters added on this thread while it replays one; null when it does not. */
    private final ThreadLocal<List<DeadLetter>> addedDuringReplay = new ThreadLocal<>();
    private volatile boolean mbeanRegistered;

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Activate
    void activate() {
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new StandardMBean(this, DeadLettersMXBean.class, true), MBEAN_NAME);
            mbeanRegistered = true;
        } catch (Exception e) {
            LOG.warn("dead-letters MBean not registered: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        if (mbeanRegistered) {
            mbeanRegistered = false;
            try {
                MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
                mbeans.unregisterMBean(MBEAN_NAME);
            } catch (Exception e) {
                LOG.debug("dead-letters MBean: {}", e.toString());
            }
        }
    }

    @Reference(service = Replayer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addReplayer(Replayer replayer) {
        replayers.add(replayer);
    }

    public void removeReplayer(Replayer replayer) {
        replayers.remove(replayer);
    }

    @Override
    public DeadLetter add(String source, String kind, Object payload, String reason) {
        String text = String.valueOf(payload);
        Object original = payload;
        if (text.length() > MAX_PAYLOAD) {
            if (payload instanceof CharSequence) {
                original = null;
            }
            text = text.substring(0, MAX_PAYLOAD) + "...(" + text.length() + " chars)";
        }
        DeadLetter letter = new DeadLetter(ids.incrementAndGet(), Instant.now(), source, kind, text, reason,
                original, null, null);
        synchronized (letters) {
            if (letters.size() == CAPACITY) {
                letters.pollFirstEntry();
            }
            letters.put(letter.id(), letter);
        }
        perSourceAndKind.computeIfAbsent(source + '/' + kind, k -> new LongAdder()).increment();
        List<DeadLetter> capture = addedDuringReplay.get();
        if (capture != null) {
            capture.add(letter);
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
        return list(null, null, max);
    }

    @Override
    public List<DeadLetter> list(String source, String kind, int max) {
        boolean anySource = source == null || source.isBlank();
        boolean anyKind = kind == null || kind.isBlank();
        List<DeadLetter> out = new ArrayList<>(Math.max(0, Math.min(max, 1_000)));
        synchronized (letters) {
            for (DeadLetter d : letters.descendingMap().values()) {
                if (out.size() >= max) {
                    break;
                }
                if ((anySource || source.equals(d.source())) && (anyKind || kind.equalsIgnoreCase(d.kind()))) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    @Override
    public Optional<DeadLetter> get(long id) {
        synchronized (letters) {
            return Optional.ofNullable(letters.get(id));
        }
    }

    @Override
    public long total() {
        return ids.get();
    }

    @Override
    public Map<String, Long> counts() {
        return perSourceAndKind.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().sum(), (a, b) -> a + b, TreeMap::new));
    }

    @Override
    public long getTotal() {
        return total();
    }

    @Override
    public Map<String, Long> getCountsBySourceAndKind() {
        return counts();
    }

    @Override
    public String replay(long id, boolean force) {
        DeadLetter letter;
        Replayer replayer;
        synchronized (letters) {
            letter = letters.get(id);
            if (letter == null) {
                throw new IllegalArgumentException("no dead letter #" + id + (id > 0 && id <= ids.get()
                        ? " any more (only the newest " + CAPACITY + " are kept)" : ""));
            }
            String what = "dead letter #" + id + " (kind " + letter.kind() + ", source " + letter.source() + ")";
            replayer = replayerFor(letter);
            if (replayer == null) {
                throw new IllegalStateException(what + " cannot be replayed: no replayer for kind "
                        + letter.kind());
            }
            if (!letter.hasOriginal()) {
                throw new IllegalStateException(what + " cannot be replayed: its payload object is gone, only"
                        + " the text is kept");
            }
            if (letter.replayed() && !force) {
                throw new IllegalStateException(what + " was already replayed at " + letter.replayedAt() + " ("
                        + letter.replayResult() + "); replay it again with force (--force)");
            }
            if (!replaying.add(id)) {
                throw new IllegalStateException(what + " is being replayed right now");
            }
        }
        List<DeadLetter> added = new ArrayList<>();
        String result;
        try {
            addedDuringReplay.set(added);
            try {
                result = replayer.replay(letter);
            } catch (RuntimeException e) {
                result = "failed: " + (e.getMessage() != null ? e.getMessage() : e.toString());
            } finally {
                addedDuringReplay.remove();
            }
            if (!added.isEmpty()) {
                result = "still invalid: " + added.stream()
                        .map(d -> "new dead letter #" + d.id() + ": " + d.reason())
                        .collect(Collectors.joining("; "));
            }
            DeadLetter marked = letter.withReplay(Instant.now(), result);
            synchronized (letters) {
                letters.computeIfPresent(id, (k, d) -> marked);
            }
        } finally {
            synchronized (letters) {
                replaying.remove(id);
            }
        }
        LOG.info("dead letter #{} from {} ({}) replayed: {}", id, letter.source(), letter.kind(), result);
        return result;
    }

    private Replayer replayerFor(DeadLetter letter) {
        for (Replayer r : replayers) {
            try {
                if (r.canReplay(letter)) {
                    return r;
                }
            } catch (RuntimeException e) {
                LOG.warn("dead-letter replayer {} failed on #{}: {}", r, letter.id(), e.toString());
            }
        }
        return null;
    }
}
