package io.tradeloom.vendor.polygon.internal;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends each event to {@link Endpoints#MARKETDATA_IN} on the caller's thread through one started producer: no
 * ProducerTemplate cache lookup per tick. {@code block=false}: while no route consumes the endpoint (route files
 * being reloaded) a tick fails at once and is counted, instead of stalling the socket thread for 30 s.
 */
public final class CamelSink implements PolygonFeed.Sink, AutoCloseable {

    private final Endpoint endpoint;
    private final Producer producer;

    public CamelSink(CamelContext camel) throws Exception {
        this.endpoint = camel.getEndpoint(Endpoints.MARKETDATA_IN + "?block=false");
        this.producer = endpoint.createProducer();
        ServiceHelper.startService(producer);
    }

    @Override
    public void accept(MarketDataEvent event) throws Exception {
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setBody(event);
        producer.process(exchange);
        Exception e = exchange.getException();
        if (e != null) {
            throw e;
        }
    }

    /** The whole frame as one exchange whose body is the List (the core intake takes a collection). */
    @Override
    public void acceptAll(java.util.List<MarketDataEvent> events) throws Exception {
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setBody(events);
        producer.process(exchange);
        Exception e = exchange.getException();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        ServiceHelper.stopService(producer);
    }
}
