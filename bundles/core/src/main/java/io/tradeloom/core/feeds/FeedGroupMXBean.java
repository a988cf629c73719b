package io.tradeloom.core.feeds;

import java.util.Map;

/** JMX view of one feed group: {@code io.tradeloom:type=feedgroup,name=<group>}. */
public interface FeedGroupMXBean {

    String getName();

    String[] getSources();

    String[] getSymbols();

    String getActiveSource();

    long getSwitches();

    /** ISO-8601 UTC, empty if it never switched. */
    String getLastSwitch();

    String getLastSwitchReason();

    boolean isForced();

    /** Per source: OK, DOWN, SILENT or LOW_QUALITY with the detail. */
    Map<String, String> getSourceStatus();

    long getDroppedStandby();

    long getDroppedOutOfOrder();

    /** Forced switch, as {@code tradeloom:feed-failover}; returns a one-line summary. */
    String failover(String source);
}
