package io.tradeloom.reconciliation.internal;

import java.util.Map;

/** {@code io.tradeloom:type=reconciliation}: the last run's figures, and a run on demand. */
public interface ReconciliationMXBean {

    String getLastRunId();

    /** ISO-8601 UTC; empty before the first run. */
    String getLastRunStartedAt();

    String getLastRunFinishedAt();

    String getLastRunPeriod();

    long getLastRunDiscrepancies();

    /** Discrepancies of the last run per kind; every kind present, zero included. */
    Map<String, Long> getLastRunCountsByKind();

    /** Discrepancies of the last run per severity; every severity present, zero included. */
    Map<String, Long> getLastRunCountsBySeverity();

    long getLastRunAdopted();

    /** Venues the last run could not reconcile, with the reason. */
    String[] getLastRunErrors();

    long getTotalRuns();

    /** Cron and time zone from the settings. */
    String getSchedule();

    /** When the scheduled route fires next (ISO-8601 UTC); empty when the route does not run. */
    String getNextRunAt();

    boolean isAdoptMissingFills();

    /**
     * The member that runs the scheduled reconciliation of every venue ({@code host:port}); the others reconcile
     * only their member-local venues (paper). Standalone: this member.
     */
    String getScheduleLeader();

    /** Runs now over the configured look-back; venue blank = every venue. Returns the run id. */
    String runNow(String venue);
}
