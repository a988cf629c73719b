package io.tradeloom.itests;

import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.ScheduledJobs;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.CamelContext;
import org.apache.camel.component.hazelcast.policy.HazelcastRoutePolicy;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Order state lives in the Hazelcast member, not in the core bundle: orders submitted before a restart of the core
 * bundle are all there after it, and a client order id seen before returns that order without a second one going
 * to the paper broker.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SharedStateIT extends TradeloomTestSupport {

    private static final String CORE = "io.tradeloom.core";

    @Test
    public void ordersAndClientIdsOutliveARestartOfTheCoreBundle() throws Exception {
        awaitDefaultVenuesUp();
        String run = Long.toString(System.nanoTime(), 36);
        List<Order> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(live(OrderService.class).submit(request("ss-" + run + "-" + i)));
        }
        // The paper broker fills market orders at the ask; wait until every order has its final state.
        await("orders filled", 30_000, () -> before.stream().allMatch(o -> live(OrderService.class)
                .order(o.id()).map(x -> x.status().terminal()).orElse(false)));
        Map<String, Order> settled = before.stream().map(o -> live(OrderService.class).order(o.id()).orElseThrow())
                .collect(Collectors.toMap(Order::id, Function.identity()));

        HazelcastInstance hz = live(HazelcastInstance.class);
        // The order store writes the map in batches (orders.flush.ms): the orders are there a moment later.
        for (String id : settled.keySet()) {
            await("order " + id + " is in the shared map", 30_000,
                    () -> hz.getMap(ClusterNames.ORDERS).containsKey(id));
        }
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName cluster = new ObjectName("io.tradeloom:type=cluster");
        assertEquals(1, mbeans.getAttribute(cluster, "ClusterSize"));
        assertTrue((Long) mbeans.getAttribute(cluster, "Orders") >= 3);
        // Standalone (join = none): no scheduled job has a leader, every job runs here; the shell says so.
        assertEquals(0, ((javax.management.openmbean.TabularData) mbeans.getAttribute(cluster,
                "ScheduledJobLeaders")).size());
        String status = shell("tradeloom:cluster");
        assertTrue(status, status.contains("all run on this member"));
        // Camel's HazelcastRoutePolicy as a clustered container attaches it to its scheduled routes, here on the
        // container's own member: the classes wire in OSGi, and the lock is taken and given back.
        HazelcastRoutePolicy policy = ScheduledJobs.leaderPolicy(hz, live(CamelContext.class), "itest-job", false);
        policy.start();
        try {
            await("leadership of itest-job", 30_000, policy::isLeader);
            assertEquals(ScheduledJobs.memberName(hz), ScheduledJobs.leaders(hz).get("itest-job"));
        } finally {
            policy.stop();
        }
        await("itest-job given back", 30_000, () -> !ScheduledJobs.leaders(hz).containsKey("itest-job"));
        assertFalse("Hazelcast's own MBeans", mbeans.queryNames(new ObjectName("com.hazelcast:*"), null).isEmpty());

        Bundle core = Arrays.stream(bundleContext.getBundles()).filter(b -> CORE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        long coreIdBefore = core.getBundleId();
        // What bundle:restart does (that command is not registered in this probe's shell session).
        core.stop();
        assertEquals(Bundle.RESOLVED, core.getState());
        assertTrue("no order service while core is stopped",
                bundleContext.getServiceReference(OrderService.class) == null);
        core.start();
        assertEquals(coreIdBefore, core.getBundleId());
        await("core active again", 60_000, () -> core.getState() == Bundle.ACTIVE);
        await("order service back", 60_000, () -> bundleContext.getServiceReference(OrderService.class) != null);

        OrderService orders = live(OrderService.class);
        for (Order o : settled.values()) {
            assertEquals("order " + o.id() + " after the restart", o, orders.order(o.id()).orElse(null));
        }
        assertTrue(orders.orders(false).stream().map(Order::id).collect(Collectors.toSet())
                .containsAll(settled.keySet()));

        // Known issue outside order state (see the report): after a core restart, core's VenueRegistry binding the
        // paper Venue needs paper's QuoteBook (core's MarketDataIntake), which needs the VenueRegistry being
        // activated: a DS cycle, and the adapters stay down. Restart them as an operator would.
        for (String adapter : List.of("io.tradeloom.broker.paper", "io.tradeloom.vendor.sim")) {
            Bundle b = Arrays.stream(bundleContext.getBundles()).filter(x -> adapter.equals(x.getSymbolicName()))
                    .findFirst().orElseThrow();
            b.stop();
            b.start();
        }
        // The injected VenueDirectory is the one from before the restart: ask the live one.
        await("venues paper and sim UP after the restart", 60_000, () -> liveUp("paper") && liveUp("sim"));

        long sentToPaper = paper().messagesOut();
        int ordersBefore = orders.orders(false).size();
        Order first = before.get(0);
        Order again = orders.submit(request(first.clientOrderId()));
        assertEquals("the same order comes back", settled.get(first.id()), again);
        assertEquals("no second order", ordersBefore, orders.orders(false).size());
        assertEquals("nothing new sent to the paper broker", sentToPaper, paper().messagesOut());
        assertEquals(1, orders.orders(false).stream()
                .filter(o -> first.clientOrderId().equals(o.clientOrderId())).count());

        // And a new client id still makes a new order.
        Order fresh = orders.submit(request("ss-" + run + "-new"));
        assertFalse(settled.containsKey(fresh.id()));
        await("the new order reached the paper broker", 30_000, () -> paper().messagesOut() > sentToPaper);
    }

    private boolean liveUp(String id) {
        return live(VenueDirectory.class).venue(id).map(v -> v.state() == VenueState.UP).orElse(false);
    }

    private VenueView paper() {
        return live(VenueDirectory.class).venue("paper").orElseThrow();
    }

    private static OrderRequest request(String clientId) {
        return OrderRequest.builder().clientOrderId(clientId).venue("paper").symbol("AAPL").side(Side.BUY)
                .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity("10").build();
    }

    /** The service as registered now (the core's services are new objects after its restart). */
    private <T> T live(Class<T> type) {
        await(type.getSimpleName() + " registered", 60_000, () -> bundleContext.getServiceReference(type) != null);
        ServiceReference<T> ref = bundleContext.getServiceReference(type);
        T service = bundleContext.getService(ref);
        assertNotNull(type.getSimpleName(), service);
        return service;
    }
}
