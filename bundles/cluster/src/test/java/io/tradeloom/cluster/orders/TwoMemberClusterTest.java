package io.tradeloom.cluster.orders;

import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.testing.Members;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Two real members forming one cluster over tcp-ip on loopback, each with its own order store (as two containers):
 * one truth whichever member a store talks to, once a member's batch has reached the map.
 */
public class TwoMemberClusterTest {

    private static final long WAIT = 30_000;

    private static HazelcastMember a;
    private static HazelcastMember b;
    private static HazelcastOrderStore viaA;
    private static HazelcastOrderStore viaB;

    @BeforeClass
    public static void formCluster() {
        int pa = Members.freePort();
        int pb = Members.freePort();
        String peers = "127.0.0.1:" + pa + ",127.0.0.1:" + pb;
        a = Members.clustered("two-members", pa, peers);
        b = Members.clustered("two-members", pb, peers);
        Members.await("two members", WAIT, () -> a.getClusterSize() == 2 && b.getClusterSize() == 2);
        viaA = new HazelcastOrderStore(a.instance(), a.settings());
        viaB = new HazelcastOrderStore(b.instance(), b.settings());
    }

    @AfterClass
    public static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{viaB, viaA, b, a}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    public void memberBSeesTheOrdersOfMemberAAfterItsBatch() {
        List<Order> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // Twenty keys spread over both members' partitions; no flush: the writer thread takes them there.
            Order o = Members.order("A" + i, "ac-" + i, "paper", "AAPL", "1");
            viaA.put(o);
            written.add(viaA.update(o.id(), x -> x.transition(OrderStatus.NEW, "acked", Instant.now())));
        }
        for (Order o : written) {
            Members.await("order " + o.id() + " as member A has it, read through member B", WAIT,
                    () -> viaB.get(o.id()).equals(Optional.of(o)));
        }
        Members.await("B's query by status finds A's orders", WAIT,
                () -> viaB.query("paper", "AAPL", OrderStatus.NEW).size() >= 20);
        assertEquals(2, a.getMembers().length);
        // Each order names the member that created it, read through either member (member-local venues need it).
        assertEquals(a.getLocalMember(), viaA.localMember());
        for (Order o : written) {
            Members.await("owner of " + o.id() + " through B", WAIT,
                    () -> viaB.owner(o.id()).equals(Optional.of(a.getLocalMember())));
        }
        assertEquals(Optional.of(a.getLocalMember()), viaA.owner(written.get(0).id()));
    }

    @Test
    public void aClientOrderIdBindsOnceAcrossTheMembers() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(Optional.empty(), viaA.bindClientId("c-" + i, "A" + i));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("bound cluster-wide at once", Optional.of("A" + i), viaB.bindClientId("c-" + i, "B" + i));
            int k = i;
            Members.await("B's look-up knows c-" + i, WAIT, () -> viaB.idOfClientId("c-" + k)
                    .equals(Optional.of("A" + k)));
        }
        // Both members racing with the same 200 ids: every id gets exactly one order id, the same on both sides.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<Optional<String>>> onA = () -> bindAll(viaA, "A");
            Callable<List<Optional<String>>> onB = () -> bindAll(viaB, "B");
            Future<List<Optional<String>>> fa = pool.submit(onA);
            Future<List<Optional<String>>> fb = pool.submit(onB);
            List<Optional<String>> ra = fa.get();
            List<Optional<String>> rb = fb.get();
            for (int i = 0; i < 200; i++) {
                boolean aWon = ra.get(i).isEmpty();
                boolean bWon = rb.get(i).isEmpty();
                assertTrue("exactly one winner for race-" + i + ": " + ra.get(i) + " / " + rb.get(i), aWon ^ bWon);
                String winner = aWon ? "A-race-" + i : "B-race-" + i;
                assertEquals(Optional.of(winner), aWon ? rb.get(i) : ra.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Optional<String>> bindAll(HazelcastOrderStore store, String member) {
        List<Optional<String>> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(store.bindClientId("race-" + i, member + "-race-" + i));
        }
        return out;
    }

    @Test
    public void aChangeByAnotherMemberIsNotOverwrittenByTheCreator() {
        Order o = Members.order("X1", "xc-1", "paper", "MSFT", "5");
        viaA.put(o);
        viaA.flush();
        // B changes A's order (compare-and-set on the map); A drops its working copy when told.
        Order suspended = viaB.update("X1", x -> x.transition(OrderStatus.SUSPENDED, "venue left on B",
                Instant.now()));
        assertEquals(OrderStatus.SUSPENDED, suspended.status());
        Members.await("A reads B's change", WAIT, () -> viaA.get("X1").equals(Optional.of(suspended)));
        // A's next change starts from B's state.
        Order canceled = viaA.update("X1", x -> x.transition(OrderStatus.CANCELED, "after " + x.reason(),
                Instant.now()));
        assertEquals("after venue left on B", canceled.reason());
        Members.await("B reads A's change", WAIT, () -> viaB.get("X1").equals(Optional.of(canceled)));
    }
}
