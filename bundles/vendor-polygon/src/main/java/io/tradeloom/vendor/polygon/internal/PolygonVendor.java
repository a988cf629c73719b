package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.core.api.HistoricalTrades;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import org.apache.camel.CamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Polygon (Massive) venue per factory configuration {@code io.tradeloom.vendor.polygon-<name>}: a VENDOR
 * {@link Venue} whose health follows the WebSocket ({@link PolygonFeed}), a {@link HistoricalBars} service for
 * REST backfill ({@link PolygonBars}, service property {@code venue=<id>}), a {@link HistoricalTrades} service for
 * trade sequence-gap backfill ({@link PolygonTrades}, the same property) and the MBean
 * {@code io.tradeloom:type=vendor-polygon,name=<id>}. A changed configuration restarts the venue (DS: no
 * modified method), which reconnects with the new settings.
 */
@Component(service = Venue.class, configurationPid = PolygonConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class PolygonVendor implements Venue, PolygonVendorMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(PolygonVendor.class);

    private final PolygonConfig config;
    private final VenueDescriptor descriptor;
    private final CamelSink sink;
    private final PolygonFeed feed;
    private final ServiceRegistration<HistoricalBars> barsRegistration;
    private final ServiceRegistration<HistoricalTrades> tradesRegistration;
    private ObjectName mbeanName;

    @Activate
    public PolygonVendor(@Reference CamelContext camel, @Reference DeadLetterQueue deadLetters,
                         Map<String, Object> props, BundleContext bundleContext) throws Exception {
        try {
            this.config = PolygonConfig.parse(props);
        } catch (SettingsException e) {
            LOG.error("Polygon vendor not started: {}", e.getMessage());
            throw e;
        }
        this.descriptor = new VenueDescriptor(config.id(), VenueKind.VENDOR, "polygon",
                Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY, AssetClass.ETF)));
        this.sink = new CamelSink(camel);
        this.feed = new PolygonFeed(config, sink, deadLetters);
        Hashtable<String, Object> barProps = new Hashtable<>();
        barProps.put("venue", config.id());
        this.barsRegistration = bundleContext.registerService(HistoricalBars.class, new PolygonBars(config),
                barProps);
        this.tradesRegistration = bundleContext.registerService(HistoricalTrades.class, new PolygonTrades(config),
                barProps);
        registerMBean();
        feed.start();
        LOG.info("Polygon vendor started: {}", config);
    }

    private void registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.tradeloom:type=vendor-polygon,name=" + ObjectName.quote(config.id()));
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(this, PolygonVendorMXBean.class, true), name);
            mbeanName = name;
        } catch (Exception e) {
            LOG.warn("Polygon {}: MBean not registered: {}", config.id(), e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        feed.close();
        sink.close();
        for (ServiceRegistration<?> r : List.of(barsRegistration, tradesRegistration)) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping
            }
        }
        if (mbeanName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            } catch (Exception e) {
                LOG.debug("MBean {} already gone: {}", mbeanName, e.toString());
            }
        }
        LOG.info("Polygon vendor {} stopped", config.id());
    }

    @Override
    public VenueDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public VenueHealth health() {
        return feed.health();
    }

    @Override
    public Collection<Instrument> instruments() {
        return config.symbols().contains("*") ? List.of()
                : config.symbols().stream().map(Instrument::equity).toList();
    }

    // ------------------------------------------------------------------------------------------ MBean

    @Override
    public String getId() {
        return config.id();
    }

    @Override
    public String getState() {
        return feed.health().state().name();
    }

    @Override
    public String getDetail() {
        return feed.health().detail();
    }

    @Override
    public String getWsUrl() {
        return config.wsUrl().toString();
    }

    @Override
    public String getSubscriptions() {
        return String.join(",", feed.subscriptions());
    }

    @Override
    public long getFrames() {
        return feed.stats().frames();
    }

    @Override
    public long getEvents() {
        return feed.stats().events();
    }

    @Override
    public long getQuotes() {
        return feed.stats().quotes();
    }

    @Override
    public long getTrades() {
        return feed.stats().trades();
    }

    @Override
    public long getBars() {
        return feed.stats().bars();
    }

    @Override
    public long getMalformed() {
        return feed.stats().malformed();
    }

    @Override
    public long getTruncated() {
        return feed.stats().truncated();
    }

    @Override
    public long getOversized() {
        return feed.stats().oversized();
    }

    @Override
    public long getUnknown() {
        return feed.stats().unknown();
    }

    @Override
    public long getDeliveryFailures() {
        return feed.stats().deliveryFailures();
    }

    @Override
    public long getConnects() {
        return feed.stats().connects();
    }

    @Override
    public long getReconnects() {
        return feed.stats().reconnects();
    }

    @Override
    public long getSilences() {
        return feed.stats().silences();
    }

    @Override
    public long getAuthFailures() {
        return feed.stats().authFailures();
    }

    @Override
    public void reconnect() {
        feed.reconnectNow();
    }
}
