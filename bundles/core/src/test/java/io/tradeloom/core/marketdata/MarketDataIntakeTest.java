package io.tradeloom.core.marketdata;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.RecordingActivity;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.Before;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

public class MarketDataIntakeTest {

    private static final Instant T0 = Instant.parse("2024-03-01T14:30:00Z");

    private final RecordingActivity activity = new RecordingActivity();
    private final DeadLetterStore deadLetters = new DeadLetterStore();
    private final FakeBundleContext bundle = new FakeBundleContext();
    private MarketDataIntake intake;

    @Before
    public void setUp() {
        intake = new MarketDataIntake(activity, deadLetters, bundle.context());
    }

    private static Quote quote(String symbol, String source, String bid, String ask, Instant at) {
        return new Quote(symbol, source, bid == null ? null : new BigDecimal(bid), BigDecimal.TEN,
                ask == null ? null : new BigDecimal(ask), BigDecimal.TEN, at, at.plusMillis(3));
    }

    private DeadLetter onlyDeadLetter() {
        assertEquals(1, deadLetters.total());
        return deadLetters.recent(1).get(0);
    }

    @Test
    public void validQuoteIsStoredAndSubscribersAreTold() throws Exception {
        List<Quote> heard = new ArrayList<>();
        AutoCloseable sub = intake.subscribe(heard::add);

        Quote q = quote("AAPL", "sim", "189.10", "189.12", T0);
        intake.onEvent(q);

        assertSame(q, intake.latest("AAPL").orElseThrow());
        assertEquals(List.of(q), List.copyOf(intake.all()));
        assertEquals(List.of(q), heard);
        assertEquals(1, intake.accepted());
        assertEquals(0, intake.rejected());
        assertEquals(0, deadLetters.total());
        assertEquals(List.of("received:sim"), activity.calls);

        sub.close();
        intake.onEvent(quote("AAPL", "sim", "189.11", "189.13", T0.plusSeconds(1)));
        assertEquals("no longer told after closing the subscription", 1, heard.size());
        assertEquals("189.11", intake.latest("AAPL").orElseThrow().bid().toPlainString());
    }

    @Test
    public void latestIsKeptPerSymbol() {
        intake.onEvent(quote("AAPL", "sim", "1", "2", T0));
        intake.onEvent(quote("MSFT", "sim", "3", "4", T0));
        intake.onEvent(quote("AAPL", "sim", "5", "6", T0.plusSeconds(1)));
        assertEquals(2, intake.all().size());
        assertEquals("5", intake.latest("AAPL").orElseThrow().bid().toPlainString());
        assertEquals("3", intake.latest("MSFT").orElseThrow().bid().toPlainString());
        assertFalse(intake.latest("TSLA").isPresent());
        assertFalse(intake.latest(null).isPresent());
    }

    @Test
    public void crossedQuoteGoesToDeadLettersNamingTheField() {
        List<Quote> heard = new ArrayList<>();
        intake.subscribe(heard::add);
        Quote crossed = quote("AAPL", "sim", "101", "100", T0);
        intake.onEvent(crossed);

        DeadLetter d = onlyDeadLetter();
        assertEquals("sim", d.source());
        assertEquals("quote", d.kind());
        assertTrue(d.reason(), d.reason().contains("bid=101"));
        assertTrue(d.reason(), d.reason().contains("crossed"));
        assertEquals(crossed.toString(), d.payload());

        assertFalse(intake.latest("AAPL").isPresent());
        assertTrue(heard.isEmpty());
        assertEquals(0, intake.accepted());
        assertEquals(1, intake.rejected());
        assertEquals(List.of("received:sim", "error:sim"), activity.calls);
    }

    @Test
    public void everyViolationOfOneEventIsNamed() {
        intake.onEvent(quote("AAPL", "sim", "-1", "0", T0));
        String reason = onlyDeadLetter().reason();
        assertTrue(reason, reason.contains("bid=-1"));
        assertTrue(reason, reason.contains("ask=0"));
    }

    @Test
    public void outOfOrderTimestampGoesToDeadLettersAndKeepsThePreviousQuote() {
        Quote first = quote("AAPL", "sim", "10", "11", T0.plusSeconds(10));
        intake.onEvent(first);
        Quote late = quote("AAPL", "sim", "12", "13", T0.plusSeconds(5));
        intake.onEvent(late);

        DeadLetter d = onlyDeadLetter();
        assertEquals("quote", d.kind());
        assertTrue(d.reason(), d.reason().startsWith("timestamp=" + T0.plusSeconds(5)));
        assertTrue(d.reason(), d.reason().contains("out of order"));
        assertSame(first, intake.latest("AAPL").orElseThrow());
        assertEquals(1, intake.accepted());
        assertEquals(1, intake.rejected());
    }

    @Test
    public void sameTimestampIsNotOutOfOrder() {
        intake.onEvent(quote("AAPL", "sim", "10", "11", T0));
        intake.onEvent(quote("AAPL", "sim", "10.5", "11", T0));
        assertEquals(2, intake.accepted());
        assertEquals(0, deadLetters.total());
    }

    @Test
    public void timeIsCheckedPerSymbolAndSource() {
        intake.onEvent(quote("AAPL", "sim", "10", "11", T0.plusSeconds(10)));
        intake.onEvent(quote("AAPL", "other", "10", "11", T0));
        intake.onEvent(quote("MSFT", "sim", "10", "11", T0));
        assertEquals(3, intake.accepted());
        assertEquals(0, intake.rejected());
    }

    @Test
    public void aRejectedEventDoesNotMoveTheClockForward() {
        intake.onEvent(quote("AAPL", "sim", "10", "11", T0));
        intake.onEvent(quote("AAPL", "sim", "12", "11", T0.plusSeconds(60))); // crossed, rejected
        intake.onEvent(quote("AAPL", "sim", "10", "11", T0.plusSeconds(1)));
        assertEquals(2, intake.accepted());
        assertEquals(1, intake.rejected());
        assertEquals(T0.plusSeconds(1), intake.latest("AAPL").orElseThrow().timestamp());
    }

    @Test
    public void nonEventBodyGoesToDeadLettersNamingItsType() {
        intake.onEvent("AAPL 189.10/189.12");
        DeadLetter d = onlyDeadLetter();
        assertEquals("unknown", d.source());
        assertEquals("marketdata", d.kind());
        assertTrue(d.reason(), d.reason().contains("java.lang.String"));
        assertEquals("AAPL 189.10/189.12", d.payload());
        assertEquals(1, intake.rejected());
        assertTrue(activity.calls.isEmpty());
    }

    @Test
    public void nullBodyGoesToDeadLetters() {
        intake.onEvent(null);
        assertTrue(onlyDeadLetter().reason(), onlyDeadLetter().reason().endsWith("null"));
        assertEquals(1, intake.rejected());
    }

    @Test
    public void tradesAreValidatedAndCountedButDoNotEnterTheQuoteBook() {
        List<Quote> heard = new ArrayList<>();
        intake.subscribe(heard::add);
        intake.onEvent(new Trade("AAPL", "sim", new BigDecimal("189.11"), new BigDecimal("100"), "T1", T0, T0));
        intake.onEvent(new Trade("AAPL", "sim", BigDecimal.ZERO, new BigDecimal("100"), "T2", T0, T0));

        assertEquals(1, intake.accepted());
        assertEquals(1, intake.rejected());
        DeadLetter d = onlyDeadLetter();
        assertEquals("trade", d.kind());
        assertTrue(d.reason(), d.reason().contains("price=0"));
        assertTrue(intake.all().isEmpty());
        assertTrue(heard.isEmpty());
    }

    @Test
    public void aFailingSubscriberDoesNotStopTheOthers() {
        List<Quote> heard = new ArrayList<>();
        intake.subscribe(q -> {
            throw new IllegalStateException("subscriber bug");
        });
        intake.subscribe(heard::add);
        intake.onEvent(quote("AAPL", "sim", "1", "2", T0));
        assertEquals(1, heard.size());
        assertEquals(1, intake.accepted());
        assertTrue(intake.latest("AAPL").isPresent());
    }

    @Test
    public void registersItsRouteWhichFeedsTheIntakeAndUnregistersItOnDeactivate() throws Exception {
        RoutesBuilder routes = bundle.service(RoutesBuilder.class);
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            camel.start();
            camel.addRoutes(routes);
            ProducerTemplate p = camel.createProducerTemplate();
            p.sendBody(Endpoints.CORE_MARKETDATA, quote("AAPL", "sim", "1", "2", T0));
            p.sendBody(Endpoints.CORE_MARKETDATA, "garbage");
            p.stop();
            assertTrue(intake.latest("AAPL").isPresent());
            assertEquals(1, intake.accepted());
            assertEquals(1, intake.rejected());
            assertTrue(camel.getRoute("core-marketdata") != null);
        } finally {
            camel.stop();
        }

        intake.deactivate();
        assertTrue(bundle.registrations(RoutesBuilder.class).get(0).unregistered());
    }

    /**
     * The intake keeps its quote slot on the feed engine's stream; a second intake on the same engine (a test, a
     * tool) must still fill its own quote book, not the first one's.
     */
    @Test
    public void twoIntakesOnOneFeedEngineKeepTheirOwnQuoteBooks() {
        io.tradeloom.core.feeds.FeedEngine engine = new io.tradeloom.core.feeds.FeedEngine(
                io.tradeloom.core.feeds.FeedClock.SYSTEM, id -> java.util.Optional.empty(), id -> null,
                (task, delay) -> { });
        MarketDataIntake first = MarketDataIntake.withFeeds(activity, deadLetters, engine, bundle.context());
        MarketDataIntake second = MarketDataIntake.withFeeds(activity, deadLetters, engine,
                new FakeBundleContext().context());
        Quote early = quote("AAPL", "poly", "10.00", "10.02", T0);
        Quote late = quote("AAPL", "poly", "10.01", "10.03", T0.plusSeconds(1));
        first.onEvent(List.of(early));
        second.onEvent(List.of(late));
        assertEquals(0, deadLetters.total());
        assertSame(early, first.latest("AAPL").orElseThrow());
        assertSame(late, second.latest("AAPL").orElseThrow());
        // And again, now that both have seen the stream.
        Quote later = quote("AAPL", "poly", "10.02", "10.04", T0.plusSeconds(2));
        first.onEvent(List.of(later));
        assertSame(later, first.latest("AAPL").orElseThrow());
        assertSame(late, second.latest("AAPL").orElseThrow());
        first.deactivate();
        second.deactivate();
    }

    @Test
    public void aListBodyIsTakenEventByEventAndABadOneInItIsDeadLetteredAlone() {
        intake.onEvent(List.of(quote("AAPL", "poly", "1", "2", T0), quote("AAPL", "poly", "3", "2", T0),
                quote("MSFT", "poly", "3", "4", T0)));
        assertEquals(2, intake.accepted());
        assertEquals(1, intake.rejected());
        assertEquals("quote", onlyDeadLetter().kind());
        assertTrue(intake.latest("MSFT").isPresent());
    }

    @Test
    public void barsOfDifferentIntervalsAreSeparateStreamsForTheTimeOrder() {
        java.time.Duration sec = java.time.Duration.ofSeconds(1);
        java.time.Duration min = java.time.Duration.ofMinutes(1);
        BigDecimal one = BigDecimal.ONE;
        intake.onEvent(new io.tradeloom.domain.marketdata.Bar("AAPL", "poly", sec, one, one, one, one, one,
                T0.plusSeconds(59), T0.plusSeconds(60)));
        // The minute bar starts before the last second bar but is in order within its own stream.
        intake.onEvent(new io.tradeloom.domain.marketdata.Bar("AAPL", "poly", min, one, one, one, one, one, T0,
                T0.plusSeconds(60)));
        assertEquals(2, intake.accepted());
        assertEquals(0, intake.rejected());
    }
}
