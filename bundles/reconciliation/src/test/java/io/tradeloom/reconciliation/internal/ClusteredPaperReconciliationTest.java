package io.tradeloom.reconciliation.internal;

import io.tradeloom.broker.paper.internal.PaperBroker;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.cluster.orders.HazelcastOrderStore;
import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.reconciliation.api.Discrepancy;
import io.tradeloom.reconciliation.api.DiscrepancyKind;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Two containers in a real Hazelcast cluster on loopback, each with its own paper venue, order gateway and
 * reconciliation on one shared order store: a member's paper venue is reconciled against that member's orders only,
 * so the other member's orders are no false MISSING_AT_BROKER, and an order the venue really lacks still is; the
 * scheduled run reconciles every venue on the leader and only the member-local paper venue elsewhere.
 */
public class ClusteredPaperReconciliationTest {

    private static final Quote QUOTE = new Quote("AAPL", "sim", new BigDecimal("100.00"), new BigDecimal("500"),
            new BigDecimal("100.02"), new BigDecimal("500"), Instant.now(), Instant.now());

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Node> nodes = new ArrayList<>();

    /** One container: member, store, Camel, paper venue, gateway, reconciliation. */
    private final class Node {
        final HazelcastMember member;
        final HazelcastOrderStore store;
        final DefaultCamelContext camel = new DefaultCamelContext();
        final OrderGateway gateway;
        final ReconciliationManager manager;

        Node(HazelcastMember member, int index) throws Exception {
            this.member = member;
            this.store = new HazelcastOrderStore(member.instance(), member.settings());
            camel.disableJMX();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(Endpoints.ORDERS_OUT).toD("direct:tradeloom.broker.${header." + Endpoints.VENUE_HEADER
                            + "}");
                    from(Endpoints.EXECUTIONS_IN).to(Endpoints.CORE_EXECUTIONS);
                }
            });
            camel.start();
            TestBundleContext bundle = new TestBundleContext(s -> PaperReconciliationTest.wire(camel, s));
            VenueRegistry venues = new VenueRegistry();
            venues.addVenue(new PaperReconciliationTest.MarketData(),
                    PaperReconciliationTest.reference("io.tradeloom.vendor.sim"));
            PaperBroker paper = new PaperBroker(camel, new PaperReconciliationTest.Quotes(List.of(QUOTE)), Map.of("id", "paper"), bundle.context());
            venues.addVenue(paper, PaperReconciliationTest.reference("io.tradeloom.broker.paper"));
            gateway = new OrderGateway(venues, venues, new DeadLetterStore(), camel, RiskEngine.unlimited(),
                    HaltService.none(), store, bundle.context());
            manager = new ReconciliationManager(gateway, camel, Clock.systemUTC(),
                    tmp.getRoot().toPath().resolve("recon" + index), ReconConfig.parse(Map.of()), store,
                    member.instance());
            camel.addRoutes(manager.routeBuilder());
            gateway.addOrderEventListener(manager);
            manager.addLedger(bundle.service(BrokerLedger.class));
            manager.addLedger(new SharedVenue());
        }

        Order buy(String qty) {
            return gateway.submit(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                    .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity(qty).account("acc1").build());
        }

        ReconciliationRun reconcilePaper() {
            return manager.run("paper", Instant.now().minusSeconds(600), Instant.now().plusSeconds(1), "test");
        }

        void close() {
            manager.close();
            camel.stop();
            store.close();
            member.close();
        }
    }

    @After
    public void stop() {
        nodes.forEach(Node::close);
    }

    /** Below the ephemeral range: see {@link io.tradeloom.cluster.testing.Members#freePort}. */
    static int freePort() {
        return io.tradeloom.cluster.testing.Members.freePort();
    }

    @Test
    public void eachMembersPaperVenueIsReconciledAgainstItsOwnOrdersOnly() throws Exception {
        int[] ports = {freePort(), freePort()};
        String peers = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String name = "recon-" + System.nanoTime();
        List<HazelcastMember> members = new ArrayList<>();
        for (int port : ports) {
            members.add(new HazelcastMember(MemberSettings.from(Map.of("cluster.name", name,
                    "member.port", Integer.toString(port), "member.port.auto-increment", "false", "join", "tcp-ip",
                    "join.members", peers, "persistence", "false", "jmx", "false"), null),
                    getClass().getClassLoader()));
        }
        Waits.until("two members", () -> members.stream().allMatch(m -> m.getClusterSize() == 2));
        Node a = new Node(members.get(0), 0);
        nodes.add(a);
        Node b = new Node(members.get(1), 1);
        nodes.add(b);

        List<String> ids = new ArrayList<>();
        for (Node n : List.of(a, a, a, b, b)) {
            String id = n.buy("10").id();
            ids.add(id);
            Waits.until("order " + id + " filled", () -> n.gateway.order(id)
                    .map(o -> o.status() == OrderStatus.FILLED).orElse(false));
        }
        // One order store: each member sees all five paper orders (so each could flag the other's) ...
        for (Node n : List.of(a, b)) {
            Waits.until("all orders on every member", () -> n.gateway.orders(false).stream()
                    .filter(o -> o.status() == OrderStatus.FILLED).count() == 5);
        }
        assertEquals(a.store.localMember(), a.store.owner(ids.get(0)).orElseThrow());
        assertEquals(b.store.localMember(), a.store.owner(ids.get(4)).orElseThrow());

        // ... and yet each paper venue is compared with its own member's orders: no false MISSING_AT_BROKER.
        ReconciliationRun onA = a.reconcilePaper();
        ReconciliationRun onB = b.reconcilePaper();
        assertEquals(List.of(), onA.discrepancies());
        assertEquals(List.of(), onB.discrepancies());
        assertEquals("three fills on each side", 6, onA.compared());
        assertEquals("two fills on each side", 4, onB.compared());

        // An order of member A that its venue never got is still reported, on A only.
        Order lost = Order.accept("LOST-1", "cl-lost-1", OrderRequest.builder().venue("paper").symbol("AAPL")
                .side(Side.BUY).type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity("5")
                .limitPrice("99.00").account("acc1").build(), Instant.now());
        a.store.put(lost);
        a.store.flush();
        List<Discrepancy> found = a.reconcilePaper().discrepancies();
        assertEquals(found.toString(), 1, found.size());
        assertEquals(DiscrepancyKind.MISSING_AT_BROKER, found.get(0).kind());
        assertEquals("LOST-1", found.get(0).orderId());
        assertEquals(List.of(), b.reconcilePaper().discrepancies());

        // The schedule: the leader reconciles every venue, the other member only its own paper venue.
        Waits.until("a leader", () -> a.manager.isScheduleLeader() || b.manager.isScheduleLeader());
        Node leader = a.manager.isScheduleLeader() ? a : b;
        Node other = leader == a ? b : a;
        assertEquals(false, other.manager.isScheduleLeader());
        assertEquals(List.of("paper", "shared"), leader.manager.runScheduled(null, "schedule").venues());
        assertEquals(List.of("paper"), other.manager.runScheduled(null, "schedule").venues());
        assertEquals(leader.member.getLocalMember(), other.manager.getScheduleLeader());
        assertTrue("a manual run reconciles every venue anywhere",
                other.manager.run(null, null, null, "shell").venues().contains("shared"));
    }

    /** A broker every member reaches (as a FIX venue): not member-local, with nothing to report. */
    private static final class SharedVenue implements BrokerLedger {
        @Override
        public String venueId() {
            return "shared";
        }

        @Override
        public BrokerStatement statement(Instant from, Instant to, long timeoutMillis) {
            return new BrokerStatement("shared", from, to, List.of(), List.of(), true, List.of());
        }
    }
}
