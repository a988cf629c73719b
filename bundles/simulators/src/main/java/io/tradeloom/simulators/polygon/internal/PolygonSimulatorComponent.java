package io.tradeloom.simulators.polygon.internal;

import io.tradeloom.simulators.polygon.PolygonSimulator;
import io.tradeloom.simulators.polygon.PolygonSimulatorConfig;
import io.tradeloom.simulators.polygon.PolygonSimulatorSettings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Hashtable;
import java.util.Map;

/**
 * Starts one {@link PolygonSimulator} per configuration with pid {@value PolygonSimulatorSettings#PID}
 * ({@code etc/io.tradeloom.simulator.polygon-<name>.cfg}) and registers it as a service (properties {@code port}
 * and {@code name}, the configuration's {@code name} key or its pid),
 * so tests inside the container can drive its load and faults. Nothing starts without a configuration; a changed
 * configuration restarts it.
 */
@Component(name = "io.tradeloom.simulator.polygon", configurationPid = PolygonSimulatorSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
public final class PolygonSimulatorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PolygonSimulatorComponent.class);

    private PolygonSimulator simulator;
    private ServiceRegistration<PolygonSimulator> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        PolygonSimulatorConfig config;
        try {
            config = PolygonSimulatorSettings.read(properties);
        } catch (IllegalArgumentException e) {
            LOG.error("Polygon simulator not started: {}", e.getMessage());
            throw e;
        }
        PolygonSimulator sim = new PolygonSimulator(config);
        try {
            sim.start();
        } catch (RuntimeException e) {
            LOG.error("Polygon simulator cannot start on 127.0.0.1:{}: {}", config.port(), e.toString());
            throw e;
        }
        simulator = sim;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PolygonSimulatorSettings.PORT, sim.port());
        Object name = properties.get("name");
        props.put("name", name == null ? String.valueOf(properties.getOrDefault("service.pid", "polygon")) : name);
        props.put(Constants.SERVICE_DESCRIPTION, "Tradeloom Polygon simulator on 127.0.0.1:" + sim.port());
        registration = context.registerService(PolygonSimulator.class, sim, props);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
        if (simulator != null) {
            simulator.stop();
            simulator = null;
        }
    }
}
