package io.tradeloom.domain.venue;

import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a venue supports. The platform rejects an order the venue cannot take before it leaves.
 *
 * @param maxOrdersPerSecond the venue's order rate limit, 0 when it has none
 */
public record Capabilities(Set<OrderType> orderTypes, Set<TimeInForce> timeInForces, Set<AssetClass> assetClasses,
                           int maxOrdersPerSecond) {

    public Capabilities {
        orderTypes = Collections.unmodifiableSet(orderTypes.isEmpty() ? EnumSet.noneOf(OrderType.class)
                : EnumSet.copyOf(orderTypes));
        timeInForces = Collections.unmodifiableSet(timeInForces.isEmpty() ? EnumSet.noneOf(TimeInForce.class)
                : EnumSet.copyOf(timeInForces));
        assetClasses = Collections.unmodifiableSet(assetClasses.isEmpty() ? EnumSet.noneOf(AssetClass.class)
                : EnumSet.copyOf(assetClasses));
        if (maxOrdersPerSecond < 0) {
            throw new IllegalArgumentException("maxOrdersPerSecond: must not be negative (was " + maxOrdersPerSecond
                    + ")");
        }
    }

    /** A market-data source: takes no orders. */
    public static Capabilities marketDataOnly(Set<AssetClass> assetClasses) {
        return new Capabilities(Set.of(), Set.of(), assetClasses, 0);
    }
}
