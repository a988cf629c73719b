package io.tradeloom.cluster.marketdata;

/** {@code io.tradeloom:type=cluster,stream=<stream>}: market data handed to the Hazelcast topics of one stream. */
public interface MarketDataPublisherMXBean {

    String getStream();

    /** Events published to the topics. */
    long getPublished();

    /** Events dropped because the hand-off queue was full (the intake thread is never blocked). */
    long getDropped();

    /** Events lost because Hazelcast refused or failed a publish. */
    long getFailed();

    /** Events waiting in the hand-off queue. */
    int getQueued();

    int getQueueCapacity();
}
