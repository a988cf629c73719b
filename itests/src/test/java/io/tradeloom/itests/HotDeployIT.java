package io.tradeloom.itests;

import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Adapters leave and come back while everything else keeps running. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HotDeployIT extends TradeloomTestSupport {

    private static final String PAPER = "tradeloom-broker-paper";
    private static final String SIM = "tradeloom-vendor-sim";

    @Inject
    OrderService orders;

    @Inject
    MarketDataService marketData;

    @Inject
    CamelRuntime camel;

    @Before
    public void setUp() {
        awaitDefaultVenuesUp();
    }

    @After
    public void restore() throws Exception {
        reinstall(PAPER, "broker-paper");
        reinstall(SIM, "vendor-sim");
        awaitDefaultVenuesUp();
    }

    /**
     * Removing a kar also removes its feature repository; put it back as the README tells operators to
     * ({@code feature:repo-add}), then install (a no-op when the feature is installed).
     */
    private void reinstall(String feature, String adapter) throws Exception {
        java.net.URI repo = repository(adapter);
        if (!hasRepository(repo)) {
            features.addRepository(repo);
        }
        features.installFeature(feature);
    }

    private static java.net.URI repository(String adapter) {
        return java.net.URI.create("mvn:io.tradeloom/tradeloom-" + adapter + "-features/"
                + System.getProperty("tradeloom.version") + "/xml/features");
    }

    private boolean hasRepository(java.net.URI repo) {
        try {
            return java.util.Arrays.stream(features.listRepositories()).anyMatch(r -> r.getURI().equals(repo));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private OrderRequest restingBuy(String symbol) {
        return OrderRequest.builder().venue("paper").symbol(symbol).side(Side.BUY).type(OrderType.LIMIT)
                .limitPrice("1.00").quantity("10").timeInForce(TimeInForce.GTC).build();
    }

    private boolean routePresent(String id) {
        return camel.routes().stream().anyMatch(r -> r.id().equals(id));
    }

    @Test
    public void paperBrokerLeavesAndReturnsWhileTheFeedNeverPauses() throws Exception {
        Order working = orders.submit(restingBuy("AAPL"));
        assertTrue(working.status().open());

        List<Long> arrivals = new ArrayList<>();
        AutoCloseable sub = marketData.subscribe(q -> {
            synchronized (arrivals) {
                arrivals.add(System.nanoTime());
            }
        });
        try {
            features.uninstallFeature(PAPER);
            await("paper gone from venues", 10_000, () -> venues.venue("paper").isEmpty());
            assertFalse(shell("tradeloom:venues").contains("paper"));
            assertFalse("its routes stopped", routePresent("broker-paper-paper"));

            Order after = orders.order(working.id()).orElseThrow();
            assertTrue("working order ends with a state and a reason: " + after,
                    after.status().terminal() || after.status().name().equals("SUSPENDED"));
            assertTrue(after.reason(), after.reason() != null && after.reason().contains("paper"));

            try {
                orders.submit(restingBuy("MSFT"));
                fail("an order to a removed venue must be rejected");
            } catch (ValidationException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("venue paper is not deployed"));
            }
            assertTrue(shell("tradeloom:order-submit --venue paper --side buy --qty 1 AAPL")
                    .contains("venue paper is not deployed"));

            long t0 = System.nanoTime();
            features.installFeature(PAPER);
            await("paper UP again", 30_000, () -> venueUp("paper"));
            System.out.printf("feature:install %s -> venue UP in %d ms%n", PAPER, (System.nanoTime() - t0) / 1_000_000);
            assertTrue(routePresent("broker-paper-paper"));
            Order again = orders.submit(restingBuy("MSFT"));
            await("the returned broker acknowledges", 10_000,
                    () -> orders.order(again.id()).orElseThrow().status().name().equals("NEW"));
            orders.cancel(again.id());
        } finally {
            sub.close();
        }
        long maxGapMs;
        synchronized (arrivals) {
            assertTrue("quotes kept arriving: " + arrivals.size(), arrivals.size() > 50);
            long max = 0;
            for (int i = 1; i < arrivals.size(); i++) {
                max = Math.max(max, arrivals.get(i) - arrivals.get(i - 1));
            }
            maxGapMs = max / 1_000_000;
        }
        System.out.printf("largest gap between quotes while the broker was removed and reinstalled: %d ms%n", maxGapMs);
        // 200 ticks/s means a tick every 5 ms on average; a paused feed would show a gap of seconds.
        assertTrue("the feed paused for " + maxGapMs + " ms", maxGapMs < 1_000);
    }

    @Test
    public void paperKarDroppedIntoDeployComesBack() throws Exception {
        features.uninstallFeature(PAPER);
        await("paper gone", 10_000, () -> venues.venue("paper").isEmpty());
        Path kar = findKar("broker-paper");
        Path deployed = karafBase().resolve("deploy").resolve(kar.getFileName());
        long t0 = System.nanoTime();
        Files.copy(kar, deployed);
        try {
            await("paper UP from the kar", 60_000, () -> venueUp("paper"));
            System.out.printf("kar copied into deploy/ -> venue UP in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertTrue(venueUp("sim"));
        } finally {
            Files.delete(deployed);
        }
        await("kar removal uninstalls the broker", 30_000, () -> venues.venue("paper").isEmpty());
        await("kar removal takes its feature repository away", 30_000, () -> !hasRepository(repository("broker-paper")));
        assertTrue("the platform stays", venueUp("sim") && features.isInstalled(features.getFeature("tradeloom-core")));
    }

    @Test
    public void simulatedVendorLeavesAndReturnsWhileOrdersKeepFlowing() throws Exception {
        features.uninstallFeature(SIM);
        await("sim gone", 10_000, () -> venues.venue("sim").isEmpty());
        assertFalse(routePresent("vendor-sim-sim"));
        assertTrue("paper unaffected", venueUp("paper"));
        long t0 = System.nanoTime();
        features.installFeature(SIM);
        await("sim UP again", 30_000, () -> venueUp("sim"));
        System.out.printf("feature:install %s -> venue UP in %d ms%n", SIM, (System.nanoTime() - t0) / 1_000_000);
        long before = marketData.accepted();
        await("ticks flowing again", 10_000, () -> marketData.accepted() > before + 20);
        Order o = orders.submit(restingBuy("GOOG"));
        await("paper acknowledges", 10_000, () -> orders.order(o.id()).orElseThrow().status().name().equals("NEW"));
        orders.cancel(o.id());
    }

    private static Path findKar(String name) throws Exception {
        Path kar = karafBase().resolve("kars").resolve("tradeloom-" + name + ".kar");
        assertTrue("no " + kar, Files.isRegularFile(kar));
        return kar;
    }
}
