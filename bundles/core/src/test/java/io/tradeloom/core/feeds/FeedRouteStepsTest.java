package io.tradeloom.core.feeds;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.RecordingActivity;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tradeloom.core.feeds.FeedHarness.T0;
import static io.tradeloom.core.feeds.FeedHarness.quote;
import static org.junit.Assert.assertEquals;

/**
 * The three intake steps as routes/marketdata.yaml chains them: a step that drops an event marks the exchange, the
 * later core steps skip it, a user's step can filter on the mark, and the sender's route goes on (a vendor counts
 * its deliveries after the send).
 */
public class FeedRouteStepsTest {

    @Test
    public void droppedEventsStopTheCallingRoute() throws Exception {
        FeedHarness h = new FeedHarness();
        h.up("a", "b");
        h.group();
        FakeBundleContext bundle = new FakeBundleContext();
        MarketDataIntake intake = MarketDataIntake.withFeeds(new RecordingActivity(), new DeadLetterStore(), h.engine,
                bundle.context());
        List<MarketDataEvent> heard = new CopyOnWriteArrayList<>();
        intake.addListener(heard::add);
        AtomicInteger afterValidate = new AtomicInteger();
        AtomicInteger afterSelect = new AtomicInteger();
        AtomicInteger afterPublish = new AtomicInteger();
        AtomicInteger vendorDelivered = new AtomicInteger();
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.start();
            camel.addRoutes(bundle.service(RoutesBuilder.class));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(Endpoints.MARKETDATA_IN).routeId("marketdata-in")
                            .to(MarketDataIntake.VALIDATE)
                            .filter(simple("${exchangeProperty.TradeloomDropped} == null"))
                                .process(e -> afterValidate.incrementAndGet()).end()
                            .to(MarketDataIntake.FEEDGROUPS)
                            .filter(simple("${exchangeProperty.TradeloomDropped} == null"))
                                .process(e -> afterSelect.incrementAndGet()).end()
                            .to(MarketDataIntake.PUBLISH)
                            .filter(simple("${exchangeProperty.TradeloomDropped} == null"))
                                .process(e -> afterPublish.incrementAndGet()).end();
                    from("direct:vendor").routeId("vendor").to(Endpoints.MARKETDATA_IN)
                            .process(e -> vendorDelivered.incrementAndGet());
                }
            });
            ProducerTemplate p = camel.createProducerTemplate();
            p.sendBody("direct:vendor", quote("a", "AAPL", "100.00", 1));           // passes all
            p.sendBody("direct:vendor", quote("b", "AAPL", "100.00", 2));           // standby: dropped at select
            p.sendBody(Endpoints.MARKETDATA_IN, new Quote("AAPL", "a", new BigDecimal("2"), BigDecimal.ONE,
                    new BigDecimal("1"), BigDecimal.ONE, T0, T0));                    // crossed: stops at validate
            p.sendBody(Endpoints.MARKETDATA_IN, quote("b", "TSLA", "100.00", 3));   // no group: passes all
            p.sendBody(Endpoints.MARKETDATA_IN, "garbage");                         // stops at validate
            p.sendBody(Endpoints.MARKETDATA_IN, quote("a", "AAPL", "100.00", 4));
            p.sendBody(Endpoints.MARKETDATA_IN, quote("a", "AAPL", "100.00", 1)); // older than passed: dead-lettered
            p.stop();
        } finally {
            camel.stop();
        }
        assertEquals(4, afterValidate.get());
        assertEquals(3, afterSelect.get());
        assertEquals(3, afterPublish.get());
        assertEquals(2, vendorDelivered.get()); // the vendor's route went on for the standby tick too
        assertEquals(List.of("a", "b", "a"), heard.stream().map(MarketDataEvent::source).toList());
    }
}
