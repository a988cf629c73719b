package io.tradeloom.kafka.api;

import java.util.Map;

/**
 * JMX view of the Kafka bridge, {@code io.tradeloom:type=kafka}. Holds no credentials: the bootstrap servers are
 * shown, security settings never are.
 */
public interface KafkaBridgeMXBean {

    String OBJECT_NAME = "io.tradeloom:type=kafka";

    /** Whether {@code etc/io.tradeloom.kafka.cfg} names bootstrap servers; when false the bridge does nothing. */
    boolean isEnabled();

    /** Whether the last connectivity check (every few seconds) reached the cluster. */
    boolean isConnected();

    /** Whether the bridge's Camel routes (orders in, orders out, market data out) are all started. */
    boolean isRunning();

    String getBootstrapServers();

    /** Records acknowledged by Kafka, per topic. */
    Map<String, Long> getRecordsSent();

    /** Records Kafka did not take (timeouts, broker errors), per topic. */
    Map<String, Long> getRecordsFailed();

    /** Records never sent because the bounded buffer in front of the producer was full, per stream. */
    Map<String, Long> getRecordsDropped();

    /** {@code orders.in} records read. */
    long getOrdersReceived();

    /** {@code orders.in} records the order service accepted. */
    long getOrdersAccepted();

    /** {@code orders.in} records the order service rejected (reject sent on {@code orders.events}). */
    long getOrdersRejected();

    /** {@code orders.in} records that were not order requests (bad JSON, missing field, wrong type): dead-lettered. */
    long getBadRecords();

    /** Records of {@code orders.in} not yet read by the bridge's consumer group; -1 when unknown. */
    long getConsumerLag();

    /** The last failure, without credentials; null when none. */
    String getLastError();
}
