package io.tradeloom.reporting.internal;

import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.OrderEventListener;
import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.Delivery;
import io.tradeloom.reporting.api.DeliveryState;
import io.tradeloom.reporting.api.DestinationInfo;
import io.tradeloom.reporting.api.Reporting;
import com.hazelcast.core.HazelcastInstance;
import io.tradeloom.cluster.api.ScheduledJobs;
import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reporting service in the container: hears every fill (OrderEventListener whiteboard), keeps reports in
 * {@code data/tradeloom/reporting/reports.mv}, and runs the end-of-day batch from a camel-quartz route whose
 * schedule comes from {@code etc/io.tradeloom.reporting.eod.cfg} (see {@link EodSchedule}).
 */
@Component(immediate = true, service = {OrderEventListener.class, Reporting.class, ReportingComponent.class},
        configurationPid = "io.tradeloom.reporting.eod", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ReportingComponent implements OrderEventListener, Reporting {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingComponent.class);

    private final ReportStore store;
    private final ReportingEngine engine;
    private final BundleContext bundleContext;
    /** The cluster's member when this container joins a cluster (scheduled batch on the leader only), else null. */
    private final HazelcastInstance cluster;
    private volatile ServiceRegistration<RoutesBuilder> routes;
    private volatile EodSchedule schedule;
    private volatile EodRoutes eod;

    @Activate
    public ReportingComponent(BundleContext bundleContext, Map<String, Object> props,
                              @Reference(name = "hazelcast", cardinality = ReferenceCardinality.OPTIONAL,
                                      policyOption = ReferencePolicyOption.GREEDY) HazelcastInstance hazelcast) {
        this.bundleContext = bundleContext;
        this.cluster = ScheduledJobs.clustered(hazelcast) ? hazelcast : null;
        EodSchedule s = EodSchedule.parse(props, dataDir());
        this.store = new ReportStore(dataDir().resolve("tradeloom/reporting/reports.mv"));
        this.engine = new ReportingEngine(store, Clock.systemUTC());
        if (cluster != null) {
            SharedReports shared = new SharedReports(cluster);
            engine.onCommitted(shared::publish);
        }
        apply(s);
        LOG.info("reporting started: store {} with {} reports; {}{}", store.file(), store.reportCount(), s,
                cluster == null ? "" : "; in a cluster: the scheduled batch runs on one member (the leader of job "
                        + EodRoutes.JOB + "), with every member's reports");
    }

    static Path dataDir() {
        return Path.of(System.getProperty("karaf.data", "data"));
    }

    @Modified
    void modified(Map<String, Object> props) {
        EodSchedule s;
        try {
            s = EodSchedule.parse(props, dataDir());
        } catch (IllegalArgumentException e) {
            LOG.error("{}; the previous end-of-day schedule stays in force", e.getMessage());
            return;
        }
        apply(s);
        LOG.info("reporting: {}", s);
    }

    private synchronized void apply(EodSchedule s) {
        if (routes != null) {
            routes.unregister();
        }
        schedule = s;
        eod = new EodRoutes(s, store, Clock.systemUTC(), cluster);
        routes = bundleContext.registerService(RoutesBuilder.class, eod, null);
    }

    @Deactivate
    void deactivate() {
        if (routes != null) {
            routes.unregister();
        }
        engine.close();
        store.close();
    }

    ReportingEngine engine() {
        return engine;
    }

    @Override
    public void onOrderEvent(OrderEvent event) {
        engine.onOrderEvent(event);
    }

    @Override
    public List<Delivery> deliveries(DeliveryState state, String destination, int max) {
        return engine.deliveries(state, destination, max);
    }

    @Override
    public Optional<TransactionReport> report(String reportId) {
        return engine.report(reportId);
    }

    @Override
    public List<DestinationInfo> destinations() {
        return engine.destinations();
    }

    @Override
    public List<Delivery> resend(String reportId, String destination) {
        return engine.resend(reportId, destination);
    }

    @Override
    public List<Path> endOfDay(LocalDate date) {
        return eod.run(date != null ? date : schedule.tradingDate(Clock.systemUTC().instant()));
    }
}
