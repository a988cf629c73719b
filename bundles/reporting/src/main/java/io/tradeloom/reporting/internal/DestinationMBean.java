package io.tradeloom.reporting.internal;

import io.tradeloom.reporting.api.DeliveryState;

/** Adapts one transmitter to JMX. */
final class DestinationMBean implements DestinationMXBean {

    private final Transmitter t;

    DestinationMBean(Transmitter t) {
        this.t = t;
    }

    @Override
    public String getType() {
        return t.type();
    }

    @Override
    public String getTarget() {
        return t.target();
    }

    @Override
    public long getPending() {
        return t.counts().get(DeliveryState.PENDING);
    }

    @Override
    public long getSent() {
        return t.counts().get(DeliveryState.SENT);
    }

    @Override
    public long getAcked() {
        return t.counts().get(DeliveryState.ACKED);
    }

    @Override
    public long getRejected() {
        return t.counts().get(DeliveryState.REJECTED);
    }

    @Override
    public long getFailed() {
        return t.counts().get(DeliveryState.FAILED);
    }

    @Override
    public long getOldestPendingAgeMillis() {
        return t.oldestPendingAgeMillis();
    }
}
