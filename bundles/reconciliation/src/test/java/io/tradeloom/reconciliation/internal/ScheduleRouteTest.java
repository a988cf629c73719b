package io.tradeloom.reconciliation.internal;

import io.tradeloom.core.api.BrokerLedger;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.OrderStats;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.reconciliation.api.ReconciliationEndpoints;
import io.tradeloom.reconciliation.api.ReconciliationRun;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.quartz.CronTrigger;
import org.quartz.Trigger;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The shipped routes/reconciliation.yaml in a real CamelContext with the real camel-quartz: its cron comes from the
 * settings through the manager's placeholders, it fires on a test schedule (every second) and each firing runs a
 * reconciliation that continues where the previous scheduled one ended.
 */
public class ScheduleRouteTest {

    private static final Path ROUTE_FILE = Paths.get("../../routes/reconciliation.yaml");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Instant[]> asked = new CopyOnWriteArrayList<>();
    private DefaultCamelContext camel;
    private ReconciliationManager manager;

    @Before
    public void setUp() throws Exception {
        camel = new DefaultCamelContext();
        camel.disableJMX();
        camel.start();
        manager = new ReconciliationManager(new NoOrders(), camel, Clock.systemUTC(), tmp.getRoot().toPath(),
                ReconConfig.parse(Map.of("schedule.cron", "0/1 * * * * ?", "schedule.timezone", "Europe/Zurich")));
        manager.addLedger(new BrokerLedger() {
            @Override
            public String venueId() {
                return "test-broker";
            }

            @Override
            public BrokerStatement statement(Instant from, Instant to, long timeoutMillis) {
                asked.add(new Instant[]{from, to});
                return new BrokerStatement("test-broker", from, to, List.of(), List.of(), true, List.of());
            }
        });
        camel.addRoutes(manager.routeBuilder());
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "file:" + ROUTE_FILE.toAbsolutePath()));
    }

    @After
    public void tearDown() {
        manager.close();
        camel.stop();
    }

    private CronTrigger trigger() throws Exception {
        Route route = camel.getRoute(ReconciliationEndpoints.SCHEDULE_ROUTE_ID);
        QuartzEndpoint quartz = (QuartzEndpoint) route.getEndpoint();
        Trigger t = quartz.getComponent().getScheduler().getTrigger(quartz.getTriggerKey());
        return (CronTrigger) t;
    }

    @Test
    public void theRouteFileFiresOnTheConfiguredScheduleAndEachRunStartsWhereTheLastEnded() throws Exception {
        CronTrigger trigger = trigger();
        assertEquals("0/1 * * * * ?", trigger.getCronExpression());
        assertEquals("Europe/Zurich", trigger.getTimeZone().getID());
        assertEquals("missed fire times are skipped", CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING,
                trigger.getMisfireInstruction());

        Waits.until("two scheduled runs", () -> manager.runs(10).stream()
                .filter(r -> r.trigger().equals("schedule")).count() >= 2);
        List<ReconciliationRun> runs = manager.runs(10).stream().filter(r -> r.trigger().equals("schedule"))
                .toList();
        ReconciliationRun newer = runs.get(0);
        ReconciliationRun older = runs.get(1);
        assertEquals(List.of("test-broker"), newer.venues());
        assertEquals("the next run covers from where the previous one stopped", older.to(), newer.from());
        assertTrue(asked.size() >= 2);
    }

    @Test
    public void aChangedCronReschedulesTheRunningTrigger() throws Exception {
        manager.modified(Map.of("schedule.cron", "0 15 6 ? * MON-FRI", "schedule.timezone", "Asia/Tokyo"));
        CronTrigger trigger = trigger();
        assertEquals("0 15 6 ? * MON-FRI", trigger.getCronExpression());
        assertEquals("Asia/Tokyo", trigger.getTimeZone().getID());
        assertEquals(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING, trigger.getMisfireInstruction());
        Optional<Instant> next = manager.nextScheduledRun();
        assertTrue(next.isPresent());
        assertFalse("next run is in the future", next.get().isBefore(Instant.now()));
    }

    @Test
    public void aRouteFileLoadedBeforeTheBundleRunsOnItsDefaultsUntilTheBundleReschedulesIt() throws Exception {
        DefaultCamelContext other = new DefaultCamelContext();
        other.disableJMX();
        other.start();
        try {
            PluginHelper.getRoutesLoader(other).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(other, "file:" + ROUTE_FILE.toAbsolutePath()));
            QuartzEndpoint quartz = (QuartzEndpoint) other.getRoute(ReconciliationEndpoints.SCHEDULE_ROUTE_ID)
                    .getEndpoint();
            CronTrigger before = (CronTrigger) quartz.getComponent().getScheduler()
                    .getTrigger(quartz.getTriggerKey());
            assertEquals(ReconConfig.DEFAULT_CRON, before.getCronExpression());
            assertEquals("UTC", before.getTimeZone().getID());

            ReconciliationManager late = new ReconciliationManager(new NoOrders(), other, Clock.systemUTC(),
                    tmp.newFolder("late").toPath(), ReconConfig.parse(Map.of("schedule.timezone", "America/Chicago")));
            try {
                CronTrigger after = (CronTrigger) quartz.getComponent().getScheduler()
                        .getTrigger(quartz.getTriggerKey());
                assertEquals("America/Chicago", after.getTimeZone().getID());
                assertEquals(ReconConfig.DEFAULT_CRON, after.getCronExpression());
            } finally {
                late.close();
            }
        } finally {
            other.stop();
        }
    }

    @Test
    public void aBadCronKeepsThePreviousSchedule() throws Exception {
        manager.modified(Map.of("schedule.cron", "not a cron"));
        assertEquals("0/1 * * * * ?", trigger().getCronExpression());
        assertEquals("0/1 * * * * ?", manager.config().cron());
    }

    /** The schedule needs no orders. */
    private static final class NoOrders implements OrderService {
        @Override
        public Order submit(OrderRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Order cancel(String orderId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Order replace(String orderId, BigDecimal quantity, BigDecimal limitPrice) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Order> order(String orderId) {
            return Optional.empty();
        }

        @Override
        public List<Order> orders(boolean openOnly) {
            return List.of();
        }

        @Override
        public OrderStats stats() {
            throw new UnsupportedOperationException();
        }
    }
}
