package io.tradeloom.cluster.member;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ReliableTopicConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.topic.TopicOverloadPolicy;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings of the embedded member, from {@code etc/io.tradeloom.hazelcast.cfg} (PID {@value #PID}). Every
 * key has a default that runs one standalone member on loopback, so a fresh distribution needs no file.
 */
public record MemberSettings(String clusterName, String host, int port, boolean portAutoIncrement, Join join,
                             List<String> members, int backupCount, boolean persistence, Path dataDir, int flushMillis,
                             boolean jmx, int ringbufferCapacity, int publishQueueCapacity, int publishBatch,
                             int ordersFlushMillis, int executionsTtlSeconds, int writeDelaySeconds,
                             int failureDetectionSeconds, int reportsTtlSeconds) {

    public static final String PID = "io.tradeloom.hazelcast";

    /** How members find each other. Multicast is never used: it leaves loopback and is off in most networks. */
    public enum Join { NONE, TCP_IP }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?");

    /** Reads and checks the settings; {@code defaultDataDir} applies when {@code persistence.dir} is blank. */
    public static MemberSettings from(Map<String, ?> props, Path defaultDataDir) {
        Settings s = new Settings(props);
        String host = s.string("member.host", "127.0.0.1");
        var m = IPV4.matcher(host);
        if (!m.matches() || !octets(m)) {
            throw new SettingsException(s.source(), "member.host", host, "must be an IPv4 address such as 127.0.0.1");
        }
        Join join = s.enumValue("join", Join.class, Join.NONE);
        List<String> members = s.list("join.members", List.of());
        if (join == Join.TCP_IP && members.isEmpty()) {
            throw new SettingsException(s.source(), "join.members", null,
                    "is required when join = tcp-ip (host:port, comma separated)");
        }
        for (String member : members) {
            if (!MEMBER.matcher(member).matches()) {
                throw new SettingsException(s.source(), "join.members", member, "must be host or host:port");
            }
        }
        String dir = s.string("persistence.dir", null);
        return new MemberSettings(
                s.string("cluster.name", "tradeloom"),
                host,
                (int) s.integer("member.port", 5701, 1, 65535),
                s.bool("member.port.auto-increment", true),
                join, members,
                (int) s.integer("backup.count", 1, 0, 6),
                s.bool("persistence", true),
                dir == null ? defaultDataDir : Paths.get(dir),
                (int) s.integer("persistence.flush.ms", 100, 10, 10_000),
                s.bool("jmx", true),
                (int) s.integer("marketdata.ringbuffer.capacity", 10_000, 16, 10_000_000),
                (int) s.integer("marketdata.queue.capacity", 10_000, 1, 10_000_000),
                (int) s.integer("marketdata.batch", 256, 1, 10_000),
                (int) s.integer("orders.flush.ms", 5, 1, 1_000),
                (int) s.integer("executions.ttl.seconds", 604_800, 1, 315_360_000),
                (int) s.integer("persistence.write-delay.seconds", 0, 0, 60),
                (int) s.integer("failure-detection.seconds", 60, 2, 600),
                (int) s.integer("reports.ttl.seconds", 691_200, 60, 31_536_000));
    }

    private static boolean octets(java.util.regex.Matcher m) {
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The Hazelcast configuration of these settings, without map stores (the member adds them). */
    public Config toConfig(ClassLoader classLoader) {
        Config c = new Config();
        c.setClusterName(clusterName);
        // Other bundles' classes (domain records) must be visible to whatever Hazelcast deserializes.
        c.setClassLoader(classLoader);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        // OSGi stops the member (bundle stop); a JVM hook of its own would race with that.
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.jmx", Boolean.toString(jmx));
        c.setProperty("hazelcast.socket.bind.any", "false");
        // A member silent this long is removed from the cluster: its locks (the leadership of scheduled jobs) pass
        // on to a waiting member then. Heartbeats every second, so a few seconds do on a quiet network.
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(failureDetectionSeconds));
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        // Write-behind keeps at most this many changed entries per member waiting for the file (default 50,000 is
        // about one second of orders, client ids and execution keys at the throughput target; full = puts fail).
        c.setProperty("hazelcast.map.write.behind.queue.capacity", "2000000");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(portAutoIncrement).setPortCount(20);
        net.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig j = net.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(join == Join.TCP_IP).setMembers(members);
        c.getJetConfig().setEnabled(false);

        c.addMapConfig(new MapConfig(ClusterNames.ORDERS).setBackupCount(backupCount)
                .addIndexConfig(new IndexConfig(IndexType.HASH, "venue"))
                .addIndexConfig(new IndexConfig(IndexType.HASH, "symbol"))
                .addIndexConfig(new IndexConfig(IndexType.HASH, "status")));
        c.addMapConfig(new MapConfig(ClusterNames.CLIENT_IDS).setBackupCount(backupCount));
        // Execution keys only guard against a venue re-sending an execution: kept for a bounded time, not forever.
        c.addMapConfig(new MapConfig(ClusterNames.EXECUTIONS).setBackupCount(backupCount)
                .setTimeToLiveSeconds(executionsTtlSeconds));

        c.addMapConfig(new MapConfig(ClusterNames.ORDER_OWNERS).setBackupCount(backupCount));
        // Reports of every member for the end-of-day batch of the leader: kept long enough for its catch-up.
        c.addMapConfig(new MapConfig(ClusterNames.REPORTS).setBackupCount(backupCount)
                .setTimeToLiveSeconds(reportsTtlSeconds));
        c.addMapConfig(new MapConfig(ClusterNames.SCHEDULER_LEADERS).setBackupCount(backupCount));
        c.addMapConfig(new MapConfig(ClusterNames.SCHEDULER_LAST_FIRE).setBackupCount(backupCount));

        String topics = ClusterNames.MARKET_DATA_PREFIX + "*";
        // A slow reader loses the oldest ticks rather than slowing the publisher (market data goes stale anyway).
        c.addReliableTopicConfig(new ReliableTopicConfig(topics)
                .setTopicOverloadPolicy(TopicOverloadPolicy.DISCARD_OLDEST));
        c.addRingBufferConfig(new RingbufferConfig("_hz_rb_" + topics).setCapacity(ringbufferCapacity)
                .setBackupCount(Math.min(backupCount, 1)));
        return c;
    }
}
