package io.tradeloom.core.orders;

import java.util.Map;

/** JMX view of order flow: {@code io.tradeloom:type=orders}. */
public interface OrdersMXBean {

    Map<String, Long> getCountsByState();

    long getOpenOrders();

    long getTotalOrders();

    long getRejects();

    long getMeanAckLatencyMicros();

    long getMaxAckLatencyMicros();

    long getDuplicateExecutions();

    /** NEW orders moved to another venue of their policy. */
    long getFailovers();

    /** NEW orders re-sent to the same venue after a status query proved the first attempt never arrived. */
    long getResends();

    /** NEW orders whose venue could not say whether it has them, kept PENDING_NEW and asked again (counted once). */
    long getInDoubt();

    /** Orders waiting for their venue's rate limit. */
    long getQueuedOrders();
}
