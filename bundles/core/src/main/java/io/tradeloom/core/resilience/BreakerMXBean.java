package io.tradeloom.core.resilience;

/** JMX view of one venue's circuit breaker: {@code io.tradeloom:type=breaker,name=<venue>}. */
public interface BreakerMXBean {

    String getVenue();

    String getState();

    float getFailureRate();

    float getSlowCallRate();

    int getBufferedCalls();

    int getFailedCalls();

    long getNotPermittedCalls();

    String getLastTransition();

    String getLastTransitionTime();

    /** Forces it open. */
    String open();

    /** Forces it closed. */
    String close();

    /** Back to CLOSED with an empty window. */
    String reset();
}
