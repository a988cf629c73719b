package io.tradeloom.reporting.internal;

/** {@code io.tradeloom:type=reporting,name=<destination>}: counts per state and the oldest pending report's age. */
public interface DestinationMXBean {

    String getType();

    String getTarget();

    long getPending();

    long getSent();

    long getAcked();

    long getRejected();

    long getFailed();

    /** Age in milliseconds of the oldest report not yet ACKED/REJECTED/FAILED here; 0 when there is none. */
    long getOldestPendingAgeMillis();
}
