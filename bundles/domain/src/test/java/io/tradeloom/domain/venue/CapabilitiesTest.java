package io.tradeloom.domain.venue;

import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class CapabilitiesTest {

    @Test
    public void keepsWhatItIsGiven() {
        Capabilities c = new Capabilities(Set.of(OrderType.MARKET, OrderType.LIMIT),
                Set.of(TimeInForce.DAY, TimeInForce.IOC), Set.of(AssetClass.EQUITY, AssetClass.ETF), 50);
        assertEquals(EnumSet.of(OrderType.MARKET, OrderType.LIMIT), c.orderTypes());
        assertEquals(EnumSet.of(TimeInForce.DAY, TimeInForce.IOC), c.timeInForces());
        assertEquals(EnumSet.of(AssetClass.EQUITY, AssetClass.ETF), c.assetClasses());
        assertEquals(50, c.maxOrdersPerSecond());
    }

    @Test
    public void emptySetsAreAllowed() {
        Capabilities c = new Capabilities(Set.of(), new HashSet<>(), EnumSet.noneOf(AssetClass.class), 0);
        assertTrue(c.orderTypes().isEmpty());
        assertTrue(c.timeInForces().isEmpty());
        assertTrue(c.assetClasses().isEmpty());
    }

    @Test
    public void copiesItsInputs() {
        Set<OrderType> types = new HashSet<>(List.of(OrderType.LIMIT));
        Set<AssetClass> classes = EnumSet.of(AssetClass.FX);
        Capabilities c = new Capabilities(types, Set.of(TimeInForce.GTC), classes, 1);
        types.add(OrderType.STOP);
        classes.add(AssetClass.CRYPTO);
        assertEquals(Set.of(OrderType.LIMIT), c.orderTypes());
        assertEquals(Set.of(AssetClass.FX), c.assetClasses());
    }

    @Test
    public void setsAreUnmodifiable() {
        Capabilities c = new Capabilities(Set.of(OrderType.LIMIT), Set.of(TimeInForce.GTC),
                Set.of(AssetClass.FX), 1);
        List<Runnable> mutations = List.of(
                () -> c.orderTypes().add(OrderType.MARKET),
                () -> c.timeInForces().clear(),
                () -> c.assetClasses().remove(AssetClass.FX));
        for (Runnable m : mutations) {
            try {
                m.run();
                fail("capabilities must not be changeable");
            } catch (UnsupportedOperationException expected) {
                // fine
            }
        }
        assertEquals(Set.of(OrderType.LIMIT), c.orderTypes());
        assertEquals(Set.of(TimeInForce.GTC), c.timeInForces());
        assertEquals(Set.of(AssetClass.FX), c.assetClasses());
    }

    @Test
    public void negativeRateIsRejected() {
        try {
            new Capabilities(Set.of(), Set.of(), Set.of(), -1);
            fail("negative rate");
        } catch (IllegalArgumentException ex) {
            assertEquals("maxOrdersPerSecond: must not be negative (was -1)", ex.getMessage());
        }
    }

    @Test
    public void marketDataOnlyTakesNoOrders() {
        Capabilities c = Capabilities.marketDataOnly(Set.of(AssetClass.EQUITY, AssetClass.INDEX));
        assertTrue(c.orderTypes().isEmpty());
        assertTrue(c.timeInForces().isEmpty());
        assertEquals(EnumSet.of(AssetClass.EQUITY, AssetClass.INDEX), c.assetClasses());
        assertEquals(0, c.maxOrdersPerSecond());
    }
}
