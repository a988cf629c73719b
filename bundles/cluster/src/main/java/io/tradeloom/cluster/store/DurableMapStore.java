package io.tradeloom.cluster.store;

import com.hazelcast.map.MapStore;
import org.h2.mvstore.MVMap;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Write-through Hazelcast {@link MapStore} of one map onto the member's {@link DurableStore}: every put or remove
 * is in the store before the map operation returns (and in the file within the store's flush interval, at once on
 * a clean stop), and the map is loaded from the file when it is first used. Values are kept as their text form
 * (JSON for orders).
 *
 * @param <V> the map's value type
 */
public final class DurableMapStore<V> implements MapStore<String, V> {

    private final DurableStore durable;
    private final MVMap<String, String> map;
    private final Function<V, String> toText;
    private final Function<String, V> fromText;

    public DurableMapStore(DurableStore durable, String name, Function<V, String> toText,
                           Function<String, V> fromText) {
        this.durable = durable;
        this.map = durable.map(name);
        this.toText = toText;
        this.fromText = fromText;
    }

    @Override
    public void store(String key, V value) {
        map.put(key, toText.apply(value));
    }

    @Override
    public void storeAll(Map<String, V> entries) {
        entries.forEach((k, v) -> map.put(k, toText.apply(v)));
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
    public V load(String key) {
        String text = map.get(key);
        return text == null ? null : fromText.apply(text);
    }

    @Override
    public Map<String, V> loadAll(Collection<String> keys) {
        Map<String, V> out = new HashMap<>();
        for (String k : keys) {
            String text = map.get(k);
            if (text != null) {
                out.put(k, fromText.apply(text));
            }
        }
        return out;
    }

    @Override
    public Iterable<String> loadAllKeys() {
        // A snapshot: Hazelcast iterates it while new writes may arrive.
        return new java.util.ArrayList<>(map.keySet());
    }
}
