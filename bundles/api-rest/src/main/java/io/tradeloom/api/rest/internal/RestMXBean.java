package io.tradeloom.api.rest.internal;

import java.util.Map;

/** JMX view of the REST API, {@code io.tradeloom:type=rest}. No key, hash or body is ever shown here. */
public interface RestMXBean {

    /** Requests answered since the bundle started. */
    long getRequests();

    /** Answers with status 400 or above, keyed by status ("400", "401", ...). */
    Map<String, Long> getErrorsByStatus();

    /** Requests refused for a missing or unknown key (401) or a key without the role (403). */
    long getAuthFailures();

    /** Request bodies sent to the dead-letter queue. */
    long getDeadLetters();

    String getHost();

    int getPort();

    /** How many API keys are configured. */
    int getKeyCount();
}
