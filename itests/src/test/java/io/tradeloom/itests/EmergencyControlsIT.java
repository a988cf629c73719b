package io.tradeloom.itests;

import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.RiskService;
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

import javax.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Halt, resume and flatten from the shell, as an operator in a hurry would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class EmergencyControlsIT extends TradeloomTestSupport {

    @Inject
    OrderService orders;

    @Inject
    RiskService risk;

    @Before
    public void setUp() {
        awaitDefaultVenuesUp();
    }

    @After
    public void resumeAll() {
        shell("tradeloom:resume --venue paper");
        shell("tradeloom:resume --account flat-itest");
    }

    @Test
    public void haltingAVenueStopsNewOrdersCancelsWorkingOnesAndShowsHalted() throws Exception {
        Order resting = orders.submit(OrderRequest.builder().venue("paper").symbol("MSFT").side(Side.BUY)
                .type(OrderType.LIMIT).limitPrice("1.00").quantity("10").timeInForce(TimeInForce.GTC).build());
        String out = shell("tradeloom:halt --venue paper --reason itest");
        assertTrue(out, out.contains("paper"));
        await("working order canceled by the halt", 10_000,
                () -> orders.order(resting.id()).orElseThrow().status() == OrderStatus.CANCELED);
        assertTrue(shell("tradeloom:venues").matches("(?s).*paper\\s+[|│]\\s+broker\\s+[|│][^\\n]*HALTED.*"));
        assertEquals("HALTED", ManagementFactory.getPlatformMBeanServer().getAttribute(
                new javax.management.ObjectName("io.tradeloom:type=venue,name=paper"), "State"));
        String refused = shell("tradeloom:order-submit --venue paper --side buy --qty 1 AAPL");
        assertTrue(refused, refused.contains("halt=venue paper") && refused.contains("itest"));
        assertTrue(shell("tradeloom:halts").contains("itest"));
        assertTrue("halts are persisted", Files.readString(Paths.get(System.getProperty("karaf.data"),
                "tradeloom", "halts.properties")).contains("paper"));

        shell("tradeloom:resume --venue paper");
        await("paper UP again", 10_000, () -> venueUp("paper"));
        assertFalse(shell("tradeloom:halts").contains("itest"));
        Order after = orders.submit(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .quantity("1").build());
        await("orders flow again", 10_000, () -> orders.order(after.id()).orElseThrow().status() == OrderStatus.FILLED);
    }

    @Test
    public void flattenClosesThePositionOfTheScopeEvenWhileItIsHalted() {
        Order buy = orders.submit(OrderRequest.builder().venue("paper").account("flat-itest").symbol("GOOG")
                .side(Side.BUY).quantity("70").build());
        await("bought", 10_000, () -> orders.order(buy.id()).orElseThrow().status() == OrderStatus.FILLED);
        shell("tradeloom:halt --account flat-itest --reason closing");
        String out = shell("tradeloom:flatten --account flat-itest --symbol GOOG");
        assertTrue(out, out.contains("SELL") || out.contains("sell"));
        await("position flat", 10_000, () -> risk.positions().stream()
                .filter(p -> p.account().equals("flat-itest") && p.symbol().equals("GOOG"))
                .allMatch(p -> p.quantity().signum() == 0));
    }
}
