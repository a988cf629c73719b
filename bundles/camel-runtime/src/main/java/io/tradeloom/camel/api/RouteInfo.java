package io.tradeloom.camel.api;

/**
 * One route as operators see it.
 *
 * @param origin                 the route file ({@code routes/orders.yaml}) or contributing bundle
 *                               ({@code bundle:io.tradeloom.broker.paper})
 * @param meanProcessingTimeMillis mean over the route's life, -1 when nothing was processed
 */
public record RouteInfo(String id, String state, String origin, long exchangesTotal, long exchangesFailed,
                        long exchangesInflight, long meanProcessingTimeMillis) {
}
