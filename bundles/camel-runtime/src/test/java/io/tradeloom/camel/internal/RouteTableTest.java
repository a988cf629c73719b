package io.tradeloom.camel.internal;

import io.tradeloom.camel.api.RouteInfo;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class RouteTableTest {

    private DefaultCamelContext context;
    private RouteTable table;
    private ProducerTemplate producer;

    @Before
    public void setUp() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        table = new RouteTable(context, 5);
        producer = context.createProducerTemplate();
    }

    @After
    public void tearDown() throws Exception {
        if (producer != null) {
            producer.stop();
        }
        context.stop();
    }

    private static RouteBuilder echo(String... ids) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (String id : ids) {
                    from("direct:" + id).routeId(id).setBody(simple("${body}-" + id));
                }
            }
        };
    }

    private Optional<RouteInfo> info(String id) {
        return table.info().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    @Test
    public void addReturnsExactlyTheNewRouteIdsAndRemembersTheirOrigin() throws Exception {
        List<String> first = table.add(echo("r1", "r2"), "bundle:first");
        assertEquals(List.of("r1", "r2"), first);
        List<String> second = table.add(echo("r3"), "routes/third.yaml");
        assertEquals("only the routes this builder added", List.of("r3"), second);

        assertEquals("bundle:first", info("r1").orElseThrow().origin());
        assertEquals("bundle:first", info("r2").orElseThrow().origin());
        assertEquals("routes/third.yaml", info("r3").orElseThrow().origin());
        assertEquals("x-r3", producer.requestBody("direct:r3", "x"));
    }

    @Test
    public void routesAddedBehindItsBackAreReportedWithOriginContext() throws Exception {
        context.addRoutes(echo("outsider"));
        table.add(echo("mine"), "bundle:mine");
        assertEquals("context", info("outsider").orElseThrow().origin());
        assertEquals("bundle:mine", info("mine").orElseThrow().origin());
    }

    @Test
    public void infoIsSortedById() throws Exception {
        table.add(echo("zeta", "alpha", "mid"), "x");
        List<RouteInfo> all = table.info();
        assertEquals(3, all.size());
        assertEquals("alpha", all.get(0).id());
        assertEquals("mid", all.get(1).id());
        assertEquals("zeta", all.get(2).id());
    }

    @Test
    public void removeStopsAndRemovesTheRoutesAndForgetsTheirOrigin() throws Exception {
        table.add(echo("keep", "drop"), "bundle:b");
        table.remove(List.of("drop"));

        assertNull(context.getRoute("drop"));
        assertNotNull(context.getRoute("keep"));
        assertFalse(info("drop").isPresent());
        assertEquals("x-keep", producer.requestBody("direct:keep", "x"));

        // Re-adding a route with the same id from elsewhere must not inherit the old origin.
        context.addRoutes(echo("drop"));
        assertEquals("context", info("drop").orElseThrow().origin());
    }

    @Test
    public void removingAnUnknownRouteIsHarmless() throws Exception {
        table.add(echo("only"), "o");
        table.remove(List.of("does-not-exist"));
        assertEquals(1, table.info().size());
        assertEquals("x-only", producer.requestBody("direct:only", "x"));
    }

    @Test
    public void infoCarriesTheManagedRouteFigures() throws Exception {
        table.add(echo("counted"), "routes/counted.yaml");
        RouteInfo before = info("counted").orElseThrow();
        assertEquals("Started", before.state());
        assertEquals(0, before.exchangesTotal());
        assertEquals(0, before.exchangesFailed());
        assertEquals(0, before.exchangesInflight());
        assertEquals("mean is -1 before anything was processed", -1, before.meanProcessingTimeMillis());

        for (int i = 0; i < 3; i++) {
            assertEquals(i + "-counted", producer.requestBody("direct:counted", String.valueOf(i)));
        }
        RouteInfo after = info("counted").orElseThrow();
        assertEquals(3, after.exchangesTotal());
        assertEquals(0, after.exchangesFailed());
        assertEquals(0, after.exchangesInflight());
        assertTrue("mean is a real figure once exchanges went through: " + after.meanProcessingTimeMillis(),
                after.meanProcessingTimeMillis() >= 0);
    }

    @Test
    public void failedExchangesAreCounted() throws Exception {
        table.add(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:boom").routeId("boom").throwException(new IllegalStateException("boom"));
            }
        }, "bundle:boom");
        for (int i = 0; i < 2; i++) {
            Exchange ex = producer.send("direct:boom", e -> e.getMessage().setBody("x"));
            assertNotNull(ex.getException());
        }
        RouteInfo info = info("boom").orElseThrow();
        assertEquals(2, info.exchangesTotal());
        assertEquals(2, info.exchangesFailed());
    }

    @Test
    public void stoppedRouteIsReportedAsStopped() throws Exception {
        table.add(echo("pausable"), "p");
        context.getRouteController().stopRoute("pausable");
        assertEquals("Stopped", info("pausable").orElseThrow().state());
    }

    /**
     * A builder whose route id is already taken must be refused and must not touch the running route. Camel's
     * addRoutes silently stops and replaces a route with the same id, so RouteTable has to check first.
     */
    @Test
    public void duplicateRouteIdIsRefusedAndTheExistingRouteKeepsRunning() throws Exception {
        table.add(echo("taken"), "first");
        Route original = context.getRoute("taken");
        assertNotNull(original);
        try {
            table.add(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:taken-too").routeId("taken").setBody(constant("second"));
                }
            }, "second");
            fail("a builder reusing route id 'taken' must be refused");
        } catch (Exception expected) {
            assertTrue("the reason names the route id: " + expected.getMessage(),
                    String.valueOf(expected.getMessage()).contains("taken"));
        }
        assertSame("the first route must not have been replaced", original, context.getRoute("taken"));
        assertEquals("first", info("taken").orElseThrow().origin());
        assertEquals("x-taken", producer.requestBody("direct:taken", "x"));
    }
}
