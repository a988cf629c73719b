package io.tradeloom.domain.venue;

import io.tradeloom.domain.instrument.AssetClass;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.Test;

import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

public class VenueDescriptorTest {

    private static final Capabilities CAPS = new Capabilities(Set.of(OrderType.MARKET), Set.of(TimeInForce.DAY),
            Set.of(AssetClass.EQUITY), 0);

    private static VenueDescriptor venue(String id) {
        return new VenueDescriptor(id, VenueKind.BROKER, "paper", CAPS);
    }

    @Test
    public void validIds() {
        for (String id : new String[] {"paper", "fix-gs", "sim", "a", "0", "9lives", "fix.gs_2-b",
                "a" + "b".repeat(63)}) {
            assertEquals(id, venue(id).id());
        }
    }

    @Test
    public void invalidIdsAreRejectedWithThePattern() {
        for (String id : new String[] {"", "Paper", "FIX", "-paper", ".paper", "_paper", "pa per", "pa/per",
                "pa:per", "päper", "a" + "b".repeat(64)}) {
            try {
                venue(id);
                fail("'" + id + "' should be rejected");
            } catch (IllegalArgumentException ex) {
                assertEquals("venue id '" + id + "' must match [a-z0-9][a-z0-9._-]{0,63}", ex.getMessage());
            }
        }
    }

    @Test
    public void fieldsAreKept() {
        VenueDescriptor d = new VenueDescriptor("md", VenueKind.VENDOR, "sim",
                Capabilities.marketDataOnly(Set.of(AssetClass.CRYPTO)));
        assertSame(VenueKind.VENDOR, d.kind());
        assertEquals("sim", d.adapter());
        assertEquals(Set.of(AssetClass.CRYPTO), d.capabilities().assetClasses());
    }

    @Test
    public void nullsAreNamed() {
        try {
            new VenueDescriptor("paper", VenueKind.BROKER, null, CAPS);
            fail("adapter is required");
        } catch (NullPointerException ex) {
            assertEquals("adapter", ex.getMessage());
        }
        try {
            new VenueDescriptor(null, VenueKind.BROKER, "paper", CAPS);
            fail("id is required");
        } catch (NullPointerException ex) {
            assertEquals("id", ex.getMessage());
        }
    }

    @Test
    public void venueDefaultIdComesFromTheDescriptor() {
        VenueDescriptor d = venue("fix-gs");
        Venue v = new Venue() {
            @Override
            public VenueDescriptor descriptor() {
                return d;
            }

            @Override
            public VenueHealth health() {
                return VenueHealth.of(VenueState.UP, null);
            }

            @Override
            public java.util.Collection<io.tradeloom.domain.instrument.Instrument> instruments() {
                return java.util.List.of();
            }
        };
        assertEquals("fix-gs", v.id());
        assertEquals("", v.health().detail());
        assertSame(VenueState.UP, v.health().state());
    }
}
