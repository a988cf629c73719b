package io.tradeloom.core.venues;

import io.tradeloom.domain.venue.Venue;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import java.lang.reflect.Proxy;

/** Lets tests in other packages deploy and undeploy venues the way Declarative Services would. */
public final class Venues {

    private Venues() {
    }

    public static void deploy(VenueRegistry registry, Venue venue, String bundleSymbolicName) {
        registry.addVenue(venue, reference(bundleSymbolicName));
    }

    public static void undeploy(VenueRegistry registry, Venue venue) {
        registry.removeVenue(venue);
    }

    public static void shutdown(VenueRegistry registry) {
        registry.deactivate();
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<Venue> reference(String bundleSymbolicName) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Venues.class.getClassLoader(), new Class<?>[]{Bundle.class},
                (self, m, args) -> switch (m.getName()) {
                    case "getSymbolicName" -> bundleSymbolicName;
                    case "toString" -> "FakeBundle[" + bundleSymbolicName + "]";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("FakeBundle." + m.getName());
                });
        return (ServiceReference<Venue>) Proxy.newProxyInstance(Venues.class.getClassLoader(),
                new Class<?>[]{ServiceReference.class}, (self, m, args) -> switch (m.getName()) {
                    case "getBundle" -> bundle;
                    case "toString" -> "FakeServiceReference[" + bundleSymbolicName + "]";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("FakeServiceReference." + m.getName());
                });
    }
}
