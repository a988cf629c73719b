package io.tradeloom.reconciliation.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link BundleContext} for components built outside OSGi: {@code registerService} hands the service to a
 * callback (the test wires it where the framework would) and keeps it; every other method throws.
 */
final class TestBundleContext {

    final List<Object> services = new CopyOnWriteArrayList<>();
    private final Consumer<Object> onRegister;

    TestBundleContext(Consumer<Object> onRegister) {
        this.onRegister = onRegister;
    }

    <T> T service(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getName() + " registered"));
    }

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (self, m, args) -> switch (m.getName()) {
                    case "registerService" -> {
                        services.add(args[1]);
                        onRegister.accept(args[1]);
                        yield registration(args[1]);
                    }
                    case "toString" -> "TestBundleContext";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("BundleContext." + m.getName());
                });
    }

    private ServiceRegistration<?> registration(Object service) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServiceRegistration.class}, (self, m, args) -> switch (m.getName()) {
                    case "unregister" -> {
                        services.remove(service);
                        yield null;
                    }
                    case "toString" -> "TestRegistration[" + service + "]";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException("ServiceRegistration." + m.getName());
                });
    }
}
