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
