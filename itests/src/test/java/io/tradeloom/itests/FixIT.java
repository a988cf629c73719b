package io.tradeloom.itests;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import io.tradeloom.broker.fix.api.FixSessions;
import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.simulators.fix.FixBrokerSimulator;
import io.tradeloom.simulators.fix.FixGarbage;
import io.tradeloom.simulators.fix.SimulatedOrder;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import javax.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The FIX venue against a real FIX engine on the other side: the simulator's QuickFIX/J acceptor, installed in
 * the same container from the simulators feature and reached over loopback TCP.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FixIT extends TradeloomTestSupport {

    private static final String FILLS = "fix-itest";
    private static final String REST = "fix-rest";

    @Inject
    OrderService orders;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    DeadLetterQueue deadLetters;

    @Inject
    MarketDataService marketData;

    @Inject
    CamelRuntime camel;

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        if (!features.isInstalled(features.getFeature("tradeloom-simulators"))) {
            features.installFeature("tradeloom-simulators");
        }
        if (!features.isInstalled(features.getFeature("tradeloom-broker-fix"))) {
            features.installFeature("tradeloom-broker-fix");
        }
        if (simulatorIfAny("itest").isEmpty()) {
            simulatorConfig("itest", "TRADELOOM", false);
            simulatorConfig("rest", "TRADELOOM2", true);
            venueConfig(FILLS, "TRADELOOM", simulator("itest").port());
            venueConfig(REST, "TRADELOOM2", simulator("rest").port());
        }
        await("FIX venues UP", 30_000, () -> venueUp(FILLS) && venueUp(REST));
    }

    private void simulatorConfig(String name, String target, boolean restOnly) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.simulator.fix", name, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("port", "0");
        p.put("sender.comp.id", "SIMBROKER");
        p.put("target.comp.id", target);
        p.put("fill.slices", "2");
        p.put("fill.interval.ms", "20");
        p.put("reject.symbols", "TSLA");
        p.put("rest.only", Boolean.toString(restOnly));
        c.update(p);
        await("simulator " + name, 20_000, () -> simulatorIfAny(name).isPresent());
    }

    private void venueConfig(String id, String sender, int port) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.broker.fix", id, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("id", id);
        p.put("SenderCompID", sender);
        p.put("TargetCompID", "SIMBROKER");
        p.put("SocketConnectHost", "127.0.0.1");
        p.put("SocketConnectPort", Integer.toString(port));
        p.put("HeartBtInt", "2");
        p.put("ReconnectInterval", "1");
        p.put("status.request.delay.ms", "300");
        c.update(p);
    }

    private Optional<FixBrokerSimulator> simulatorIfAny(String name) {
        try {
            Collection<ServiceReference<FixBrokerSimulator>> refs = bundleContext.getServiceReferences(
                    FixBrokerSimulator.class, "(name=" + name + ")");
            return refs.stream().findFirst().map(bundleContext::getService).filter(FixBrokerSimulator::isRunning);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private FixBrokerSimulator simulator(String name) {
        return simulatorIfAny(name).orElseThrow(() -> new AssertionError("no simulator " + name));
    }

    private FixSessions sessions() {
        return bundleContext.getService(bundleContext.getServiceReference(FixSessions.class));
    }

    private static OrderRequest.Builder order(String venue, String symbol, OrderType type, TimeInForce tif) {
        OrderRequest.Builder b = OrderRequest.builder().venue(venue).symbol(symbol).side(Side.BUY).type(type)
                .timeInForce(tif).quantity("300");
        if (type.needsLimitPrice()) {
            b.limitPrice("99.50");
        }
        if (type.needsStopPrice()) {
            b.stopPrice("98.75");
        }
        if (type == OrderType.TRAILING_STOP) {
            b.trailingOffset(new BigDecimal("0.25"));
        }
        return b;
    }

    private Order awaitOrder(String id, String what, java.util.function.Predicate<Order> done) {
        await("order " + id + " " + what, 15_000, () -> orders.order(id).filter(done).isPresent());
        return orders.order(id).orElseThrow();
    }

    @Test
    public void a_everyOrderTypeAndTimeInForceGoesThroughItsLifecycle() {
        List<String> checked = new ArrayList<>();
        for (OrderType type : OrderType.values()) {
            for (TimeInForce tif : TimeInForce.values()) {
                boolean auction = tif == TimeInForce.OPG || tif == TimeInForce.CLS;
                if (auction && type != OrderType.MARKET && type != OrderType.LIMIT) {
                    continue;
                }
                Order o = orders.submit(order(FILLS, "AAPL", type, tif).build());
                Order done = awaitOrder(o.id(), "terminal", x -> x.status().terminal());
                SimulatedOrder at = simulator("itest").order(o.id()).orElseThrow();
                if (tif == TimeInForce.IOC) {
                    assertEquals(type + "/" + tif, OrderStatus.CANCELED, done.status());
                    assertTrue(done.filledQty().signum() > 0);
                } else {
                    assertEquals(type + "/" + tif + ": " + done, OrderStatus.FILLED, done.status());
                    assertEquals(0, done.filledQty().compareTo(new BigDecimal("300")));
                }
                assertEquals(type + "/" + tif + " filled as the counterparty says", 0,
                        done.filledQty().compareTo(at.cumQty()));
                assertEquals(0, done.avgPrice().compareTo(at.avgPx()));
                assertEquals(type.fixCode(), at.ordType());
                assertEquals(tif.fixCode(), at.timeInForce());
                checked.add(type + "/" + tif);
            }
        }
        assertEquals("5 types x 4 continuous TIFs + 2 types x 2 auction TIFs", 24, checked.size());
    }

    @Test
    public void b_cancelReplaceChainsAndRejects() {
        Order o = orders.submit(order(REST, "MSFT", OrderType.LIMIT, TimeInForce.GTC).build());
        awaitOrder(o.id(), "NEW", x -> x.status() == OrderStatus.NEW);
        orders.replace(o.id(), new BigDecimal("200"), new BigDecimal("99.75"));
        awaitOrder(o.id(), "replaced to 200", x -> x.quantity().compareTo(new BigDecimal("200")) == 0
                && x.status() == OrderStatus.NEW);
        orders.replace(o.id(), new BigDecimal("150"), null);
        Order replaced = awaitOrder(o.id(), "replaced to 150", x -> x.quantity().compareTo(new BigDecimal("150")) == 0);
        assertEquals(0, replaced.limitPrice().compareTo(new BigDecimal("99.75")));
        orders.cancel(o.id());
        Order canceled = awaitOrder(o.id(), "CANCELED", x -> x.status() == OrderStatus.CANCELED);
        assertEquals(0, canceled.leavesQty().signum());
        SimulatedOrder at = simulator("rest").order(o.id()).orElseThrow();
        assertEquals('4', at.ordStatus());
        assertEquals("the cancel named the ClOrdID of the second replace", 0,
                at.orderQty().compareTo(new BigDecimal("150")));

        Order rejected = orders.submit(order(FILLS, "TSLA", OrderType.MARKET, TimeInForce.DAY).build());
        Order r = awaitOrder(rejected.id(), "REJECTED", x -> x.status() == OrderStatus.REJECTED);
        assertTrue(r.reason(), r.reason() != null && r.reason().contains("TSLA"));

        try {
            orders.submit(order(FILLS, "AAPL", OrderType.LIMIT, TimeInForce.DAY).quantity("-1").build());
            throw new AssertionError("negative quantity must not leave");
        } catch (ValidationException expected) {
            assertTrue(expected.getMessage().contains("qty=-1"));
        }
    }

    @Test
    public void c_garbageAndInvalidFixNeverBreakTheSession() {
        FixBrokerSimulator sim = simulator("itest");
        long malformedBefore = sessions().session(FILLS).orElseThrow().malformed();
        long lettersBefore = deadLetters.total();
        long rejectsAtSimBefore = sim.sessionRejectsReceived();
        assertTrue(sim.sendGarbage(FixGarbage.Kind.NOISE) > 0);
        sim.sendGarbage(FixGarbage.Kind.BAD_CHECKSUM);
        sim.sendGarbage(FixGarbage.Kind.BAD_BODY_LENGTH);
        sim.sendGarbage(FixGarbage.Kind.INVALID_EXECUTION_REPORT);
        await("the invalid ExecutionReport answered with a session Reject", 10_000,
                () -> sim.sessionRejectsReceived() > rejectsAtSimBefore);
        await("malformed input counted and kept", 10_000,
                () -> sessions().session(FILLS).orElseThrow().malformed() > malformedBefore
                        && deadLetters.total() > lettersBefore);
        assertTrue("still logged on", sessions().session(FILLS).orElseThrow().loggedOn());
        Order after = orders.submit(order(FILLS, "AAPL", OrderType.MARKET, TimeInForce.DAY).build());
        awaitOrder(after.id(), "FILLED after the garbage", x -> x.status() == OrderStatus.FILLED);
    }

    @Test
    public void d_acceptorKilledWith500OrdersInFlightLosesAndDuplicatesNothing() throws Exception {
        FixBrokerSimulator sim = simulator("itest");
        long before = sim.newOrdersReceived();
        List<String> ids = new ArrayList<>();
        int rejectedLocally = 0;
        for (int i = 0; i < 500; i++) {
            if (i == 150) {
                sim.stop();
            }
            if (i == 300) {
                sim.start();
                await("venue logged on again", 30_000, () -> venueUp(FILLS));
            }
            try {
                ids.add(orders.submit(order(FILLS, "AAPL", OrderType.LIMIT, TimeInForce.DAY)
                        .quantity(Integer.toString(100 + i)).build()).id());
            } catch (ValidationException e) {
                rejectedLocally++;
            }
        }
        assertEquals("every order got an id (refusals while down are REJECTED orders, not exceptions)", 500,
                ids.size() + rejectedLocally);
        await("venue back", 30_000, () -> venueUp(FILLS));
        await("every order settled", 60_000, () -> ids.stream().map(id -> orders.order(id).orElseThrow())
                .allMatch(o -> o.status().terminal()));
        int filled = 0;
        int rejected = 0;
        for (String id : ids) {
            Order o = orders.order(id).orElseThrow();
            Optional<SimulatedOrder> at = sim.order(id);
            if (o.status() == OrderStatus.FILLED) {
                filled++;
                SimulatedOrder s = at.orElseThrow(() -> new AssertionError("filled but unknown at the venue: " + id));
                assertEquals(id + " filled exactly as the counterparty says", 0, o.filledQty().compareTo(s.cumQty()));
                assertEquals(id + " never over-filled", 0, o.filledQty().compareTo(o.quantity()));
            } else {
                assertEquals(id + ": " + o, OrderStatus.REJECTED, o.status());
                rejected++;
                assertTrue(id + " rejected here but working or filled at the venue: " + at,
                        at.isEmpty() || at.get().ordStatus() == '8');
            }
        }
        System.out.printf("500 orders, acceptor killed after 150 and back after 300: %d filled, %d refused at"
                + " submit while the venue was DOWN, %d rejected after acceptance, %d duplicate NewOrderSingles seen"
                + " by the venue%n", filled, rejectedLocally, rejected, sim.duplicateNewOrdersReceived());
        assertEquals("nothing lost", 500, filled + rejectedLocally + rejected);
        assertTrue("the 150 in flight when the acceptor died and the 200 after it came back all filled: " + filled,
                filled >= 350 - 5);
        assertTrue("refused while down: " + rejectedLocally, rejectedLocally >= 100);
        assertEquals("the venue saw every accepted order once", filled, sim.newOrdersReceived() - before);
    }

    @Test
    public void e_restartResumesTheSessionWithItsSequenceNumbers() throws Exception {
        FixSessionInfo before = sessions().session(FILLS).orElseThrow();
        assertTrue(before.nextSenderSeqNum() > 10);
        Bundle fix = bundleByName("io.tradeloom.broker.fix");
        fix.stop();
        await("venue gone", 10_000, () -> venues.venue(FILLS).isEmpty());
        fix.start();
        await("venue back UP", 30_000, () -> venueUp(FILLS));
        FixSessionInfo after = sessions().session(FILLS).orElseThrow();
        assertTrue("sender sequence continues: " + before.nextSenderSeqNum() + " -> " + after.nextSenderSeqNum(),
                after.nextSenderSeqNum() > before.nextSenderSeqNum());
        assertTrue("target sequence continues: " + before.nextTargetSeqNum() + " -> " + after.nextTargetSeqNum(),
                after.nextTargetSeqNum() > before.nextTargetSeqNum());
        Order o = orders.submit(order(FILLS, "AAPL", OrderType.MARKET, TimeInForce.DAY).build());
        awaitOrder(o.id(), "FILLED after restart", x -> x.status() == OrderStatus.FILLED);
    }

    @Test
    public void f_hotUndeployAndRedeployWhileFeedAndPaperKeepTrading() throws Exception {
        long ticks = marketData.accepted();
        features.uninstallFeature("tradeloom-broker-fix");
        await("FIX venues gone", 15_000, () -> venues.venue(FILLS).isEmpty() && venues.venue(REST).isEmpty());
        Order paper = orders.submit(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .quantity("5").build());
        awaitOrder(paper.id(), "FILLED at paper", x -> x.status() == OrderStatus.FILLED);
        await("feed kept going", 5_000, () -> marketData.accepted() > ticks + 50);
        features.installFeature("tradeloom-broker-fix");
        await("FIX venues back UP", 30_000, () -> venueUp(FILLS) && venueUp(REST));
        String out = shell("tradeloom:fix-sessions");
        assertTrue(out, out.contains(FILLS) && out.contains("FIX.4.4:TRADELOOM->SIMBROKER") && out.contains("UP"));
        assertTrue(shell("tradeloom:fix-sessions --help").contains("DESCRIPTION"));
    }

    @Test
    public void g_silentCounterpartyIsDetectedAndTheSessionRecovers() {
        FixBrokerSimulator sim = simulator("itest");
        sim.goSilent();
        try {
            await("a silent counterparty takes the venue DOWN (heartbeat timeout)", 20_000,
                    () -> venues.venue(FILLS).map(v -> v.state().name().equals("DOWN")).orElse(false));
            Order refused = orders.submit(order(FILLS, "AAPL", OrderType.MARKET, TimeInForce.DAY).build());
            throw new AssertionError("an order to a DOWN venue must be refused, got " + refused);
        } catch (ValidationException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("is DOWN"));
        } finally {
            sim.resume();
        }
        await("logged on again", 40_000, () -> venueUp(FILLS));
        Order o = orders.submit(order(FILLS, "AAPL", OrderType.MARKET, TimeInForce.DAY).build());
        awaitOrder(o.id(), "FILLED after the silence", x -> x.status() == OrderStatus.FILLED);
    }

    @Test
    public void h_configurationAddsAndRemovesVenuesLiveAndSessionsShowInJmx() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        assertFalse("QuickFIX/J session MBeans", server.queryNames(
                new javax.management.ObjectName("org.quickfixj:type=Session,*"), null).isEmpty());
        assertEquals("UP", server.getAttribute(new javax.management.ObjectName(
                "io.tradeloom:type=venue,name=" + REST), "State"));

        assertTrue(shell("tradeloom:fix-logout " + REST).contains("fix-logout sent to " + REST));
        await("operator logout takes the venue DOWN", 15_000,
                () -> !sessions().session(REST).orElseThrow().loggedOn());
        assertTrue(shell("tradeloom:fix-logon " + REST).contains("fix-logon sent to " + REST));
        await("operator logon brings it back", 30_000, () -> venueUp(REST));

        Configuration rest = configAdmin.getFactoryConfiguration("io.tradeloom.broker.fix", REST, "?");
        java.util.Dictionary<String, Object> props = rest.getProperties();
        rest.delete();
        await("deleting the configuration removes the venue", 15_000, () -> venues.venue(REST).isEmpty());
        assertTrue("the other FIX venue is untouched", venueUp(FILLS));
        Configuration again = configAdmin.getFactoryConfiguration("io.tradeloom.broker.fix", REST, "?");
        again.update(props);
        await("a new configuration adds it again", 30_000, () -> venueUp(REST));
    }

    @Test
    public void i_theStatusRouteAsksTheBrokerAndProvesANeverSentOrderUnknown() {
        Order o = orders.submit(order(REST, "AAPL", OrderType.LIMIT, TimeInForce.DAY).build());
        awaitOrder(o.id(), "NEW", x -> x.status() == OrderStatus.NEW);
        org.apache.camel.ProducerTemplate t = camel.context().createProducerTemplate();
        try {
            // A copy reached the wire, so the broker is asked (OrderStatusRequest -> ExecutionReport ExecType I).
            assertEquals(OrderStatus.NEW, t.requestBody(Endpoints.brokerStatus(REST), orders.order(o.id())
                    .orElseThrow()));
            // Never handed to the session: proven unknown here, so the core may re-send or fail it over.
            Order never = Order.accept("never-sent-" + o.id(), "cl-never", order(REST, "AAPL", OrderType.LIMIT,
                    TimeInForce.DAY).build(), java.time.Instant.now());
            assertEquals(Endpoints.STATUS_UNKNOWN, t.requestBody(Endpoints.brokerStatus(REST), never));
        } finally {
            t.stop();
        }
        assertEquals(1, simulator("rest").newOrderSinglesReceived(o.id()));
        assertEquals(0, simulator("rest").newOrderSinglesReceived("never-sent-" + o.id()));
        assertEquals(OrderStatus.NEW, orders.order(o.id()).orElseThrow().status());
    }

    private Bundle bundleByName(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
