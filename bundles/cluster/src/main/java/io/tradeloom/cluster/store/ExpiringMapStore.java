package io.tradeloom.cluster.store;

import com.hazelcast.map.EntryStore;
import org.h2.mvstore.MVMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Write-through (or write-behind) Hazelcast {@link EntryStore} of a map whose values are the instant the key was
 * first seen (ISO-8601, e.g. execution keys), onto the member's {@link DurableStore}, for a map with a time to live.
 * An entry loaded from the file expires when it would have without the restart (first seen + time to live): a plain
 * MapStore's loaded entries would never expire. Entries past that time are not loaded and leave the file when the
 * keys are loaded at start.
 */
public final class ExpiringMapStore implements EntryStore<String, String> {

    private final MVMap<String, String> map;
    private final long ttlMillis;

    public ExpiringMapStore(DurableStore durable, String name, long ttlMillis) {
        this.map = durable.map(name);
        this.ttlMillis = ttlMillis;
    }

    /** When an entry first seen at {@code when} expires (epoch ms); a value that is not an instant: now + TTL. */
    long expiresAt(String when) {
        try {
            return Instant.parse(when).toEpochMilli() + ttlMillis;
        } catch (RuntimeException e) {
            return System.currentTimeMillis() + ttlMillis;
        }
    }

    @Override
    public void store(String key, MetadataAwareValue<String> value) {
        map.put(key, value.getValue());
    }

    @Override
    public void storeAll(Map<String, MetadataAwareValue<String>> entries) {
        entries.forEach((k, v) -> map.put(k, v.getValue()));
    }

    @Override
    public void delete(String key) {
        map.remove(key);
    }

    @Override
    public void deleteAll(Collection<String> keys) {
        keys.forEach(map::remove);
    }

    @Override
    public MetadataAwareValue<String> load(String key) {
        String text = map.get(key);
        if (text == null) {
            return null;
        }
        long expires = expiresAt(text);
        return expires <= System.currentTimeMillis() ? null : new MetadataAwareValue<>(text, expires);
    }

    @Override
    public Map<String, MetadataAwareValue<String>> loadAll(Collection<String> keys) {
        Map<String, MetadataAwareValue<String>> out = new HashMap<>();
        for (String k : keys) {
            MetadataAwareValue<String> v = load(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        // A snapshot (Hazelcast iterates it while new writes may arrive); expired entries leave the file here.
        long now = System.currentTimeMillis();
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (expiresAt(e.getValue()) <= now) {
                map.remove(e.getKey());
            } else {
                keys.add(e.getKey());
            }
        }
        return keys;
    }
}
