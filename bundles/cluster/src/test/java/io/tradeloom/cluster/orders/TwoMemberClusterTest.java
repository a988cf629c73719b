package io.tradeloom.cluster.orders;

import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.testing.Members;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

/** Two real members forming one cluster over tcp-ip on loopback: one truth whichever member a store talks to. */
public class TwoMemberClusterTest {

    private static HazelcastMember a;
    private static HazelcastMember b;

    @BeforeClass
    public static void formCluster() {
        int pa = Members.freePort();
        int pb = Members.freePort();
        String peers = "127.0.0.1:" + pa + ",127.0.0.1:" + pb;
        a = Members.clustered("two-members", pa, peers);
        b = Members.clustered("two-members", pb, peers);
    }

    @AfterClass
    public static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    public void anOrderWrittenThroughOneMemberIsReadThroughTheOther() {
        assertEquals(2, a.getClusterSize());
        assertEquals(2, b.getClusterSize());
        HazelcastOrderStore viaA = new HazelcastOrderStore(a.instance());
        HazelcastOrderStore viaB = new HazelcastOrderStore(b.instance());
        for (int i = 0; i < 20; i++) {
            // Twenty keys spread over both members' partitions.
            viaA.put(Members.order("O" + i, "c-" + i, "paper", "AAPL", "1"));
            assertEquals(Optional.empty(), viaA.bindClientId("c-" + i, "O" + i));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(viaA.get("O" + i), viaB.get("O" + i));
            assertEquals("the client id is bound cluster-wide", Optional.of("O" + i),
                    viaB.bindClientId("c-" + i, "other"));
        }
        Order acked = viaB.update("O3", o -> o.transition(OrderStatus.NEW, null, Instant.now()));
        assertEquals(Optional.of(acked), viaA.get("O3"));
        assertEquals(1, viaA.query(null, null, OrderStatus.NEW).size());
        assertEquals(20, viaB.values().size());
        assertFalse(viaA.markExecution("paper|E1") && viaB.markExecution("paper|E1"));
        assertEquals(2, a.getMembers().length);
    }
}
