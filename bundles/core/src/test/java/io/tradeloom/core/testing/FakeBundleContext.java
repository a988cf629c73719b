package io.tradeloom.core.testing;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;

/**
 * A {@link BundleContext} made with {@link Proxy}: {@code registerService} records the service and returns a
 * {@link ServiceRegistration} proxy whose {@code unregister()} is recorded too (and, as in a real framework,
 * fails the second time). Every other method throws, so an unexpected use shows up in a test.
 */
public final class FakeBundleContext {

    /** One registerService call. */
    public static final class Registration {
        public final List<String> classes;
        public final Object service;
        public final Dictionary<?, ?> properties;
        private boolean unregistered;

        Registration(List<String> classes, Object service, Dictionary<?, ?> properties) {
            this.classes = classes;
            this.service = service;
            this.properties = properties;
        }

        public boolean unregistered() {
            return unregistered;
        }
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final BundleContext proxy;

    public FakeBundleContext() {
        proxy = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{BundleContext.class}, this::context);
    }

    public BundleContext context() {
        return proxy;
    }

    public synchronized List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /** The registrations of this service class, in order. */
    public synchronized List<Registration> registrations(Class<?> type) {
        List<Registration> out = new ArrayList<>();
        for (Registration r : registrations) {
            if (r.classes.contains(type.getName())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The one service registered under this class and not unregistered. */
    public <T> T service(Class<T> type) {
        List<Registration> live = registrations(type).stream().filter(r -> !r.unregistered).toList();
        if (live.size() != 1) {
            throw new AssertionError("expected one live " + type.getName() + " registration, found " + live.size());
        }
        return type.cast(live.get(0).service);
    }

    private Object context(Object self, Method m, Object[] args) {
        switch (m.getName()) {
            case "registerService":
                return register(args[0], args[1], (Dictionary<?, ?>) args[2]);
            case "toString":
                return "FakeBundleContext";
            case "hashCode":
                return System.identityHashCode(self);
            case "equals":
                return self == args[0];
            default:
                throw new UnsupportedOperationException("FakeBundleContext." + m.getName());
        }
    }

    private synchronized ServiceRegistration<?> register(Object clazz, Object service, Dictionary<?, ?> props) {
        List<String> names;
        if (clazz instanceof Class<?> c) {
            names = List.of(c.getName());
        } else if (clazz instanceof String s) {
            names = List.of(s);
        } else {
            names = Arrays.asList((String[]) clazz);
        }
        Registration r = new Registration(names, service, props);
        registrations.add(r);
        InvocationHandler h = (self, m, a) -> {
            switch (m.getName()) {
                case "unregister":
                    synchronized (FakeBundleContext.this) {
                        if (r.unregistered) {
                            throw new IllegalStateException("service already unregistered: " + names);
                        }
                        r.unregistered = true;
                    }
                    return null;
                case "setProperties":
                    return null;
                case "toString":
                    return "FakeServiceRegistration" + names;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == a[0];
                default:
                    throw new UnsupportedOperationException("FakeServiceRegistration." + m.getName());
            }
        };
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServiceRegistration.class}, h);
    }
}
