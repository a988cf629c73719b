package io.tradeloom.core.routing;

import io.tradeloom.domain.config.Settings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * One routing policy per factory configuration {@code io.tradeloom.routing-<name>}; edits apply live, a bad value
 * is logged (file, key, value) and the previous version of the policy stays in force.
 */
@Component(service = RoutingPolicyConfig.class, configurationPid = RoutingPolicyConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class RoutingPolicyConfig {

    public static final String PID = "io.tradeloom.routing";
    private static final Logger LOG = LoggerFactory.getLogger(RoutingPolicyConfig.class);

    private volatile RoutingPolicy policy;

    @Activate
    public RoutingPolicyConfig(Map<String, Object> props) {
        try {
            policy = RoutingPolicy.parse(props);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; routing policy not started", e.getMessage());
            throw e;
        }
        LOG.info("routing policy {} from {}: {}", policy.name(), new Settings(props).source(), policy);
    }

    @Modified
    void modified(Map<String, Object> props) {
        try {
            RoutingPolicy next = RoutingPolicy.parse(props);
            if (!next.name().equals(policy.name())) {
                LOG.error("{}: name={} rejected: a policy's name cannot change while it runs; the previous"
                        + " version of policy {} stays in force", new Settings(props).source(), next.name(),
                        policy.name());
                return;
            }
            policy = next;
            LOG.info("routing policy {} reloaded: {}", next.name(), next);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; the previous version of policy {} stays in force", e.getMessage(), policy.name());
        }
    }

    public RoutingPolicy policy() {
        return policy;
    }
}
