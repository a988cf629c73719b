package io.tradeloom.core.orders;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.deadletter.ExecutionReplayer;
import io.tradeloom.core.risk.RiskEngine;
import io.tradeloom.core.testing.Exec;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.FakeQuotes;
import io.tradeloom.core.testing.FakeVenue;
import io.tradeloom.core.venues.VenueRegistry;
import io.tradeloom.core.venues.Venues;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** Replay of execution dead letters through the order gateway. */
public class ExecutionReplayTest {

    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private VenueRegistry registry;
    private DefaultCamelContext camel;
    private OrderGateway gateway;

    @Before
    public void setUp() throws Exception {
        registry = new VenueRegistry();
        Venues.deploy(registry, FakeVenue.broker("paper", "AAPL"), "io.tradeloom.broker.paper");
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.ORDERS_OUT).routeId("test-broker").process(exchange -> {
                    if (exchange.getMessage().getBody() instanceof OrderCommand.Submit s) {
                        gateway.onExecution(Exec.ack("A-" + s.order().id(), s.order().id()).build());
                    }
                });
            }
        });
        camel.start();
        RiskEngine risk = new RiskEngine(new FakeQuotes(), Map.of(), System::nanoTime);
        gateway = new OrderGateway(registry, registry, deadLetters, camel, risk, new FakeBundleContext().context());
        deadLetters.addReplayer(new ExecutionReplayer(gateway));
    }

    @After
    public void tearDown() {
        gateway.deactivate();
        camel.stop();
        Venues.shutdown(registry);
    }

    private Order submit() {
        return gateway.submit(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY)
                .type(OrderType.LIMIT).timeInForce(TimeInForce.DAY).quantity("100").limitPrice("100").build());
    }

    @Test
    public void anExecutionTheGatewayNeverSawIsAppliedOnReplay() {
        Order o = submit();
        assertEquals(OrderStatus.NEW, o.status());
        Execution fill = Exec.fill("F-1", o.id(), OrderStatus.FILLED, "100", "100").build();
        DeadLetter letter = deadLetters.add("paper", "execution", fill, "route to the core failed");

        String result = deadLetters.replay(letter.id(), false);

        assertEquals("applied to order " + o.id() + ": FILLED filled=100 leaves=0", result);
        assertEquals(OrderStatus.FILLED, gateway.order(o.id()).orElseThrow().status());
        assertEquals(1, deadLetters.total());
        assertEquals(result, deadLetters.get(letter.id()).orElseThrow().replayResult());
    }

    @Test
    public void anExecutionTheGatewayDeadLetteredItselfIsCheckedAgainOnReplay() {
        // the gateway forgets the id of an execution it could not apply, so a replay is judged afresh: here the
        // order is still unknown, so it becomes a new dead letter instead of passing for a duplicate
        gateway.onExecution(Exec.fill("F-9", "O-NOPE", OrderStatus.FILLED, "1", "100").build());
        DeadLetter letter = deadLetters.recent(1).get(0);
        assertEquals("unknown order O-NOPE", letter.reason());

        String result = deadLetters.replay(letter.id(), false);

        assertTrue(result, result.startsWith("still invalid: new dead letter #2: unknown order O-NOPE"));
        assertEquals(2, deadLetters.total());
    }

    @Test
    public void somethingThatIsNotAnExecutionBecomesANewDeadLetter() {
        DeadLetter letter = deadLetters.add("paper", "execution", "garbage", "route to the core failed");
        String result = deadLetters.replay(letter.id(), false);
        assertTrue(result, result.startsWith("still invalid: new dead letter #2: not an execution: "
                + "java.lang.String"));
    }
}
