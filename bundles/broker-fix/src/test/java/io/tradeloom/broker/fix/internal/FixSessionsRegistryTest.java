package io.tradeloom.broker.fix.internal;

import io.tradeloom.broker.fix.api.FixSessionInfo;
import org.junit.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class FixSessionsRegistryTest {

    private static final class FakeControl implements FixSessionControl {
        final String id;
        final List<String> calls = new ArrayList<>();

        FakeControl(String id) {
            this.id = id;
        }

        @Override
        public String venueId() {
            return id;
        }

        @Override
        public FixSessionInfo info() {
            return new FixSessionInfo(id, "FIX.4.4:TRADELOOM->" + id, "UP", true, 5, 7, null, null, 1, 2, 0, 0);
        }

        @Override
        public void logon() {
            calls.add("logon");
        }

        @Override
        public void logout(String reason) {
            calls.add("logout " + reason);
        }

        @Override
        public void reset() {
            calls.add("reset");
        }
    }

    @Test
    public void sessionsAreListedByVenueIdAndControlledById() {
        FixSessionsRegistry registry = new FixSessionsRegistry();
        FakeControl b = new FakeControl("b-broker");
        FakeControl a = new FakeControl("a-broker");
        registry.add(b);
        registry.add(a);

        assertEquals(List.of("a-broker", "b-broker"), registry.sessions().stream().map(FixSessionInfo::venueId)
                .toList());
        assertEquals(7, registry.session("b-broker").orElseThrow().nextTargetSeqNum());
        assertFalse(registry.session("c-broker").isPresent());

        registry.logout("a-broker", "end of day");
        registry.logon("a-broker");
        registry.reset("b-broker");
        assertEquals(List.of("logout end of day", "logon"), a.calls);
        assertEquals(List.of("reset"), b.calls);
    }

    @Test
    public void unknownVenueIsNamed() {
        FixSessionsRegistry registry = new FixSessionsRegistry();
        registry.add(new FakeControl("a-broker"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.logon("nope"));
        assertTrue(e.getMessage(), e.getMessage().contains("nope"));
        assertTrue(e.getMessage(), e.getMessage().contains("a-broker"));
    }

    @Test
    public void removeOnlyRemovesThatControl() {
        FixSessionsRegistry registry = new FixSessionsRegistry();
        FakeControl first = new FakeControl("a-broker");
        FakeControl second = new FakeControl("a-broker");
        registry.add(first);
        registry.add(second);
        registry.remove(first);
        assertTrue("a stale instance does not remove its replacement", registry.session("a-broker").isPresent());
        registry.remove(second);
        assertTrue(registry.sessions().isEmpty());
    }
}
