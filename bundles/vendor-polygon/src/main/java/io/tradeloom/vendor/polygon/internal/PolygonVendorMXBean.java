package io.tradeloom.vendor.polygon.internal;

/** {@code io.tradeloom:type=vendor-polygon,name=<id>}: connection state and counters; never the API key. */
public interface PolygonVendorMXBean {
    String getId();

    String getState();

    String getDetail();

    String getWsUrl();

    String getSubscriptions();

    long getFrames();

    long getEvents();

    long getQuotes();

    long getTrades();

    long getBars();

    long getMalformed();

    long getTruncated();

    long getOversized();

    long getUnknown();

    long getDeliveryFailures();

    long getConnects();

    long getReconnects();

    long getSilences();

    long getAuthFailures();

    /** Closes the connection now; it reconnects with the usual backoff. */
    void reconnect();
}
