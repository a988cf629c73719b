package io.tradeloom.core.api;

import io.tradeloom.domain.marketdata.MarketDataEvent;

/**
 * Whiteboard: register one as an OSGi service to receive the validated market-data stream (after feed-group
 * selection). Service property {@value #STREAM} chooses the stream: {@value #NORMALIZED} (default) or
 * {@value #CONSOLIDATED} (the consolidated quote per symbol). Called on the intake thread: keep it short, hand
 * heavy work to a queue, never throw (a throwing listener is logged and counted, never fails the feed).
 */
@FunctionalInterface
public interface MarketDataListener {

    String STREAM = "tradeloom.stream";
    String NORMALIZED = "normalized";
    String CONSOLIDATED = "consolidated";

    void onMarketData(MarketDataEvent event);
}
