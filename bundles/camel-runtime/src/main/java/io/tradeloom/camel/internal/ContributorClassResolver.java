package io.tradeloom.camel.internal;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultClassResolver;


/**
 * Camel resolves some classes of a route by name (exception types of onException/doCatch, bean types) with the
 * context's class loader, which is this bundle's and cannot see the classes of the bundle that contributed the
 * route. Falls back to the class loaders of the bundles whose routes are deployed; a bundle's loader leaves with
 * its routes.
 */
final class ContributorClassResolver extends DefaultClassResolver {

    /** Loader -> number of deployed route contributions from it (a bundle can register several builders). */
    private final java.util.Map<ClassLoader, Integer> contributors = new java.util.concurrent.ConcurrentHashMap<>();

    ContributorClassResolver(CamelContext context) {
        super(context);
    }

    void addContributor(ClassLoader loader) {
        contributors.merge(loader, 1, Integer::sum);
    }

    void removeContributor(ClassLoader loader) {
        contributors.computeIfPresent(loader, (l, n) -> n == 1 ? null : n - 1);
    }

    @Override
    protected Class<?> loadClass(String name, ClassLoader loader) {
        Class<?> found = super.loadClass(name, loader);
        if (found != null) {
            return found;
        }
        for (ClassLoader contributor : contributors.keySet()) {
            try {
                return contributor.loadClass(name);
            } catch (ClassNotFoundException | LinkageError e) {
                // Not this bundle's: try the next one.
            }
        }
        return null;
    }
}
