package io.tradeloom.simulators.fix.internal;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tradeloom.simulators.fix.FixBrokerSimulator;
import io.tradeloom.simulators.fix.FixSimulatorConfig;

/**
 * Starts one {@link FixBrokerSimulator} per configuration with pid {@code io.tradeloom.simulator.fix} (a single
 * {@code etc/io.tradeloom.simulator.fix.cfg} or factory configurations
 * {@code etc/io.tradeloom.simulator.fix-<name>.cfg}) and registers it as a {@link FixBrokerSimulator} service, so
 * tests inside the container can drive its faults. Nothing starts without a configuration. A changed configuration
 * restarts the simulator (same store: sequence numbers and orders continue).
 */
@Component(name = "io.tradeloom.simulator.fix", configurationPid = SimulatorSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
public final class FixSimulatorComponent {

    private static final Logger LOG = LoggerFactory.getLogger(FixSimulatorComponent.class);

    private FixBrokerSimulator simulator;
    private ServiceRegistration<FixBrokerSimulator> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        String name = SimulatorSettings.name(properties);
        Path karafData = Path.of(System.getProperty("karaf.data", "data"));
        FixSimulatorConfig config = SimulatorSettings.read(properties, karafData);
        FixBrokerSimulator sim = new FixBrokerSimulator(config);
        try {
            sim.start();
        } catch (RuntimeException e) {
            LOG.error("FIX simulator {} ({}) cannot start on 127.0.0.1:{}: {}", name, config.senderCompId(),
                    config.acceptPort(), e.getMessage());
            throw e;
        }
        simulator = sim;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(SimulatorSettings.NAME, name);
        props.put(SimulatorSettings.PORT, sim.port());
        props.put(SimulatorSettings.SENDER_COMP_ID, config.senderCompId());
        props.put(SimulatorSettings.TARGET_COMP_ID, config.targetCompId());
        props.put(SimulatorSettings.STORE_DIR, config.storeDir().toAbsolutePath().toString());
        props.put(Constants.SERVICE_DESCRIPTION, "Tradeloom FIX 4.4 broker simulator " + name);
        registration = context.registerService(FixBrokerSimulator.class, sim, props);
        LOG.info("FIX simulator '{}' listens on 127.0.0.1:{} as {} for {} (FIX.4.4, store {}, fill slices {}, "
                        + "interval {} ms, rest only {})", name, sim.port(), config.senderCompId(),
                config.targetCompId(), config.storeDir().toAbsolutePath(), config.fillSlices(),
                config.fillIntervalMillis(), config.restOnly());
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
            LOG.info("FIX simulator on 127.0.0.1:{} stopped", simulator.port());
            simulator = null;
        }
    }
}
