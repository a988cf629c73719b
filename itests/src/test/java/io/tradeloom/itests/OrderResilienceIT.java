package io.tradeloom.itests;

import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import javax.inject.Inject;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Order resilience in the real container, with paper brokers (each its own factory configuration) whose fault
 * injection refuses commands or loses replies. What the counterparty received is read from the paper broker's own
 * counts (its venue detail: new orders received, duplicates among them, peak per second).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class OrderResilienceIT extends TradeloomTestSupport {

    private static final Pattern COUNTS = Pattern.compile("received (\\d+) new, (\\d+) duplicate, peak (\\d+)/s");

    @Inject
    OrderService orders;

    @Inject
    BreakerService breakers;

    @Inject
    ConfigurationAdmin configAdmin;

    private final List<Configuration> created = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        awaitDefaultVenuesUp();
        Configuration r = configAdmin.getConfiguration("io.tradeloom.resilience", null);
        Dictionary<String, Object> p = r.getProperties() == null ? new Hashtable<>() : r.getProperties();
        // res-a: a small window that opens fast and probes again after 1.5 s.
        p.put("venue.res-a.breaker.window.size", "4");
        p.put("venue.res-a.breaker.minimum.calls", "4");
        p.put("venue.res-a.breaker.open.ms", "1500");
        p.put("venue.res-a.breaker.half.open.calls", "1");
        p.put("venue.res-a.new.resends", "0");
        // res-d: loses every reply; would re-send three times if a status query did not stop it. Lost replies are
        // failures to the breaker, so it is given a window that does not open within this test.
        p.put("venue.res-d.new.resends", "3");
        p.put("venue.res-d.breaker.minimum.calls", "100");
        p.put("venue.res-d.breaker.window.size", "100");
        // res-e: refuses every second cancel; retried with backoff and jitter.
        p.put("venue.res-e.retry.attempts", "5");
        p.put("venue.res-e.retry.delay.ms", "10");
        // res-c: 5 new orders per 1.1 s (the venue's own count uses 1 s).
        p.put("venue.res-c.rate.limit", "5");
        p.put("venue.res-c.rate.window.ms", "1100");
        r.update(p);
    }

    @After
    public void tearDown() throws Exception {
        for (Configuration c : created) {
            c.delete();
        }
    }

    private void paper(String id, String... kv) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.broker.paper", id, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("id", id);
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        c.update(p);
        if (!created.contains(c)) {
            created.add(c);
        }
        await("venue " + id + " UP", 30_000, () -> venueUp(id));
    }

    private void policy(String name, String... kv) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tradeloom.routing", name, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("name", name);
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        c.update(p);
        created.add(c);
    }

    /** received, duplicates, peak per second, as the paper venue counted them. */
    private long[] counterparty(String venue) {
        String detail = venues.venue(venue).orElseThrow().detail();
        Matcher m = COUNTS.matcher(detail);
        assertTrue(detail, m.find());
        return new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static OrderRequest market(String venue) {
        return OrderRequest.builder().venue(venue).symbol("AAPL").side(Side.BUY).quantity("1").build();
    }

    private Order submitPolicy(String venue) {
        // The policy's service may take a moment to arrive after its configuration.
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                return orders.submit(market(venue));
            } catch (RuntimeException e) {
                if (!e.getMessage().contains("no routing policy") || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private OrderStatus status(String id) {
        return orders.order(id).orElseThrow().status();
    }

    @Test
    public void breakerOpensUnderFailuresNewOrdersFailOverAndItClosesAfterRecovery() throws Exception {
        paper("res-a", "fault.fail.ratio", "1");
        paper("res-b");
        policy("res-it", "venues", "res-a,res-b", "cost.res-b", "5", "weight.fill.rate", "0", "weight.latency", "0",
                "weight.health", "0");

        List<Order> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(submitPolicy("policy:res-it"));
        }
        for (Order o : sent) {
            await(o.id() + " filled", 10_000, () -> status(o.id()) == OrderStatus.FILLED);
            assertEquals("res-b", orders.order(o.id()).orElseThrow().venue());
        }
        assertEquals("OPEN", breakers.breaker("res-a").orElseThrow().state());
        String table = shell("tradeloom:breakers");
        assertTrue(table, table.matches("(?s).*res-a\\s+[|│]\\s+OPEN.*CLOSED_TO_OPEN.*"));
        assertEquals("OPEN", ManagementFactory.getPlatformMBeanServer().getAttribute(
                new ObjectName("io.tradeloom:type=breaker,name=res-a"), "State"));
        assertEquals("nothing reached res-a", 0, counterparty("res-a")[0]);
        assertEquals(6, counterparty("res-b")[0]);
        assertEquals(0, counterparty("res-b")[1]);

        // Recovery: the venue heals, the breaker goes half-open, one probe closes it, orders come back.
        paper("res-a", "fault.fail.ratio", "0");
        await("res-a half-open", 10_000, () -> "HALF_OPEN".equals(breakers.breaker("res-a").orElseThrow().state()));
        Order back = submitPolicy("policy:res-it");
        await(back.id() + " filled", 10_000, () -> status(back.id()) == OrderStatus.FILLED);
        assertEquals("res-a", orders.order(back.id()).orElseThrow().venue());
        assertEquals("CLOSED", breakers.breaker("res-a").orElseThrow().state());

        // The operator forces it open from the shell; new orders fail over again.
        assertTrue(shell("tradeloom:breaker-open res-a").contains("FORCED_OPEN"));
        Order forced = submitPolicy("policy:res-it");
        assertEquals("res-b", orders.order(forced.id()).orElseThrow().venue());
        assertTrue(shell("tradeloom:breaker-reset res-a").contains("CLOSED"));
    }

    @Test
    public void lostRepliesAndFailedCancelsNeverDuplicateAnOrderAtTheVenue() throws Exception {
        paper("res-d", "fault.lost.reply.ratio", "1", "fault.commands", "submit");
        List<Order> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(orders.submit(market("res-d")));
        }
        for (Order o : sent) {
            await(o.id() + " filled", 10_000, () -> status(o.id()) == OrderStatus.FILLED);
        }
        long[] counts = counterparty("res-d");
        assertEquals("each order arrived exactly once", 5, counts[0]);
        assertEquals(0, counts[1]);

        // Cancels: every second one is refused on the way; the retry (backoff + jitter) gets it through.
        paper("res-e", "fault.fail.ratio", "0.5", "fault.commands", "cancel");
        for (int i = 0; i < 3; i++) {
            Order resting = orders.submit(OrderRequest.builder().venue("res-e").symbol("AAPL").side(Side.BUY)
                    .type(OrderType.LIMIT).limitPrice("1.00").quantity("1").timeInForce(TimeInForce.GTC).build());
            await("resting", 10_000, () -> status(resting.id()) == OrderStatus.NEW);
            orders.cancel(resting.id());
            await("canceled", 10_000, () -> status(resting.id()) == OrderStatus.CANCELED);
        }
        assertEquals(3, counterparty("res-e")[0]);
        assertEquals(0, counterparty("res-e")[1]);
        assertEquals("no breaker opened on the way", "CLOSED", breakers.breaker("res-e").orElseThrow().state());
    }

    @Test
    public void rateLimitIsNeverExceededAndQueuedOrdersLeaveInOrder() throws Exception {
        paper("res-c");
        List<Order> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(orders.submit(market("res-c")));
        }
        assertEquals("queued orders wait as PENDING_NEW", OrderStatus.PENDING_NEW, sent.get(11).status());
        for (Order o : sent) {
            await(o.id() + " filled", 15_000, () -> status(o.id()) == OrderStatus.FILLED);
        }
        for (int i = 1; i < sent.size(); i++) {
            assertTrue("left in order", !orders.order(sent.get(i).id()).orElseThrow().updatedAt()
                    .isBefore(orders.order(sent.get(i - 1).id()).orElseThrow().updatedAt()));
        }
        long[] counts = counterparty("res-c");
        assertEquals(12, counts[0]);
        assertTrue("peak " + counts[2] + "/s at the venue", counts[2] <= 5);
    }

    @SuppressWarnings("unused")
    private static String dump(Dictionary<String, Object> d) {
        StringBuilder sb = new StringBuilder();
        for (Enumeration<String> k = d.keys(); k.hasMoreElements(); ) {
            String key = k.nextElement();
            sb.append(key).append('=').append(d.get(key)).append(' ');
        }
        return sb.toString();
    }
}
