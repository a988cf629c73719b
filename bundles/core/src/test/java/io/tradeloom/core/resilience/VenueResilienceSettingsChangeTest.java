package io.tradeloom.core.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/** A live settings change must not reopen the way to a venue whose breaker refuses calls. */
public class VenueResilienceSettingsChangeTest {

    private DefaultCamelContext camel;
    private VenueResilience resilience;
    private final Map<String, Object> props = new HashMap<>();

    @Before
    public void setUp() {
        camel = new DefaultCamelContext();
        camel.start();
        props.put("default.breaker.open.ms", "600000");
        resilience = new VenueResilience(camel, Map.copyOf(props));
    }

    @After
    public void tearDown() {
        resilience.deactivate();
        camel.stop();
    }

    private VenueResilience.Guard change(String key, String value) {
        props.put(key, value);
        resilience.reconfigure(Map.copyOf(props));
        return resilience.guard("v1");
    }

    @Test
    public void anOpenBreakerStaysOpenWhenItsThresholdsChange() {
        CircuitBreaker before = resilience.guard("v1").breaker();
        before.transitionToOpenState();
        VenueResilience.Guard g = change("venue.v1.breaker.failure.rate.threshold", "30");
        assertNotSame("new thresholds need a new breaker", before, g.breaker());
        assertEquals(CircuitBreaker.State.OPEN, g.breaker().getState());
        assertEquals(30f, g.breaker().getCircuitBreakerConfig().getFailureRateThreshold(), 0f);
        assertTrue(!g.permitsCalls());
    }

    @Test
    public void aForcedOpenBreakerStaysForcedOpen() {
        CircuitBreaker before = resilience.guard("v1").breaker();
        resilience.open("v1");
        assertEquals(CircuitBreaker.State.FORCED_OPEN, before.getState());
        VenueResilience.Guard g = change("venue.v1.breaker.open.ms", "1000");
        assertNotSame(before, g.breaker());
        assertEquals(CircuitBreaker.State.FORCED_OPEN, g.breaker().getState());
        assertEquals("FORCED_OPEN", resilience.breaker("v1").orElseThrow().state());
    }

    @Test
    public void aClosedBreakerStaysClosed() {
        VenueResilience.Guard g = change("venue.v1.breaker.window.size", "50");
        assertEquals(CircuitBreaker.State.CLOSED, g.breaker().getState());
        assertEquals(50, g.breaker().getCircuitBreakerConfig().getSlidingWindowSize());
    }

    @Test
    public void changesThatDoNotConcernTheBreakerKeepItAndItsWindow() {
        CircuitBreaker before = resilience.guard("v1").breaker();
        before.onError(0, java.util.concurrent.TimeUnit.NANOSECONDS, new java.io.IOException("down"));
        before.onSuccess(0, java.util.concurrent.TimeUnit.NANOSECONDS);
        VenueResilience.Guard g = change("venue.v1.retry.attempts", "5");
        assertSame(before, g.breaker());
        assertEquals(5, g.settings().retryAttempts());
        assertEquals(2, g.breaker().getMetrics().getNumberOfBufferedCalls());
        assertEquals(1, g.breaker().getMetrics().getNumberOfFailedCalls());
    }

    @Test
    public void anUnchangedRateLimitKeepsItsLimiter() {
        VenueResilience.Guard first = change("venue.v1.rate.limit", "10");
        VenueResilience.Guard second = change("venue.v1.retry.attempts", "4");
        assertSame(first.limiter(), second.limiter());
        VenueResilience.Guard third = change("venue.v1.rate.limit", "20");
        assertNotSame(first.limiter(), third.limiter());
        assertEquals(20, third.limiter().limit());
    }
}
