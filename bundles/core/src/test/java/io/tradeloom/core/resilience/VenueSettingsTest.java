package io.tradeloom.core.resilience;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import org.junit.Test;

import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class VenueSettingsTest {

    private static final Map<String, Object> PROPS = Map.of(
            "felix.fileinstall.filename", "file:/x/etc/io.tradeloom.resilience.cfg",
            "default.rate.limit", "10",
            "venue.fix-gs.rate.limit", "50",
            "venue.fix-gs.rate.when.limited", "reject",
            "default.breaker.open.ms", "5000");

    @Test
    public void venueKeyWinsOverDefaultWhichWinsOverBuiltIn() {
        Settings s = new Settings(PROPS);
        VenueSettings gs = VenueSettings.parse(s, "fix-gs");
        VenueSettings other = VenueSettings.parse(s, "paper");
        assertEquals(50, gs.rateLimit());
        assertEquals(VenueSettings.WhenLimited.REJECT, gs.whenLimited());
        assertEquals(10, other.rateLimit());
        assertEquals(VenueSettings.WhenLimited.QUEUE, other.whenLimited());
        assertEquals(5000, other.openMillis());
        assertEquals(VenueSettings.defaults().windowSize(), other.windowSize());
    }

    @Test
    public void unknownSettingAndBadValueNameFileKeyAndValue() {
        try {
            VenueSettings.validate(new Settings(Map.of("venue.paper.rate.limt", "5")),
                    Map.of("venue.paper.rate.limt", "5"));
            fail("a misspelt key was accepted");
        } catch (SettingsException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("venue.paper.rate.limt=5"));
        }
        Map<String, Object> bad = Map.of("felix.fileinstall.filename", "file:/x/etc/io.tradeloom.resilience.cfg",
                "venue.paper.retry.jitter", "2");
        try {
            VenueSettings.validate(new Settings(bad), bad);
            fail("a jitter of 2 was accepted");
        } catch (SettingsException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("io.tradeloom.resilience.cfg: venue.paper.retry.jitter=2"));
        }
    }
}
