package io.tradeloom.api.rest.internal;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.domain.config.SettingsException;
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

import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The REST API for orders, configured by {@code etc/io.tradeloom.api.rest.cfg} (PID {@value RestConfig#PID};
 * defaults when the file is absent: 127.0.0.1:8182 and no keys, so only the health check answers). Edits apply
 * live: a new host or port moves the listener, new keys apply to the next request; a bad value is logged with
 * file and key and the previous configuration stays in force.
 */
@Component(service = {}, configurationPid = RestConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public class RestApi implements RestMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    static final String MBEAN_NAME = "io.tradeloom:type=rest";

    private final BundleContext bundleContext;
    private final RestMetrics metrics = new RestMetrics();
    private final RestHandler handler;
    private volatile RestConfig config;
    private ServiceRegistration<RoutesBuilder> routes;
    private ObjectName mbean;

    @Activate
    public RestApi(@Reference OrderService orders, @Reference VenueDirectory venues, @Reference RiskService risk,
                   @Reference DeadLetterQueue deadLetters, BundleContext bundleContext, Map<String, Object> props) {
        try {
            this.config = RestConfig.parse(props);
        } catch (SettingsException e) {
            LOG.error("REST API not started: {}", e.getMessage());
            throw e;
        }
        this.bundleContext = bundleContext;
        this.handler = new RestHandler(orders, venues, risk, deadLetters, metrics, () -> this.config);
        registerMBean();
        listen();
    }

    private synchronized void listen() {
        routes = bundleContext.registerService(RoutesBuilder.class, new RestRoutes(config, handler), null);
        LOG.info("REST API on {}://{}:{}/api with {} API key(s){}", config.scheme(), config.host(), config.port(),
                config.keys().size(), config.keys().size() == 0 ? " (add apikey.<name> entries to "
                        + RestConfig.PID + ".cfg; until then only /api/health answers)" : "");
    }

    @Modified
    void modified(Map<String, Object> props) {
        RestConfig next;
        try {
            next = RestConfig.parse(props);
        } catch (SettingsException e) {
            LOG.error("{}; the previous REST API configuration stays in force", e.getMessage());
            return;
        }
        RestConfig previous = config;
        config = next;
        if (!next.sameListener(previous)) {
            synchronized (this) {
                routes.unregister();
                listen();
            }
        } else {
            LOG.info("REST API reconfigured: {} API key(s), health {}", next.keys().size(),
                    next.healthOpen() ? "open" : "behind a key");
        }
    }

    @Deactivate
    synchronized void deactivate() {
        routes.unregister();
        if (mbean != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
            } catch (Exception e) {
                LOG.debug("rest MBean: {}", e.toString());
            }
        }
        LOG.info("REST API stopped after {} requests", metrics.requests());
    }

    private void registerMBean() {
        try {
            ObjectName name = new ObjectName(MBEAN_NAME);
            ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(this, RestMXBean.class, true),
                    name);
            mbean = name;
        } catch (Exception e) {
            LOG.warn("rest MBean not registered: {}", e.toString());
        }
    }

    @Override
    public long getRequests() {
        return metrics.requests();
    }

    @Override
    public Map<String, Long> getErrorsByStatus() {
        return metrics.errorsByStatus();
    }

    @Override
    public long getAuthFailures() {
        return metrics.authFailures();
    }

    @Override
    public long getDeadLetters() {
        return metrics.deadLetters();
    }

    @Override
    public String getHost() {
        return config.host();
    }

    @Override
    public int getPort() {
        return config.port();
    }

    @Override
    public int getKeyCount() {
        return config.keys().size();
    }
}
