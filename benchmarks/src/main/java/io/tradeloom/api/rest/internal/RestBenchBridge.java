package io.tradeloom.api.rest.internal;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.core.api.VenueDirectory;
import org.apache.camel.CamelContext;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * For RestLatencyBenchmark only (same package as the bundle's internals, on a plain class path): adds the REST
 * API's real routes to a started context, as the camel-runtime bundle does with the RoutesBuilder service.
 */
public final class RestBenchBridge {

    private RestBenchBridge() {
    }

    /** Starts the listener on 127.0.0.1:{@code port} with one trade key; returns the count of requests answered. */
    public static LongSupplier start(CamelContext camel, OrderService orders, VenueDirectory venues, RiskService risk,
                                     DeadLetterQueue deadLetters, int port, String tradeKey) throws Exception {
        RestConfig config = RestConfig.parse(Map.of("port", Integer.toString(port), "apikey.bench",
                "trade:" + tradeKey));
        RestMetrics metrics = new RestMetrics();
        RestHandler handler = new RestHandler(orders, venues, risk, deadLetters, metrics, () -> config);
        camel.addRoutes(new RestRoutes(config, handler));
        return metrics::requests;
    }
}
