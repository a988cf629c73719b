package io.tradeloom.vendor.csv.internal;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.venue.Capabilities;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueDescriptor;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueKind;
import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * One CSV inbox per factory configuration {@code io.tradeloom.vendor.csv-<name>}: files dropped into the inbox
 * become {@code Bar}s sent to {@code direct:tradeloom.marketdata.in}; see {@link CsvInboxRoute} and
 * {@link BarFileParser}.
 */
@Component(service = Venue.class, configurationPid = CsvConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class CsvVendor implements Venue {

    private static final Logger LOG = LoggerFactory.getLogger(CsvVendor.class);

    private final BundleContext bundleContext;
    private final CsvFeed feed;
    private final VenueDescriptor descriptor;
    private ServiceRegistration<RoutesBuilder> routes;

    @Activate
    public CsvVendor(@Reference DeadLetterQueue deadLetters, Map<String, Object> props, BundleContext bundleContext) {
        CsvConfig config;
        try {
            config = CsvConfig.parse(props, CsvConfig.defaultDataDir());
            createFolders(config, props);
        } catch (SettingsException e) {
            LOG.error("csv vendor not started: {}", e.getMessage());
            throw e;
        }
        this.bundleContext = bundleContext;
        this.feed = new CsvFeed(config, Clock.systemUTC(),
                f -> deadLetters.add(f.source(), "bar-file", f.payload(), f.reason()));
        this.descriptor = new VenueDescriptor(config.id(), VenueKind.VENDOR, "csv",
                Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY, AssetClass.ETF)));
        this.routes = bundleContext.registerService(RoutesBuilder.class, new CsvInboxRoute(feed), null);
        LOG.info("csv vendor {} started: layout {}, watching {} (done: {}, error: {})", config.id(),
                config.layout().name().toLowerCase(java.util.Locale.ROOT), config.inbox(), config.doneDir(),
                config.errorDir());
    }

    /** The inbox, done and error folders must exist (or be creatable) before the venue counts as started. */
    static void createFolders(CsvConfig config, Map<String, ?> props) {
        Settings s = new Settings(props);
        String[][] keys = {{"inbox", config.inbox().toString()}, {"done.dir", config.doneDir().toString()},
            {"error.dir", config.errorDir().toString()}};
        for (String[] kv : keys) {
            try {
                Files.createDirectories(Path.of(kv[1]));
            } catch (IOException | RuntimeException e) {
                throw new SettingsException(s.source(), kv[0], kv[1], "folder cannot be created: " + e);
            }
        }
    }

    @Modified
    void modified(Map<String, Object> props) {
        CsvConfig next;
        try {
            next = CsvConfig.parse(props, CsvConfig.defaultDataDir());
            createFolders(next, props);
        } catch (SettingsException e) {
            LOG.error("{}; the previous configuration of venue {} stays in force", e.getMessage(), descriptor.id());
            return;
        }
        if (!next.id().equals(descriptor.id())) {
            LOG.error("{}: id={} rejected: a venue's id cannot change while it runs (remove the file and add a new"
                    + " one); the previous configuration of venue {} stays in force", new Settings(props).source(),
                    next.id(), descriptor.id());
            return;
        }
        boolean sameFolders = feed.config().sameFolders(next);
        feed.reconfigure(next);
        if (!sameFolders) {
            synchronized (this) {
                routes.unregister();
                routes = bundleContext.registerService(RoutesBuilder.class, new CsvInboxRoute(feed), null);
            }
        }
        LOG.info("csv vendor {} reconfigured: layout {}, watching {}", next.id(),
                next.layout().name().toLowerCase(java.util.Locale.ROOT), next.inbox());
    }

    @Deactivate
    synchronized void deactivate() {
        feed.stop();
        routes.unregister();
        LOG.info("csv vendor {} stopped: {} files done, {} failed, {} bars sent", descriptor.id(), feed.filesDone(),
                feed.filesFailed(), feed.barsSent());
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
        return feed.instruments();
    }
}
