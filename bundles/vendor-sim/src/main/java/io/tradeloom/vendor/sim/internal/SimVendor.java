package io.tradeloom.vendor.sim.internal;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated feed per factory configuration {@code io.tradeloom.vendor.sim-<name>}. A Camel timer drives the
 * generator; its route {@code vendor-sim-<id>} sends each event to {@link Endpoints#MARKETDATA_IN}.
 */
@Component(service = Venue.class, configurationPid = "io.tradeloom.vendor.sim",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class SimVendor implements Venue {

    private static final Logger LOG = LoggerFactory.getLogger(SimVendor.class);
    private static final long TIMER_PERIOD_MS = 10;

    private final RandomWalkFeed feed;
    private final VenueDescriptor descriptor;
    private final ServiceRegistration<RoutesBuilder> routes;
    private final AtomicLong lastFireNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong lastSendOkNanos = new AtomicLong(-1);
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile String lastError;
    private volatile boolean stopped;

    @Activate
    public SimVendor(Map<String, Object> props, BundleContext bundleContext) {
        SimConfig config;
        try {
            config = SimConfig.parse(props);
        } catch (SettingsException e) {
            LOG.error("simulated vendor not started: {}", e.getMessage());
            throw e;
        }
        this.feed = new RandomWalkFeed(config, Clock.systemUTC(), System.nanoTime());
        this.descriptor = new VenueDescriptor(config.id(), VenueKind.VENDOR, "sim",
                Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY, AssetClass.ETF)));
        String routeId = "vendor-sim-" + config.id();
        this.routes = bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).process(ex -> sendFailed(
                        ex.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class)));
                from("timer:" + routeId + "?period=" + TIMER_PERIOD_MS + "&includeMetadata=false")
                        .routeId(routeId)
                        .process(ex -> ex.getMessage().setBody(generate()))
                        .process(ex -> {
                            if (feed.config().fault() == SimConfig.Fault.SILENT) {
                                lastSendOkNanos.set(System.nanoTime()); // a stall: the connection looks fine
                            }
                        })
                        .split(body())
                        .to(Endpoints.MARKETDATA_IN)
                        .process(ex -> lastSendOkNanos.set(System.nanoTime()));
            }
        }, null);
        LOG.info("simulated vendor {} started: {} symbols at {} ticks/s", config.id(), config.symbols().size(),
                config.ticksPerSecond());
    }

    private List<?> generate() {
        long now = System.nanoTime();
        long elapsed = now - lastFireNanos.getAndSet(now);
        List<?> events = feed.next(elapsed);
        // An injected fault sends nothing; the walk goes on so that prices move on as a real market would.
        return feed.config().fault() == SimConfig.Fault.NONE ? events : List.of();
    }

    private void sendFailed(Exception e) {
        long n = sendErrors.incrementAndGet();
        lastError = e == null ? "unknown" : e.getMessage();
        if (n <= 5 || n % 1000 == 0) {
            LOG.warn("simulated vendor {}: could not deliver a tick ({} failures so far): {}", descriptor.id(), n,
                    lastError);
        }
    }

    @Modified
    void modified(Map<String, Object> props) {
        SimConfig next;
        try {
            next = SimConfig.parse(props);
        } catch (SettingsException e) {
            LOG.error("{}; the previous configuration of venue {} stays in force", e.getMessage(), descriptor.id());
            return;
        }
        if (!next.id().equals(descriptor.id())) {
            LOG.error("{}: id={} rejected: a venue's id cannot change while it runs (remove the file and add a new"
                    + " one); the previous configuration of venue {} stays in force", sourceOf(props), next.id(), descriptor.id());
            return;
        }
        feed.reconfigure(next);
        LOG.info("simulated vendor {} reconfigured: {} symbols at {} ticks/s", next.id(), next.symbols().size(),
                next.ticksPerSecond());
    }

    private static String sourceOf(Map<String, Object> props) {
        return new io.tradeloom.domain.config.Settings(props).source();
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        routes.unregister();
        LOG.info("simulated vendor {} stopped", descriptor.id());
    }

    @Override
    public VenueDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public VenueHealth health() {
        if (stopped) {
            return VenueHealth.of(VenueState.DOWN, "stopped");
        }
        if (feed.config().fault() == SimConfig.Fault.DISCONNECT) {
            return VenueHealth.of(VenueState.DOWN, "disconnected (fault=disconnect)");
        }
        long ok = lastSendOkNanos.get();
        if (ok < 0) {
            return VenueHealth.of(VenueState.CONNECTING, lastError == null ? "starting" : lastError);
        }
        long sinceOk = System.nanoTime() - ok;
        if (sinceOk > 2_000_000_000L) {
            return VenueHealth.of(VenueState.DEGRADED, "no tick delivered for " + sinceOk / 1_000_000 + " ms"
                    + (lastError == null ? "" : ": " + lastError));
        }
        return VenueHealth.of(VenueState.UP, feed.config().ticksPerSecond() + " ticks/s, "
                + feed.config().symbols().size() + " symbols");
    }

    @Override
    public Collection<Instrument> instruments() {
        return feed.config().symbols().stream().map(Instrument::equity).toList();
    }
}
