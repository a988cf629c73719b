package io.tradeloom.benchmarks;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;

/**
 * Just enough OSGi to build the platform's components with their constructors: a {@link BundleContext}
 * ({@link Proxy}) whose {@code registerService} records the service, so the benchmark can hand every
 * contributed {@code RoutesBuilder} to its CamelContext as the camel-runtime bundle would, and a
 * {@link ServiceReference} whose bundle has a given symbolic name. Every other method throws, so an unexpected
 * use of the framework is loud rather than silently wrong.
 */
final class FakeBundleContext {

    /** One registerService call. */
    static final class Registration {
        final List<String> classes;
        final Object service;
        volatile boolean unregistered;

        Registration(List<String> classes, Object service) {
            this.classes = classes;
            this.service = service;
        }
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final BundleContext proxy;

    FakeBundleContext() {
        proxy = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{BundleContext.class}, this::context);
    }

    BundleContext context() {
        return proxy;
    }

    /** The live (not unregistered) services registered under this class, in registration order. */
    synchronized <T> List<T> services(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Registration r : registrations) {
            if (!r.unregistered && r.classes.contains(type.getName())) {
                out.add(type.cast(r.service));
            }
        }
        return out;
    }

    /** A reference whose {@code getBundle().getSymbolicName()} is {@code symbolicName}. */
    @SuppressWarnings("unchecked")
    static <T> ServiceReference<T> reference(String symbolicName) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(FakeBundleContext.class.getClassLoader(),
                new Class<?>[]{Bundle.class}, (self, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "toString" -> "FakeBundle[" + symbolicName + "]";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == a[0];
                    default -> throw new UnsupportedOperationException("FakeBundle." + m.getName());
                });
        return (ServiceReference<T>) Proxy.newProxyInstance(FakeBundleContext.class.getClassLoader(),
                new Class<?>[]{ServiceReference.class}, (self, m, a) -> switch (m.getName()) {
                    case "getBundle" -> bundle;
                    case "toString" -> "FakeServiceReference[" + symbolicName + "]";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == a[0];
                    default -> throw new UnsupportedOperationException("FakeServiceReference." + m.getName());
                });
    }

    private Object context(Object self, Method m, Object[] args) {
        return switch (m.getName()) {
            case "registerService" -> register(args[0], args[1]);
            case "toString" -> "FakeBundleContext";
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            default -> throw new UnsupportedOperationException("FakeBundleContext." + m.getName());
        };
    }

    private synchronized ServiceRegistration<?> register(Object clazz, Object service) {
        List<String> names;
        if (clazz instanceof Class<?> c) {
            names = List.of(c.getName());
        } else if (clazz instanceof String s) {
            names = List.of(s);
        } else {
            names = Arrays.asList((String[]) clazz);
        }
        Registration r = new Registration(names, service);
        registrations.add(r);
        InvocationHandler h = (self, m, a) -> switch (m.getName()) {
            case "unregister" -> {
                if (r.unregistered) {
                    throw new IllegalStateException("service already unregistered: " + names);
                }
                r.unregistered = true;
                yield null;
            }
            case "setProperties" -> null;
            case "toString" -> "FakeServiceRegistration" + names;
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == a[0];
            default -> throw new UnsupportedOperationException("FakeServiceRegistration." + m.getName());
        };
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServiceRegistration.class}, h);
    }
}
