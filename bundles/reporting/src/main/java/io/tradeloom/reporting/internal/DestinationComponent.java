package io.tradeloom.reporting.internal;

import io.tradeloom.domain.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
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
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One destination per factory configuration {@code etc/io.tradeloom.reporting-<name>.cfg}: its sender, its
 * transmitter and its MBean {@code io.tradeloom:type=reporting,name=<id>}. Editing the file restarts just this
 * destination; what was in flight stays in the store and is resumed.
 */
@Component(immediate = true, service = {}, configurationPid = "io.tradeloom.reporting",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class DestinationComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationComponent.class);

    private final ReportingComponent reporting;
    private final Transmitter transmitter;
    private final ObjectName mbeanName;
    private final ServiceRegistration<RoutesBuilder> routes;

    @Activate
    public DestinationComponent(@Reference ReportingComponent reporting, @Reference CamelContext camel,
                                BundleContext bundleContext, Map<String, Object> props) {
        this.reporting = reporting;
        Path dataDir = ReportingComponent.dataDir();
        DestinationConfig config;
        Sender sender;
        try {
            config = DestinationConfig.parse(props, dataDir);
            sender = Senders.create(config, dataDir);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; reporting destination not started", e.getMessage());
            throw e;
        } catch (Exception e) {
            String msg = new Settings(props).source() + ": " + e.getMessage() + "; reporting destination not started";
            LOG.error(msg, e);
            throw new IllegalStateException(msg, e);
        }
        // Through routes/reporting.yaml (see RoutedSender); the destination's own route is registered here.
        RoutedSender routed = new RoutedSender(config.id(), sender, camel.createProducerTemplate());
        this.routes = bundleContext.registerService(RoutesBuilder.class, routed.routes(), null);
        this.transmitter = new Transmitter(config.id(), config.type().name().toLowerCase(), routed,
                reporting.engine().store(), config.transmit(), Clock.systemUTC());
        reporting.engine().attach(transmitter);
        this.mbeanName = register(config.id(), transmitter);
        LOG.info("reporting {} started: {}", config, sender.target());
    }

    private static ObjectName register(String id, Transmitter t) {
        try {
            ObjectName name = new ObjectName("io.tradeloom:type=reporting,name=" + id);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new DestinationMBean(t), name);
            return name;
        } catch (Exception e) {
            LOG.warn("reporting destination {}: MBean not registered: {}", id, e.toString());
            return null;
        }
    }

    @Deactivate
    void deactivate() {
        reporting.engine().detach(transmitter);
        transmitter.close();
        routes.unregister();
        if (mbeanName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
            } catch (Exception e) {
                LOG.debug("MBean {} already gone", mbeanName);
            }
        }
    }
}
