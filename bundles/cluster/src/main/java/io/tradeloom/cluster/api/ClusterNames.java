package io.tradeloom.cluster.api;

/**
 * Names of the shared Hazelcast structures, for anyone in or outside the container that reads them (a Hazelcast
 * client, another member, a REST view). Values are JSON ({@code HazelcastJsonValue}) written by {@link DomainJson}.
 */
public final class ClusterNames {

    /** Orders by order id; value: the order as JSON. Indexed (hash) on {@code venue}, {@code symbol}, {@code status}. */
    public static final String ORDERS = "tradeloom.orders";
    /** Client order id -> order id: the idempotency key of a submit. */
    public static final String CLIENT_IDS = "tradeloom.orders.client-ids";
    /** {@code venue|execId} -> when it was first applied: executions already applied (de-duplication). */
    public static final String EXECUTIONS = "tradeloom.orders.executions";

    /**
     * Order id -> the member whose order gateway created it ({@code host:port}); written in a cluster only. A
     * member-local venue (the paper venue) reconciles against the orders of its own member.
     */
    public static final String ORDER_OWNERS = "tradeloom.orders.owners";

    /**
     * Scheduled job -> the member leading it ({@code host:port}). Each key is also the lock Camel's
     * {@code HazelcastRoutePolicy} holds while its member runs the job; a dead member's lock is released by
     * Hazelcast, so a waiting member takes over.
     */
    public static final String SCHEDULER_LEADERS = "tradeloom.scheduler.leaders";
    /** Scheduled job -> the last fire time it ran for (ISO instant), so a new leader catches up what was missed. */
    public static final String SCHEDULER_LAST_FIRE = "tradeloom.scheduler.last-fire";
    /** Report id -> transaction report JSON of every member, for the end-of-day batch the leader writes. */
    public static final String REPORTS = "tradeloom.reports";

    /** Prefix of the market-data reliable topics: {@code tradeloom.md.<stream>.<kind>}. */
    public static final String MARKET_DATA_PREFIX = "tradeloom.md.";

    /** Kinds of market data, the last part of a topic name. */
    public static final String QUOTES = "quotes";
    public static final String TRADES = "trades";
    public static final String BARS = "bars";

    private ClusterNames() {
    }

    /**
     * The reliable topic of one stream and kind, e.g. {@code tradeloom.md.normalized.quotes}. Its ringbuffer is
     * Hazelcast's {@code _hz_rb_} + that name; a late reader can start from the ringbuffer's head sequence.
     */
    public static String marketDataTopic(String stream, String kind) {
        return MARKET_DATA_PREFIX + stream + "." + kind;
    }
}
