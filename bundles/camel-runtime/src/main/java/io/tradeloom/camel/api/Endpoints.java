package io.tradeloom.camel.api;

/**
 * The Camel endpoints that join adapters, route files and the core. Adapters produce to the {@code *.in}
 * endpoints and consume from {@link #brokerOrders(String)}; the default route files in {@code routes/} wire the
 * {@code *.in} endpoints to the core's {@code tradeloom.core.*} consumers and the core's order output to the
 * brokers. Users put their own steps (filters, taps, throttles) in between.
 */
public final class Endpoints {

    /** Vendors send normalized {@code MarketDataEvent}s here. */
    public static final String MARKETDATA_IN = "direct:tradeloom.marketdata.in";
    /** Brokers send {@code Execution}s here. */
    public static final String EXECUTIONS_IN = "direct:tradeloom.executions.in";
    /** The core sends {@code OrderCommand}s here, with header {@link #VENUE_HEADER}. */
    public static final String ORDERS_OUT = "direct:tradeloom.orders.out";

    /**
     * The core asks a broker about one order here (body: the {@code Order}, header {@link #VENUE_HEADER}); the
     * reply body is the venue's {@code OrderStatus} of it, or {@link #STATUS_UNKNOWN} when the venue never received it. A broker
     * that cannot answer has no consumer on {@link #brokerStatus(String)}, and the core then never re-sends.
     */
    public static final String ORDERS_STATUS = "direct:tradeloom.orders.status";

    /** Reply of a status query: the venue never received the order. */
    public static final String STATUS_UNKNOWN = "unknown";

    /** Core consumer of validated-upstream market data. */
    public static final String CORE_MARKETDATA = "direct:tradeloom.core.marketdata";
    /** Core consumer of executions. */
    public static final String CORE_EXECUTIONS = "direct:tradeloom.core.executions";

    /** Header naming the target venue id of an order command. */
    public static final String VENUE_HEADER = "TradeloomVenue";

    private static final String BROKER_PREFIX = "direct:tradeloom.broker.";

    private Endpoints() {
    }

    /** Where the broker with this venue id consumes {@code OrderCommand}s. */
    public static String brokerOrders(String venueId) {
        return BROKER_PREFIX + venueId;
    }

    /** Where the broker with this venue id answers status queries (see {@link #ORDERS_STATUS}); optional. */
    public static String brokerStatus(String venueId) {
        return BROKER_PREFIX + venueId + ".status";
    }
}
