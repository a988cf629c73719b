package io.tradeloom.cluster.orders;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.DomainJson;
import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.testing.Members;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/** The order store on one real, durable Hazelcast member; then the same data after the member restarts. */
public class HazelcastOrderStoreTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HazelcastMember member;
    private HazelcastOrderStore store;

    @Before
    public void start() throws Exception {
        member = Members.standalone("store-test", tmp.newFolder("data").toPath());
        store = new HazelcastOrderStore(member.instance());
    }

    @After
    public void stop() {
        if (store != null) {
            store.close();
        }
        if (member != null) {
            member.close();
        }
    }

    /** A clean stop (store, then member) and a new member and store on the same file. */
    private void restart() {
        java.nio.file.Path dir = member.settings().dataDir();
        Map<String, Object> more = settings;
        store.close();
        member.close();
        member = Members.standalone("store-test", dir, more);
        store = new HazelcastOrderStore(member.instance(), member.settings());
    }

    private Map<String, Object> settings = Map.of();

    private void startWith(Map<String, Object> more) throws Exception {
        stop();
        settings = more;
        member = Members.standalone("store-test", tmp.newFolder().toPath(), more);
        store = new HazelcastOrderStore(member.instance(), member.settings());
    }

    private IMap<String, HazelcastJsonValue> ordersMap() {
        return member.instance().getMap(ClusterNames.ORDERS);
    }

    @Test
    public void aStandaloneStoreRecordsNoOwners() throws Exception {
        startWith(Map.of());
        Order o = Members.order("S1", "sc-1", "paper", "AAPL", "1");
        store.put(o);
        store.flush();
        assertEquals("", store.localMember());
        assertEquals(Optional.empty(), store.owner(o.id()));
        assertEquals(0, member.instance().getMap(ClusterNames.ORDER_OWNERS).size());
    }

    @Test
    public void closeWritesEveryChangeToTheMap() throws Exception {
        // A long interval: nothing would reach the map during the test but for the flush on close.
        startWith(Map.of("orders.flush.ms", "1000"));
        for (int i = 0; i < 50; i++) {
            store.put(Members.order("O" + i, "c-" + i, "paper", "AAPL", "1"));
            assertEquals(Optional.empty(), store.bindClientId("c-" + i, "O" + i));
            store.update("O" + i, x -> x.transition(OrderStatus.NEW, "acked", Instant.now()));
            assertTrue(store.markExecution("paper|E" + i));
        }
        Order last = store.get("O49").orElseThrow();
        store.close();
        assertEquals(50, ordersMap().size());
        assertEquals(last, DomainJson.order(ordersMap().get("O49").getValue()));
        for (int i = 0; i < 50; i++) {
            assertEquals(OrderStatus.NEW, DomainJson.order(ordersMap().get("O" + i).getValue()).status());
        }
        assertEquals(50, member.instance().getMap(ClusterNames.CLIENT_IDS).size());
        assertEquals("O7", member.instance().getMap(ClusterNames.CLIENT_IDS).get("c-7"));
        assertTrue(member.instance().getMap(ClusterNames.EXECUTIONS).containsKey("paper|E3"));
        assertEquals(0, store.pendingOrders());
    }

    @Test
    public void readsAndQueriesSeeChangesNotYetInTheMap() throws Exception {
        startWith(Map.of("orders.flush.ms", "1000"));
        store.put(Members.order("O1", "c-1", "paper", "AAPL", "1"));
        store.put(Members.order("O2", "c-2", "fix1", "MSFT", "1"));
        store.update("O2", x -> x.transition(OrderStatus.NEW, null, Instant.now()));
        assertEquals(Set.of("O1", "O2"), ids(store.values()));
        assertEquals(Set.of("O2"), ids(store.query(null, null, OrderStatus.NEW)));
        assertEquals(Set.of("O1"), ids(store.query("paper", "AAPL", OrderStatus.PENDING_NEW)));
        store.flush();
        assertEquals(2, ordersMap().size());
        // Flushed and finished: the working copy lets it go, the map answers.
        store.update("O2", x -> x.transition(OrderStatus.CANCELED, "user", Instant.now()));
        store.flush();
        assertEquals(1, store.workingOrders());
        assertEquals(OrderStatus.CANCELED, store.get("O2").orElseThrow().status());
        assertEquals(Set.of("O2"), ids(store.query(null, null, OrderStatus.CANCELED)));
        assertEquals(2, store.values().size());
    }

    /**
     * A finished order leaves the working copy once the writer put it in the map: a listing taken meanwhile must
     * still show it (it once read the map before and the working copy after the move, and missed it).
     */
    @Test
    public void listingsNeverMissAnOrderMovingFromTheWorkingCopyToTheMap() throws Exception {
        startWith(Map.of("orders.flush.ms", "1"));
        int n = 4000;
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                store.put(Members.order("O" + i, "c-" + i, "paper", "AAPL", "1")
                        .transition(OrderStatus.CANCELED, "done", Instant.now()));
                finished.incrementAndGet();
                // Spread over a second or two, so that many listings overlap the writer's batches.
                java.util.concurrent.locks.LockSupport.parkNanos(300_000);
            }
        });
        writer.start();
        int listings = 0;
        while (writer.isAlive() || listings == 0) {
            int atLeast = finished.get();
            int seen = store.values().size();
            assertTrue("listing " + listings + " shows " + seen + " orders, " + atLeast + " were stored before it",
                    seen >= atLeast);
            listings++;
        }
        writer.join();
        assertEquals(n, store.values().size());
    }

    @Test
    public void manyCoalescedUpdatesOfOneOrderLoseNone() throws Exception {
        startWith(Map.of("orders.flush.ms", "1"));
        store.put(Members.order("O1", "c-1", "paper", "AAPL", "1"));
        int threads = 4;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.update("O1", HazelcastOrderStoreTest::appendMark);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, store.get("O1").orElseThrow().reason().length());
        // The batches wrote the latest state last: the map holds every mark too.
        Members.await("the last state in the map", 30_000, () -> store.pendingOrders() == 0
                && ordersMap().get("O1") != null
                && DomainJson.order(ordersMap().get("O1").getValue()).reason().length() == threads * each);
        assertTrue("one map write per batch, not per update: " + store.ordersWritten(),
                store.ordersWritten() <= threads * each + 1);
    }

    @Test
    public void executionKeysExpireInTheMapTheStoreAndTheFile() throws Exception {
        startWith(Map.of("executions.ttl.seconds", "1"));
        assertTrue(store.markExecution("paper|E1"));
        assertFalse(store.markExecution("paper|E1"));
        store.flush();
        IMap<String, String> executions = member.instance().getMap(ClusterNames.EXECUTIONS);
        assertTrue(executions.containsKey("paper|E1"));
        long marked = System.currentTimeMillis();
        Members.await("the key expired in the map", 30_000, () -> !executions.containsKey("paper|E1"));
        Members.await("a second past the mark", 30_000, () -> System.currentTimeMillis() > marked + 1_100);
        assertTrue("an expired key is new again", store.markExecution("paper|E1"));
        assertTrue(store.markExecution("paper|E2"));
        long second = System.currentTimeMillis();
        restart();
        Members.await("a second past the marks", 30_000, () -> System.currentTimeMillis() > second + 1_100);
        restart();
        assertFalse("not loaded again from the file", member.instance().getMap(ClusterNames.EXECUTIONS)
                .containsKey("paper|E2"));
        assertTrue(store.markExecution("paper|E2"));
    }

    @Test
    public void storesReadsAndUpdatesOrders() {
        Order o = Members.order("O1", "c-1", "paper", "AAPL", "100");
        store.put(o);
        assertEquals(Optional.of(o), store.get("O1"));
        assertEquals(Optional.empty(), store.get("nope"));
        Order acked = store.update("O1", x -> x.transition(OrderStatus.NEW, null, Instant.now()));
        assertEquals(OrderStatus.NEW, acked.status());
        assertEquals(acked, store.get("O1").orElseThrow());
        assertNull("no such order: change not called", store.update("nope", x -> {
            throw new AssertionError("called");
        }));
        // The same instance back means "no change": returned as is.
        Order[] seen = new Order[1];
        Order same = store.update("O1", x -> seen[0] = x);
        assertSame(seen[0], same);
    }

    @Test
    public void clientIdBindsOnceAndExecutionsDeDuplicate() {
        assertEquals(Optional.empty(), store.bindClientId("c-1", "O1"));
        assertEquals(Optional.of("O1"), store.bindClientId("c-1", "O2"));
        assertEquals(Optional.of("O1"), store.idOfClientId("c-1"));
        assertEquals(Optional.empty(), store.idOfClientId("c-2"));
        assertTrue(store.markExecution("paper|E1"));
        assertFalse(store.markExecution("paper|E1"));
        store.forgetExecution("paper|E1");
        assertTrue(store.markExecution("paper|E1"));
    }

    @Test
    public void indexesAnswerByVenueSymbolAndStatus() {
        store.put(Members.order("O1", "c-1", "paper", "AAPL", "1"));
        store.put(Members.order("O2", "c-2", "paper", "MSFT", "1"));
        store.put(Members.order("O3", "c-3", "fix1", "AAPL", "1"));
        store.update("O3", x -> x.transition(OrderStatus.NEW, null, Instant.now()));
        assertEquals(Set.of("O1", "O2"), ids(store.query("paper", null, null)));
        assertEquals(Set.of("O1", "O3"), ids(store.query(null, "AAPL", null)));
        assertEquals(Set.of("O3"), ids(store.query(null, null, OrderStatus.NEW)));
        assertEquals(Set.of("O1"), ids(store.query("paper", "AAPL", OrderStatus.PENDING_NEW)));
        assertEquals(3, store.values().size());
    }

    @Test
    public void updatesAreAtomicAcrossThreads() throws Exception {
        store.put(Members.order("O1", "c-1", "paper", "AAPL", "1"));
        int threads = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.update("O1", HazelcastOrderStoreTest::appendMark);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // A lost update would leave fewer marks than updates.
        assertEquals(threads * each, store.get("O1").orElseThrow().reason().length());
    }

    @Test
    public void everythingComesBackAfterTheMemberRestarts() {
        Order o = Members.order("O1", "c-1", "paper", "AAPL", "100");
        assertEquals(Optional.empty(), store.bindClientId("c-1", "O1"));
        store.put(o);
        Order acked = store.update("O1", x -> x.transition(OrderStatus.NEW, "acked", Instant.now()));
        store.put(Members.order("O2", "c-2", "paper", "MSFT", "5"));
        assertTrue(store.markExecution("paper|E1"));
        assertTrue(store.markExecution("paper|E2"));
        store.forgetExecution("paper|E2");

        restart();

        assertEquals(Optional.of(acked), store.get("O1"));
        assertEquals(2, store.values().size());
        // Idempotency after a restart: the client id is still bound to the first order.
        assertEquals(Optional.of("O1"), store.idOfClientId("c-1"));
        assertEquals(Optional.of("O1"), store.bindClientId("c-1", "O9"));
        assertFalse("an applied execution stays a duplicate", store.markExecution("paper|E1"));
        assertTrue("a forgotten one does not", store.markExecution("paper|E2"));
        assertEquals(Set.of("O2"), ids(store.query(null, "MSFT", null)));
    }

    private static Order appendMark(Order o) {
        String r = o.reason() == null ? "" : o.reason();
        return new Order(o.id(), o.clientOrderId(), o.account(), o.venue(), o.symbol(), o.side(), o.type(),
                o.timeInForce(), o.quantity(), o.limitPrice(), o.stopPrice(), o.trailingOffset(), o.strategy(),
                o.status(), o.filledQty(), o.leavesQty(), o.avgPrice(), o.venueOrderId(), r + "x", o.createdAt(),
                o.updatedAt());
    }

    private static Set<String> ids(java.util.Collection<Order> orders) {
        return orders.stream().map(Order::id).collect(Collectors.toSet());
    }
}
