package io.tradeloom.core.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.BreakerService;
import io.tradeloom.core.api.BreakerView;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.order.OrderCommand;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Per broker venue: a resilience4j {@link CircuitBreaker} (created here, in our own registry, and bound into the
 * Camel registry as {@code tradeloom.breaker.<venue>}), a guard route {@code venue-guard-<venue>} that sends
 * order commands through Camel's circuitBreaker EIP referencing it, Camel redelivery with exponential backoff
 * and jitter for cancels and status queries (never for a NEW order), and the venue's rate limiter. Settings come
 * from {@code etc/io.tradeloom.resilience.cfg} (PID {@value #PID}) and apply live: a venue whose settings change
 * gets its guard route rebuilt. Its breaker is kept when the breaker's own settings did not change; otherwise the
 * new breaker starts in the old one's state (an OPEN venue stays open, a forced-open one stays forced), because a
 * settings change must not let orders through to a venue known to be sick. The rate limiter carries its recent
 * grants over, so a change never lets a burst exceed the venue's limit.
 */
@Component(service = {VenueResilience.class, BreakerService.class}, configurationPid = VenueResilience.PID,
        immediate = true)
public class VenueResilience implements BreakerService {

    public static final String PID = "io.tradeloom.resilience";
    /** Header that marks a status query (value {@value #STATUS}) on the guard endpoint. */
    public static final String COMMAND_HEADER = "TradeloomCommand";
    public static final String STATUS = "status";

    private static final Logger LOG = LoggerFactory.getLogger(VenueResilience.class);

    private final CamelContext camel;
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private volatile Settings settings;
    private volatile String configError;

    @Activate
    public VenueResilience(@Reference CamelContext camel, Map<String, Object> props) {
        this.camel = camel;
        Settings s = new Settings(props);
        try {
            VenueSettings.validate(s, props == null ? Map.of() : props);
        } catch (SettingsException e) {
            configError = e.getMessage() + "; built-in resilience defaults are in force until the file is fixed";
            LOG.error(configError);
            s = new Settings(Map.of());
        }
        this.settings = s;
    }

    /** For code outside OSGi: the built-in defaults (breakers on, no rate limits). */
    public static VenueResilience defaults(CamelContext camel) {
        return new VenueResilience(camel, Map.of());
    }

    @Modified
    void modified(Map<String, Object> props) {
        Settings s = new Settings(props);
        try {
            VenueSettings.validate(s, props == null ? Map.of() : props);
        } catch (SettingsException e) {
            configError = e.getMessage() + "; the previous resilience settings stay in force";
            LOG.error(configError);
            return;
        }
        configError = null;
        settings = s;
        for (Guard g : guards.values()) {
            VenueSettings next = VenueSettings.parse(s, g.venue);
            if (!next.equals(g.settings)) {
                LOG.info("resilience settings of venue {} changed: {}", g.venue, next);
                rebuild(g.venue, next);
            }
        }
    }

    /** Same as the DS update, for tests and callers in this bundle. */
    public void reconfigure(Map<String, Object> props) {
        modified(props);
    }

    public Optional<String> configError() {
        return Optional.ofNullable(configError);
    }

    @Deactivate
    public void deactivate() {
        for (String venue : List.copyOf(guards.keySet())) {
            remove(venue);
        }
    }

    /** The guard of a broker venue, created on first use. */
    public Guard guard(String venueId) {
        Guard g = guards.get(venueId);
        if (g != null) {
            return g;
        }
        synchronized (this) {
            g = guards.get(venueId);
            return g != null ? g : rebuild(venueId, VenueSettings.parse(settings, venueId));
        }
    }

    /** The venue left: its guard route, breaker and MBean go. */
    public synchronized void remove(String venueId) {
        Guard g = guards.remove(venueId);
        if (g == null) {
            return;
        }
        removeRoute(g.routeId());
        registry.remove(g.breakerName());
        camel.getRegistry().unbind(g.breakerName());
        try {
            mbeans.unregisterMBean(g.objectName);
        } catch (Exception e) {
            LOG.debug("breaker MBean of {}: {}", venueId, e.toString());
        }
    }

    private synchronized Guard rebuild(String venueId, VenueSettings s) {
        Guard old = guards.get(venueId);
        if (old != null) {
            removeRoute(old.routeId());
        }
        CircuitBreaker cb;
        if (old != null && sameBreaker(old.settings, s)) {
            cb = old.breaker;
        } else {
            registry.remove(breakerName(venueId));
            cb = registry.circuitBreaker(breakerName(venueId), breakerConfig(s));
            carryState(venueId, old == null ? null : old.breaker, cb);
            cb.getEventPublisher().onStateTransition(e -> {
                Guard current = guards.get(venueId);
                if (current != null && current.breaker == cb) {
                    current.lastTransition = e.getStateTransition().name();
                    current.lastTransitionAt = Instant.now();
                }
                LOG.warn("circuit breaker of venue {}: {}", venueId, e.getStateTransition());
            });
        }
        SlidingWindowLimiter limiter = s.rateLimit() == 0 ? null
                : old != null && old.limiter != null && old.limiter.limit() == s.rateLimit()
                        && old.limiter.windowMillis() == s.rateWindowMillis() ? old.limiter
                : new SlidingWindowLimiter(s.rateLimit(), s.rateWindowMillis(), System::nanoTime,
                        old == null ? null : old.limiter);
        Guard g = new Guard(venueId, s, cb, limiter, old != null ? old.objectName : objectName(venueId));
        if (old != null) {
            g.lastTransition = old.lastTransition;
            g.lastTransitionAt = old.lastTransitionAt;
        }
        camel.getRegistry().bind(g.breakerName(), CircuitBreaker.class, cb);
        guards.put(venueId, g);
        try {
            camel.addRoutes(guardRoute(g));
        } catch (Exception e) {
            throw new IllegalStateException("guard route of venue " + venueId + " could not start: " + e, e);
        }
        if (old == null) {
            try {
                mbeans.registerMBean(new StandardMBean(new BreakerBean(venueId), BreakerMXBean.class, true),
                        g.objectName);
            } catch (Exception e) {
                LOG.warn("breaker MBean of {} not registered: {}", venueId, e.toString());
            }
        }
        return g;
    }

    private static boolean sameBreaker(VenueSettings a, VenueSettings b) {
        return a.failureRateThreshold() == b.failureRateThreshold()
                && a.slowCallRateThreshold() == b.slowCallRateThreshold()
                && a.slowCallMillis() == b.slowCallMillis() && a.windowSize() == b.windowSize()
                && a.minimumCalls() == b.minimumCalls() && a.openMillis() == b.openMillis()
                && a.halfOpenCalls() == b.halfOpenCalls();
    }

    /** A replacement breaker keeps refusing calls if the one it replaces did. */
    private static void carryState(String venueId, CircuitBreaker old, CircuitBreaker next) {
        if (old == null) {
            return;
        }
        switch (old.getState()) {
            case OPEN, HALF_OPEN -> next.transitionToOpenState();
            case FORCED_OPEN -> next.transitionToForcedOpenState();
            default -> {
                return;
            }
        }
        LOG.warn("circuit breaker of venue {}: settings changed while {}, the new breaker starts {}", venueId,
                old.getState(), next.getState());
    }

    private static CircuitBreakerConfig breakerConfig(VenueSettings s) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.windowSize())
                .minimumNumberOfCalls(s.minimumCalls())
                .failureRateThreshold(s.failureRateThreshold())
                .slowCallRateThreshold(s.slowCallRateThreshold())
                .slowCallDurationThreshold(Duration.ofMillis(s.slowCallMillis()))
                .waitDurationInOpenState(Duration.ofMillis(s.openMillis()))
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // A venue's definite answer ("unknown order", "bad price") is no sign of a sick venue.
                .recordException(VenueResilience::venueFault)
                .build();
    }

    /** A failure that says the venue (or the way to it) is sick, rather than a definite refusal. */
    static boolean venueFault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalStateException || c instanceof IllegalArgumentException
                    || c instanceof CallNotPermittedException) {
                return false;
            }
        }
        return true;
    }

    /** Whether the exchange failed because the breaker refused the call (it never reached the venue). */
    public static boolean refusedByBreaker(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }

    /** Cancels and status queries are retried; a NEW or a replace never is, nor a definite refusal. */
    static boolean retryable(Exchange ex) {
        Object body = ex.getMessage().getBody();
        boolean status = STATUS.equals(ex.getMessage().getHeader(COMMAND_HEADER));
        if (!status && !(body instanceof OrderCommand.Cancel)) {
            return false;
        }
        Throwable t = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = ex.getException();
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DirectConsumerNotAvailableException) {
                return false;
            }
        }
        return venueFault(t);
    }

    private RouteBuilder guardRoute(Guard g) {
        VenueSettings s = g.settings;
        Predicate<Exchange> retry = VenueResilience::retryable;
        return new RouteBuilder() {
            @Override
            public void configure() {
                // Failures go back to the gateway, which decides (reject, status query, failover); only the
                // redeliveries below happen here.
                errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhausted(false)
                        .logStackTrace(false).logRetryAttempted(false));
                from(g.endpoint()).routeId(g.routeId())
                        .onException(Exception.class).onWhen(retry::test)
                            .maximumRedeliveries(s.retryAttempts() - 1)
                            .redeliveryDelay(s.retryDelayMillis())
                            .useExponentialBackOff().backOffMultiplier(s.retryMultiplier())
                            .maximumRedeliveryDelay(Math.max(s.retryDelayMillis(), s.retryMaxDelayMillis()))
                            .useCollisionAvoidance().collisionAvoidanceFactor(s.retryJitter())
                            .logRetryAttempted(true).retryAttemptedLogLevel(LoggingLevel.WARN)
                            .logExhausted(false).logStackTrace(false)
                            .handled(false)
                        .end()
                        .choice()
                            .when(header(COMMAND_HEADER).isEqualTo(STATUS))
                                .to(Endpoints.ORDERS_STATUS + "?block=false")
                            .otherwise()
                                .circuitBreaker()
                                    .resilience4jConfiguration()
                                        .circuitBreaker(g.breakerName())
                                        .throwExceptionWhenHalfOpenOrOpenState(true)
                                    .end()
                                    .to(Endpoints.ORDERS_OUT)
                                .end()
                        .end();
            }
        };
    }

    private void removeRoute(String routeId) {
        try {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        } catch (Exception e) {
            LOG.debug("route {}: {}", routeId, e.toString());
        }
    }

    static String breakerName(String venueId) {
        return "tradeloom.breaker." + venueId;
    }

    private static ObjectName objectName(String venueId) {
        try {
            return new ObjectName("io.tradeloom:type=breaker,name=" + venueId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------- BreakerService

    @Override
    public List<BreakerView> breakers() {
        return guards.values().stream().map(Guard::view).sorted(Comparator.comparing(BreakerView::venue)).toList();
    }

    @Override
    public Optional<BreakerView> breaker(String venueId) {
        Guard g = venueId == null ? null : guards.get(venueId);
        return g == null ? Optional.empty() : Optional.of(g.view());
    }

    private Guard known(String venueId) {
        Guard g = venueId == null ? null : guards.get(venueId);
        if (g == null) {
            throw new IllegalArgumentException("venue=" + venueId + ": no circuit breaker (not a deployed broker;"
                    + " known: " + guards.keySet().stream().sorted().toList() + ")");
        }
        return g;
    }

    @Override
    public BreakerView open(String venueId) {
        Guard g = known(venueId);
        g.breaker.transitionToForcedOpenState();
        LOG.warn("circuit breaker of venue {} forced open by operator", venueId);
        return g.view();
    }

    @Override
    public BreakerView close(String venueId) {
        Guard g = known(venueId);
        g.breaker.transitionToClosedState();
        LOG.warn("circuit breaker of venue {} closed by operator", venueId);
        return g.view();
    }

    @Override
    public BreakerView reset(String venueId) {
        Guard g = known(venueId);
        g.breaker.reset();
        LOG.warn("circuit breaker of venue {} reset by operator", venueId);
        return g.view();
    }

    /** One venue's breaker, guard route and rate limiter. */
    public static final class Guard {
        final String venue;
        final VenueSettings settings;
        final CircuitBreaker breaker;
        final SlidingWindowLimiter limiter;
        final ObjectName objectName;
        volatile String lastTransition = "";
        volatile Instant lastTransitionAt;

        Guard(String venue, VenueSettings settings, CircuitBreaker breaker, SlidingWindowLimiter limiter,
              ObjectName objectName) {
            this.venue = venue;
            this.settings = settings;
            this.breaker = breaker;
            this.limiter = limiter;
            this.objectName = objectName;
        }

        public String venue() {
            return venue;
        }

        public VenueSettings settings() {
            return settings;
        }

        public CircuitBreaker breaker() {
            return breaker;
        }

        /** Null when the venue has no rate limit. */
        public SlidingWindowLimiter limiter() {
            return limiter;
        }

        /** Where the gateway sends this venue's commands. */
        public String endpoint() {
            return "direct:tradeloom.core.venue." + venue;
        }

        String routeId() {
            return "venue-guard-" + venue;
        }

        String breakerName() {
            return VenueResilience.breakerName(venue);
        }

        /** Whether the breaker lets calls through now (CLOSED, HALF_OPEN, DISABLED, METRICS_ONLY). */
        public boolean permitsCalls() {
            CircuitBreaker.State s = breaker.getState();
            return s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.FORCED_OPEN;
        }

        BreakerView view() {
            CircuitBreaker.Metrics m = breaker.getMetrics();
            return new BreakerView(venue, breaker.getState().name(), m.getFailureRate(), m.getSlowCallRate(),
                    m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfSlowCalls(),
                    m.getNumberOfNotPermittedCalls(), lastTransition, lastTransitionAt);
        }
    }

    /** The MBean reads the current guard, so it survives a rebuild after a settings change. */
    private final class BreakerBean implements BreakerMXBean {
        private final String venue;

        BreakerBean(String venue) {
            this.venue = venue;
        }

        private BreakerView v() {
            return breaker(venue).orElseThrow(() -> new IllegalStateException("venue " + venue + " left"));
        }

        @Override public String getVenue() { return venue; }
        @Override public String getState() { return v().state(); }
        @Override public float getFailureRate() { return v().failureRate(); }
        @Override public float getSlowCallRate() { return v().slowCallRate(); }
        @Override public int getBufferedCalls() { return v().bufferedCalls(); }
        @Override public int getFailedCalls() { return v().failedCalls(); }
        @Override public long getNotPermittedCalls() { return v().notPermitted(); }
        @Override public String getLastTransition() { return v().lastTransition(); }
        @Override public String getLastTransitionTime() {
            Instant at = v().lastTransitionAt();
            return at == null ? "" : at.toString();
        }
        @Override public String open() { return VenueResilience.this.open(venue).state(); }
        @Override public String close() { return VenueResilience.this.close(venue).state(); }
        @Override public String reset() { return VenueResilience.this.reset(venue).state(); }
    }
}
