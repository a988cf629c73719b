package io.tradeloom.cluster.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.ScheduledJobs;
import io.tradeloom.cluster.store.DurableMapStore;
import io.tradeloom.cluster.store.DurableStore;
import io.tradeloom.cluster.store.ExpiringMapStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One embedded Hazelcast member with the shared maps backed, when persistence is on, by a write-through store
 * in {@link MemberSettings#dataDir()}. Plain Java (no OSGi): the DS component and the tests both build it.
 */
public final class HazelcastMember implements AutoCloseable, ClusterMXBean {

    private final MemberSettings settings;
    private final DurableStore durable;
    private final ExpiringMapStore executionsStore;
    private final HazelcastInstance instance;
    private volatile String configurationError = "";

    public HazelcastMember(MemberSettings settings, ClassLoader classLoader) {
        this.settings = settings;
        Config config = settings.toConfig(classLoader);
        this.durable = settings.persistence() ? new DurableStore(settings.dataDir(), settings.flushMillis()) : null;
        if (durable != null) {
            attach(config, ClusterNames.ORDERS, new DurableMapStore<HazelcastJsonValue>(durable, ClusterNames.ORDERS,
                    HazelcastJsonValue::toString, HazelcastJsonValue::new));
            attach(config, ClusterNames.CLIENT_IDS, new DurableMapStore<String>(durable, ClusterNames.CLIENT_IDS,
                    Function.identity(), Function.identity()));
            attach(config, ClusterNames.ORDER_OWNERS, new DurableMapStore<String>(durable,
                    ClusterNames.ORDER_OWNERS, Function.identity(), Function.identity()));
            // Values are when the key was first applied: loaded entries keep their expiry, expired ones stay out.
            executionsStore = new ExpiringMapStore(durable, ClusterNames.EXECUTIONS,
                    settings.executionsTtlSeconds() * 1_000L);
            attach(config, ClusterNames.EXECUTIONS, executionsStore);
        } else {
            executionsStore = null;
        }
        // Hazelcast finds its own services (META-INF/services) through the context class loader at start.
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Hazelcast.class.getClassLoader());
        try {
            this.instance = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            if (durable != null) {
                durable.close();
            }
            throw e;
        } finally {
            t.setContextClassLoader(before);
        }
        // Load the durable maps now (EAGER), not on the first order.
        instance.getMap(ClusterNames.ORDERS).size();
        instance.getMap(ClusterNames.CLIENT_IDS).size();
        instance.getMap(ClusterNames.ORDER_OWNERS).size();
        IMap<String, String> executions = instance.getMap(ClusterNames.EXECUTIONS);
        executions.size();
        if (executionsStore != null) {
            // The map forgets execution keys after their time to live; so does this member's file.
            executions.addLocalEntryListener((EntryExpiredListener<String, String>) e ->
                    executionsStore.delete(e.getKey()));
        }
    }


    private void attach(Config config, String map, Object store) {
        MapConfig mc = config.getMapConfig(map);
        // 0: write-through, in the file's store before the map call returns (on the partition thread). Above 0:
        // Hazelcast's write-behind, the latest value of each changed key stored in batches after that many seconds.
        mc.setMapStoreConfig(new MapStoreConfig().setEnabled(true).setImplementation(store)
                .setWriteDelaySeconds(settings.writeDelaySeconds())
                .setWriteCoalescing(true)
                .setWriteBatchSize(1000)
                // Hazelcast 5 runs map-store calls on another executor by default ("offload"): for a miss of a
                // putIfAbsent (every new client order id) that is two more thread hand-offs on the caller's path.
                // The calls here are in-memory MVStore operations of microseconds: run them in place.
                .setOffload(false)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
    }

    public HazelcastInstance instance() {
        return instance;
    }

    public MemberSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        try {
            if (durable != null && settings.writeDelaySeconds() > 0 && instance.getLifecycleService().isRunning()) {
                // Write-behind: what is still queued goes to the file now, not lost with the member.
                for (String map : List.of(ClusterNames.ORDERS, ClusterNames.CLIENT_IDS, ClusterNames.EXECUTIONS,
                        ClusterNames.ORDER_OWNERS)) {
                    instance.getMap(map).flush();
                }
            }
            instance.shutdown();
        } finally {
            if (durable != null) {
                durable.close();
            }
        }
    }

    @Override
    public String getClusterName() {
        return settings.clusterName();
    }

    @Override
    public String getLocalMember() {
        return address(instance.getCluster().getLocalMember());
    }

    @Override
    public int getClusterSize() {
        return instance.getCluster().getMembers().size();
    }

    @Override
    public String[] getMembers() {
        List<String> out = new ArrayList<>();
        for (Member m : instance.getCluster().getMembers()) {
            out.add(address(m));
        }
        return out.toArray(String[]::new);
    }

    @Override
    public String getClusterState() {
        return instance.getCluster().getClusterState().name();
    }

    @Override
    public long getOrders() {
        return instance.getMap(ClusterNames.ORDERS).size();
    }

    @Override
    public long getClientOrderIds() {
        return instance.getMap(ClusterNames.CLIENT_IDS).size();
    }

    @Override
    public long getExecutionKeys() {
        return instance.getMap(ClusterNames.EXECUTIONS).size();
    }

    @Override
    public String getConfigurationError() {
        return configurationError;
    }

    void configurationError(String error) {
        this.configurationError = error;
    }

    @Override
    public Map<String, String> getScheduledJobLeaders() {
        return settings.join() == MemberSettings.Join.NONE ? Map.of() : ScheduledJobs.leaders(instance);
    }

    @Override
    public String getPersistenceFile() {
        return durable == null ? "" : durable.file().toString();
    }

    private static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    /** For logs: what was started. */
    public Map<String, Object> describe() {
        return Map.of("cluster", settings.clusterName(), "member", getLocalMember(), "size", getClusterSize(),
                "orders", getOrders(), "persistence", getPersistenceFile().isEmpty() ? "off" : getPersistenceFile());
    }
}
