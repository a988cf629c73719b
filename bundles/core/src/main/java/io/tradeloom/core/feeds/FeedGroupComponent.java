package io.tradeloom.core.feeds;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * One feed group per factory configuration {@code etc/io.tradeloom.feedgroup-<name>.cfg}: add the file to add the
 * group, edit it to change it live, delete it to let its symbols pass from every source again.
 */
@Component(service = FeedGroupComponent.class, configurationPid = "io.tradeloom.feedgroup",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public class FeedGroupComponent {

    private static final Logger LOG = LoggerFactory.getLogger(FeedGroupComponent.class);

    private final FeedsComponent feeds;
    private volatile String name;

    @Activate
    public FeedGroupComponent(@Reference FeedsComponent feeds, Map<String, Object> props) {
        this.feeds = feeds;
        apply(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        apply(props);
    }

    private void apply(Map<String, Object> props) {
        FeedGroupConfig cfg;
        try {
            cfg = FeedGroupConfig.parse(props);
            if (name != null && !name.equals(cfg.name())) {
                throw new IllegalArgumentException(cfg.source() + ": name=" + cfg.name()
                        + ": a feed group's name cannot change while it runs (remove the file and add a new one)");
            }
            feeds.putGroup(cfg);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; {}", e.getMessage(), name == null ? "feed group not started"
                    : "the previous configuration of feed group " + name + " stays in force");
            return;
        }
        name = cfg.name();
    }

    @Deactivate
    void deactivate() {
        if (name != null) {
            feeds.removeGroup(name);
        }
    }
}
