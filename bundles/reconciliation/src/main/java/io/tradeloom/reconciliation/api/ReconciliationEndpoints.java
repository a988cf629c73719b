package io.tradeloom.reconciliation.api;

/** The Camel side of reconciliation: what {@code routes/reconciliation.yaml} joins. */
public final class ReconciliationEndpoints {

    /**
     * Send anything here to run a reconciliation; optional header {@link #VENUE_HEADER} limits it to one venue.
     * Without headers a run covers the time since the last scheduled run (or the look-back) until now.
     */
    public static final String RUN = "direct:tradeloom.reconciliation.run";
    /** Header naming one venue to reconcile. */
    public static final String VENUE_HEADER = "TradeloomVenue";
    /** Header naming who started the run (default {@code schedule}). */
    public static final String TRIGGER_HEADER = "TradeloomReconciliationTrigger";
    /** The id of the route in {@code routes/reconciliation.yaml} that fires the schedule. */
    public static final String SCHEDULE_ROUTE_ID = "reconciliation-schedule";
    /** Camel property placeholders this bundle provides from {@code etc/io.tradeloom.reconciliation.cfg}. */
    public static final String CRON_PROPERTY = "tradeloom.reconciliation.cron";
    public static final String TIMEZONE_PROPERTY = "tradeloom.reconciliation.timezone";
    /** Headers on an adopted execution sent to the executions endpoint. */
    public static final String ADOPTED_HEADER = "TradeloomAdopted";
    public static final String RUN_HEADER = "TradeloomReconciliationRun";

    private ReconciliationEndpoints() {
    }
}
