package io.tradeloom.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/** Every integration test, against one Karaf boot (PerSuite). SharedStateIT restarts the core bundle: it runs last. */
@RunWith(Suite.class)
@Suite.SuiteClasses({PlatformIT.class, RouteFilesIT.class, ConfigurationIT.class, HotDeployIT.class, FixIT.class,
        CsvVendorIT.class, EmergencyControlsIT.class, RestApiIT.class, ReportingIT.class, OrderResilienceIT.class,
        ReconciliationIT.class, FeedGroupsIT.class, CalendarIT.class, PolygonIT.class, KafkaIT.class, SharedStateIT.class})
public class ItestSuite {
}
