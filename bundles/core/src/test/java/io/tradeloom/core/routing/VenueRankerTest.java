package io.tradeloom.core.routing;

import org.junit.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class VenueRankerTest {

    private static RoutingPolicy policy(double cost, double fill, double latency, double health) {
        return new RoutingPolicy("p", List.of("a", "b", "c"), Map.of("a", new BigDecimal("3"), "b",
                new BigDecimal("1"), "c", new BigDecimal("2")), cost, fill, latency, health, true, BigDecimal.ZERO, 1);
    }

    private static List<String> order(List<VenueScore> ranked) {
        return ranked.stream().map(VenueScore::venue).toList();
    }

    @Test
    public void cheapestFirstWhenOnlyCostCounts() {
        List<VenueScore> r = VenueRanker.rank(policy(1, 0, 0, 0), List.of(
                VenueScore.of("a", 3, 0.9, 10, 1), VenueScore.of("b", 1, 0.1, 900, 1),
                VenueScore.of("c", 2, 0.5, 100, 1)));
        assertEquals(List.of("b", "c", "a"), order(r));
        assertEquals(1.0, r.get(0).score(), 1e-9);
        assertEquals(0.0, r.get(2).score(), 1e-9);
    }

    @Test
    public void fastestFirstWhenOnlyLatencyCountsAndUnknownLatencyIsNeutral() {
        List<VenueScore> r = VenueRanker.rank(policy(0, 0, 1, 0), List.of(
                VenueScore.of("a", 3, 0.9, 500, 1), VenueScore.of("b", 1, 0.1, -1, 1),
                VenueScore.of("c", 2, 0.5, 100, 1)));
        assertEquals(List.of("c", "b", "a"), order(r));
        assertEquals(0.5, r.get(1).score(), 1e-9);
    }

    @Test
    public void fillRateAndHealthWeighTogether() {
        // a fills more, b is healthier; health weighs double, so b wins.
        List<VenueScore> r = VenueRanker.rank(policy(0, 1, 0, 2), List.of(
                VenueScore.of("a", 0, 0.9, -1, 0.5), VenueScore.of("b", 0, 0.6, -1, 1)));
        assertEquals(List.of("b", "a"), order(r));
        assertEquals((0.6 + 2) / 3, r.get(0).score(), 1e-9);
    }

    @Test
    public void tiesKeepTheConfiguredOrder() {
        List<VenueScore> r = VenueRanker.rank(policy(1, 1, 1, 1), List.of(
                VenueScore.of("c", 1, 0.5, 10, 1), VenueScore.of("a", 1, 0.5, 10, 1)));
        assertEquals(List.of("c", "a"), order(r));
    }

    @Test
    public void policyFromConfiguration() {
        RoutingPolicy p = RoutingPolicy.parse(Map.of("name", "smart", "venues", "paper, paper2", "cost.paper2", "0.5",
                "weight.latency", "0", "failover", "false", "split.threshold", "1000", "max.slices", "3"));
        assertEquals(List.of("paper", "paper2"), p.venues());
        assertEquals(0, new BigDecimal("0.5").compareTo(p.cost("paper2")));
        assertEquals(0, BigDecimal.ZERO.compareTo(p.cost("paper")));
        assertFalse(p.failover());
        assertTrue(p.splits(new BigDecimal("1000")));
        assertFalse(p.splits(new BigDecimal("999")));
        assertEquals(0.0, p.weightLatency(), 0);
    }

    @Test
    public void badConfigurationNamesTheKeyAndValue() {
        try {
            RoutingPolicy.parse(Map.of("name", "smart", "venues", "paper", "cost.nowhere", "1"));
            fail("accepted a cost of a venue outside the policy");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("cost.nowhere=1"));
        }
        try {
            RoutingPolicy.parse(Map.of("name", "smart", "venues", "paper", "max.slices", "0"));
            fail("accepted max.slices=0");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("max.slices=0"));
        }
    }
}
