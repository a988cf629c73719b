package io.tradeloom.kafka.internal;

import io.tradeloom.kafka.api.KafkaBridgeMXBean;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The bridge's counters, shown through JMX. */
final class KafkaMetrics implements KafkaBridgeMXBean {

    private final KafkaSettings settings;
    final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    final LongAdder received = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder bad = new LongAdder();
    volatile boolean connected;
    volatile boolean routesRunning;
    volatile long lag = -1;
    volatile String lastError;

    KafkaMetrics(KafkaSettings settings) {
        this.settings = settings;
    }

    static void inc(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key == null ? "(unknown)" : key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public boolean isEnabled() {
        return settings.enabled();
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isRunning() {
        return routesRunning;
    }

    @Override
    public String getBootstrapServers() {
        return settings.bootstrapServers();
    }

    @Override
    public Map<String, Long> getRecordsSent() {
        return snapshot(sent);
    }

    @Override
    public Map<String, Long> getRecordsFailed() {
        return snapshot(failed);
    }

    @Override
    public Map<String, Long> getRecordsDropped() {
        return snapshot(dropped);
    }

    @Override
    public long getOrdersReceived() {
        return received.sum();
    }

    @Override
    public long getOrdersAccepted() {
        return accepted.sum();
    }

    @Override
    public long getOrdersRejected() {
        return rejected.sum();
    }

    @Override
    public long getBadRecords() {
        return bad.sum();
    }

    @Override
    public long getConsumerLag() {
        return lag;
    }

    @Override
    public String getLastError() {
        return lastError;
    }
}
