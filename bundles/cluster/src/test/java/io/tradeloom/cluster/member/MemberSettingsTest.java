package io.tradeloom.cluster.member;

import com.hazelcast.config.Config;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class MemberSettingsTest {

    @Test
    public void defaultsRunOneStandaloneMemberOnLoopbackWithoutMulticast() {
        MemberSettings s = MemberSettings.from(Map.of(), Paths.get("data", "tradeloom"));
        assertEquals("tradeloom", s.clusterName());
        assertEquals("127.0.0.1", s.host());
        assertEquals(5701, s.port());
        assertEquals(MemberSettings.Join.NONE, s.join());
        assertTrue(s.persistence());
        assertEquals(Paths.get("data", "tradeloom"), s.dataDir());
        Config c = s.toConfig(getClass().getClassLoader());
        assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals(List.of("127.0.0.1"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
        assertEquals(3, c.getMapConfig(ClusterNames.ORDERS).getIndexConfigs().size());
        assertEquals(5, s.ordersFlushMillis());
        assertEquals(0, s.writeDelaySeconds());
        assertEquals("execution keys kept 7 days", 7 * 24 * 3600,
                c.getMapConfig(ClusterNames.EXECUTIONS).getTimeToLiveSeconds());
        assertEquals(0, c.getMapConfig(ClusterNames.ORDERS).getTimeToLiveSeconds());
    }

    @Test
    public void orderStoreKeysAreReadAndChecked() {
        MemberSettings s = MemberSettings.from(Map.of("orders.flush.ms", "20", "executions.ttl.seconds", "3600",
                "persistence.write-delay.seconds", "2"), Paths.get("d"));
        assertEquals(20, s.ordersFlushMillis());
        assertEquals(3600, s.executionsTtlSeconds());
        assertEquals(2, s.writeDelaySeconds());
        assertEquals(3600, s.toConfig(getClass().getClassLoader()).getMapConfig(ClusterNames.EXECUTIONS)
                .getTimeToLiveSeconds());
        for (Map.Entry<String, String> bad : Map.of("orders.flush.ms", "0", "executions.ttl.seconds", "7d",
                "persistence.write-delay.seconds", "61").entrySet()) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> MemberSettings.from(Map.of(bad.getKey(), bad.getValue()), null));
            assertTrue(e.getMessage(), e.getMessage().contains(bad.getKey()) && e.getMessage().contains(bad.getValue()));
        }
    }

    @Test
    public void tcpIpJoinTakesTheMemberList() {
        MemberSettings s = MemberSettings.from(Map.of("join", "tcp-ip",
                "join.members", "127.0.0.1:5701, 127.0.0.1:5702"), Paths.get("d"));
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), s.members());
        Config c = s.toConfig(getClass().getClassLoader());
        assertTrue(c.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    }

    @Test
    public void badValuesNameFileKeyAndValue() {
        Map<String, Object> file = Map.of("felix.fileinstall.filename", "file:/x/etc/io.tradeloom.hazelcast.cfg",
                "member.port", "70000");
        SettingsException port = assertThrows(SettingsException.class, () -> MemberSettings.from(file, null));
        assertTrue(port.getMessage(), port.getMessage().contains("io.tradeloom.hazelcast.cfg")
                && port.getMessage().contains("member.port") && port.getMessage().contains("70000"));
        SettingsException host = assertThrows(SettingsException.class,
                () -> MemberSettings.from(Map.of("member.host", "localhost"), null));
        assertTrue(host.getMessage(), host.getMessage().contains("member.host"));
        SettingsException join = assertThrows(SettingsException.class,
                () -> MemberSettings.from(Map.of("join", "multicast"), null));
        assertTrue(join.getMessage(), join.getMessage().contains("join") && join.getMessage().contains("multicast"));
        SettingsException members = assertThrows(SettingsException.class,
                () -> MemberSettings.from(Map.of("join", "tcp-ip"), null));
        assertTrue(members.getMessage(), members.getMessage().contains("join.members"));
    }
}
