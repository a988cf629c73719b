package io.tradeloom.cluster.marketdata;

import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.core.api.MarketDataListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.util.Map;

/** The consolidated market-data stream to the topics {@code tradeloom.md.consolidated.quotes|trades|bars}. */
@Component(service = MarketDataListener.class, configurationPid = MemberSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = MarketDataListener.STREAM + "=" + MarketDataListener.CONSOLIDATED)
public class ConsolidatedPublisher extends PublisherComponent {

    @Activate
    public ConsolidatedPublisher(@Reference HazelcastInstance hazelcast, Map<String, Object> props) {
        super(hazelcast, MarketDataListener.CONSOLIDATED, props);
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
