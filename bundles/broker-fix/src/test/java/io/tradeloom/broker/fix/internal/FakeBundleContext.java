package io.tradeloom.broker.fix.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

/**
 * A {@link BundleContext} made with {@link Proxy} that knows only {@code registerService}: it records each
 * service and returns a registration whose {@code unregister()} is recorded (and fails the second time, as in a
 * framework). Anything else throws, so an unexpected use of the context shows up in the test.
 */
final class FakeBundleContext {

    static final class Registration {
        final String type;
        final Object service;
        final Dictionary<?, ?> properties;
        volatile boolean unregistered;

        Registration(String type, Object service, Dictionary<?, ?> properties) {
            this.type = type;
            this.service = service;
            this.properties = properties;
        }
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final BundleContext proxy = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{BundleContext.class}, (self, m, args) -> switch (m.getName()) {
                case "registerService" -> register(args[0], args[1], (Dictionary<?, ?>) args[2]);
                case "toString" -> "FakeBundleContext";
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException("BundleContext." + m.getName());
            });

    BundleContext context() {
        return proxy;
    }

    synchronized List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /** The one service registered under this type. */
    synchronized <T> Registration only(Class<T> type) {
        List<Registration> found = registrations.stream().filter(r -> r.type.equals(type.getName())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getName() + " registration, found " + found.size());
        }
        return found.get(0);
    }

    private synchronized ServiceRegistration<?> register(Object clazz, Object service, Dictionary<?, ?> props) {
        String type = clazz instanceof Class<?> c ? c.getName() : clazz instanceof String s ? s
                : String.join(",", (String[]) clazz);
        Registration r = new Registration(type, service, props);
        registrations.add(r);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServiceRegistration.class}, (self, m, a) -> switch (m.getName()) {
                    case "unregister" -> {
                        synchronized (r) {
                            if (r.unregistered) {
                                throw new IllegalStateException("service already unregistered: " + type);
                            }
                            r.unregistered = true;
                        }
                        yield null;
                    }
                    case "toString" -> "FakeServiceRegistration[" + type + "]";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == a[0];
                    default -> throw new UnsupportedOperationException("ServiceRegistration." + m.getName());
                });
    }
}
