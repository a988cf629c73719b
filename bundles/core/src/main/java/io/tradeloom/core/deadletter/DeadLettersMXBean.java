package io.tradeloom.core.deadletter;

import java.util.Map;

/** JMX view of the dead-letter store, {@code io.tradeloom:type=deadletters}. */
public interface DeadLettersMXBean {

    /** Dead letters ever added, also those no longer kept. */
    long getTotal();

    /** Dead letters ever added per {@code source/kind}. */
    Map<String, Long> getCountsBySourceAndKind();
}
