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
}
