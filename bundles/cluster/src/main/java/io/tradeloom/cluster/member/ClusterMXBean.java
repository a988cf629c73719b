package io.tradeloom.cluster.member;

/** {@code io.tradeloom:type=cluster}: the embedded Hazelcast member and the sizes of the shared maps. */
public interface ClusterMXBean {

    String getClusterName();

    /** This member's address, host:port. */
    String getLocalMember();

    int getClusterSize();

    /** Every member's address. */
    String[] getMembers();

    /** ACTIVE, PASSIVE, FROZEN, ... */
    String getClusterState();

    long getOrders();

    long getClientOrderIds();

    long getExecutionKeys();

    /** Why etc/io.tradeloom.hazelcast.cfg was not taken (the member then runs on the defaults); empty when it was. */
    String getConfigurationError();

    /**
     * Scheduled job (reporting-eod, reconciliation) -> the member that runs it, {@code host:port}; empty with
     * {@code join = none} (every job runs here) or before a job's bundle has started.
     */
    java.util.Map<String, String> getScheduledJobLeaders();

    /** The durable file behind the maps, or an empty string when persistence is off. */
    String getPersistenceFile();
}
