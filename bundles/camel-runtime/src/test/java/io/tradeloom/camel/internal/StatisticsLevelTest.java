package io.tradeloom.camel.internal;

import org.apache.camel.ManagementStatisticsLevel;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

public class StatisticsLevelTest {

    @Test
    public void everyLevelByNameInAnyCaseAndDefaultForAWrongValue() {
        for (ManagementStatisticsLevel level : ManagementStatisticsLevel.values()) {
            assertEquals(level, CamelRuntimeComponent.statisticsLevel(level.name()));
            assertEquals(level, CamelRuntimeComponent.statisticsLevel(" " + level.name().toLowerCase() + " "));
        }
        assertEquals(ManagementStatisticsLevel.Default, CamelRuntimeComponent.statisticsLevel("default"));
        assertEquals(ManagementStatisticsLevel.Default, CamelRuntimeComponent.statisticsLevel("everything"));
        assertEquals(ManagementStatisticsLevel.Default, CamelRuntimeComponent.statisticsLevel(""));
        assertEquals(ManagementStatisticsLevel.Default, CamelRuntimeComponent.statisticsLevel(null));
        assertEquals(ManagementStatisticsLevel.RoutesOnly, CamelRuntimeComponent.statisticsLevel("routesonly"));
    }
}
