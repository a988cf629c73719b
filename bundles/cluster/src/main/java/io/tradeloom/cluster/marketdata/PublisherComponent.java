package io.tradeloom.cluster.marketdata;

import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.Map;

/** What the two stream components share: a {@link MarketDataPublisher} and its MBean. */
abstract class PublisherComponent implements MarketDataListener {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherComponent.class);

    private final MarketDataPublisher publisher;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;

    PublisherComponent(HazelcastInstance hazelcast, String stream, Map<String, Object> props) {
        MemberSettings settings;
        try {
            settings = MemberSettings.from(props, Paths.get("data"));
        } catch (SettingsException e) {
            // The member logs the error (and names it in JMX); the publisher runs on the defaults too.
            settings = MemberSettings.from(Map.of(), Paths.get("data"));
        }
        this.publisher = new MarketDataPublisher(hazelcast, stream, settings.publishQueueCapacity(),
                settings.publishBatch()).start();
        try {
            name = new ObjectName("io.tradeloom:type=cluster,stream=" + stream);
            mbeans.registerMBean(new StandardMBean(publisher, MarketDataPublisherMXBean.class, true), name);
        } catch (Exception e) {
            LOG.warn("market-data publisher MBean ({}) not registered: {}", stream, e.toString());
            name = null;
        }
    }

    @Override
    public void onMarketData(MarketDataEvent event) {
        publisher.onMarketData(event);
    }

    void stop() {
        if (name != null) {
            try {
                mbeans.unregisterMBean(name);
            } catch (Exception e) {
                LOG.debug("publisher MBean: {}", e.toString());
            }
        }
        publisher.close();
    }
}
