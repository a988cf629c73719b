package io.tradeloom.camel.api;

import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.util.List;

/**
 * The container's single CamelContext and what runs in it. Registered as an OSGi service once the context is
 * started. Bundles that contribute routes register {@code org.apache.camel.RoutesBuilder} services instead of
 * calling {@code addRoutes} themselves, so that their routes leave with them.
 */
public interface CamelRuntime {

    CamelContext context();

    /** All routes with their figures and origin. */
    List<RouteInfo> routes();

    /** Every route file seen in the routes folder, loaded or failed. */
    List<RouteFileStatus> routeFiles();

    Path routesDirectory();
}
