package io.tradeloom.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/** Every integration test, against one Karaf boot (PerSuite). */
@RunWith(Suite.class)
@Suite.SuiteClasses({PlatformIT.class, RouteFilesIT.class, ConfigurationIT.class, HotDeployIT.class, FixIT.class,
        CsvVendorIT.class, EmergencyControlsIT.class, RestApiIT.class, ReportingIT.class, SharedStateIT.class,
        KafkaIT.class})
public class ItestSuite {
}
