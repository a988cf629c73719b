package io.tradeloom.cluster.member;

import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.cluster.api.ScheduledJobs;
import io.tradeloom.domain.config.SettingsException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.Map;

/**
 * Starts the container's Hazelcast member from {@code etc/io.tradeloom.hazelcast.cfg}, registers it as the
 * {@link HazelcastInstance} service and as {@code io.tradeloom:type=cluster}, and shuts it down when the bundle
 * stops. A changed configuration restarts the member (and with it the order store, which reloads from the file).
 */
@Component(service = {}, immediate = true, configurationPid = MemberSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ClusterComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);
    static final String MBEAN = "io.tradeloom:type=cluster";

    private final HazelcastMember member;
    private final ServiceRegistration<HazelcastInstance> registration;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private ObjectName mbeanName;

    @Activate
    public ClusterComponent(BundleContext context, Map<String, Object> props) {
        Path defaultDir = Paths.get(System.getProperty("karaf.data", "data"), "tradeloom");
        MemberSettings settings;
        String error = "";
        try {
            settings = MemberSettings.from(props, defaultDir);
        } catch (SettingsException e) {
            // A member on the defaults (standalone, loopback) beats no order store at all.
            error = e.getMessage();
            LOG.error("Hazelcast settings not taken, the member runs on the defaults: {}", error);
            settings = MemberSettings.from(Map.of(), defaultDir);
        }
        this.member = new HazelcastMember(settings, getClass().getClassLoader());
        member.configurationError(error);
        Hashtable<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put("tradeloom.cluster.name", settings.clusterName());
        serviceProps.put(ScheduledJobs.JOIN_PROPERTY, settings.join().name().toLowerCase().replace('_', '-'));
        this.registration = context.registerService(HazelcastInstance.class, member.instance(), serviceProps);
        try {
            mbeanName = new ObjectName(MBEAN);
            mbeans.registerMBean(new StandardMBean(member, ClusterMXBean.class, true), mbeanName);
        } catch (Exception e) {
            LOG.warn("cluster MBean not registered: {}", e.toString());
            mbeanName = null;
        }
        LOG.info("Hazelcast member started: {}", member.describe());
    }

    @Deactivate
    void deactivate() {
        if (mbeanName != null) {
            try {
                mbeans.unregisterMBean(mbeanName);
            } catch (Exception e) {
                LOG.debug("cluster MBean: {}", e.toString());
            }
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            LOG.debug("HazelcastInstance service already gone: {}", e.toString());
        }
        member.close();
        LOG.info("Hazelcast member stopped");
    }
}
