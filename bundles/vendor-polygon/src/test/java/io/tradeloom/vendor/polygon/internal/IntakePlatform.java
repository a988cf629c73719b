package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.venues.VenueRegistry;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The core's market-data path as the container wires it, outside OSGi: a started CamelContext with the real
 * {@code routes/marketdata.yaml}, the real {@link MarketDataIntake} (validation, out-of-order check, quote book)
 * and {@link DeadLetterStore}; vendors send through {@link CamelSink}.
 */
final class IntakePlatform implements AutoCloseable {

    final DefaultCamelContext camel = new DefaultCamelContext();
    final VenueRegistry registry = new VenueRegistry();
    final DeadLetterStore deadLetters = new DeadLetterStore();
    final MarketDataIntake intake;
    final CamelSink sink;

    IntakePlatform() throws Exception {
        this(null);
    }

    /** With the caller's feed engine (quality, gaps, backfill); null: the intake's standalone one. */
    IntakePlatform(io.tradeloom.core.feeds.FeedEngine feeds) throws Exception {
        camel.getShutdownStrategy().setTimeout(5);
        camel.start();
        Path yaml = Path.of("..", "..", "routes", "marketdata.yaml");
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:marketdata.yaml",
                Files.readString(yaml, StandardCharsets.UTF_8)));
        intake = feeds == null ? new MarketDataIntake(registry, deadLetters, bundleContext())
                : MarketDataIntake.withFeeds(registry, deadLetters, feeds, bundleContext());
        sink = new CamelSink(camel);
    }

    /** registerService hands a RoutesBuilder to the CamelContext, as camel-runtime does in the container. */
    private BundleContext bundleContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (self, m, args) -> {
                    if (m.getName().equals("registerService") && args[1] instanceof RoutesBuilder rb) {
                        camel.addRoutes(rb);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[]{ServiceRegistration.class}, (s2, m2, a2) -> null);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Override
    public void close() {
        sink.close();
        camel.stop();
    }
}
