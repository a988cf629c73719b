package io.tradeloom.camel.internal;

import io.tradeloom.camel.api.RouteInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Adds and removes groups of routes and remembers where each came from. All changes to the context's routes go
 * through here, one at a time, so that "the routes a builder added" is well defined.
 */
final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    private final CamelContext context;
    private final long stopTimeoutSeconds;
    private final Map<String, String> origins = new HashMap<>();

    RouteTable(CamelContext context, long stopTimeoutSeconds) {
        this.context = context;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
    }

    /**
     * Adds the builder's routes and returns their ids. All or nothing: a route id that already runs is refused
     * (Camel would silently replace that route), and if any route fails to start the ones already added are
     * removed again.
     */
    synchronized List<String> add(RoutesBuilder builder, String origin) throws Exception {
        Set<String> before = ids();
        if (builder instanceof RouteBuilder rb) {
            for (RouteDefinition def : rb.configureRoutes(context).getRoutes()) {
                String id = def.getRouteId();
                if (id != null && before.contains(id)) {
                    throw new IllegalArgumentException("route id '" + id + "' is already used by "
                            + origins.getOrDefault(id, "another route"));
                }
            }
        }
        try {
            context.addRoutes(builder);
        } catch (Exception e) {
            List<String> partial = new ArrayList<>();
            for (String id : ids()) {
                if (!before.contains(id)) {
                    partial.add(id);
                }
            }
            remove(partial);
            throw e;
        }
        List<String> added = new ArrayList<>();
        for (String id : ids()) {
            if (!before.contains(id)) {
                added.add(id);
                origins.put(id, origin);
            }
        }
        return added;
    }

    /** Stops (gracefully, in-flight exchanges get the stop timeout to finish) and removes the routes. */
    synchronized void remove(Collection<String> routeIds) {
        for (String id : routeIds) {
            try {
                context.getRouteController().stopRoute(id, stopTimeoutSeconds, TimeUnit.SECONDS);
                context.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("could not remove route {}: {}", id, e.toString());
            }
            origins.remove(id);
        }
    }

    private Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        for (Route r : context.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }

    synchronized List<RouteInfo> info() {
        ManagedCamelContext mcc = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<RouteInfo> out = new ArrayList<>();
        for (Route r : context.getRoutes()) {
            String id = r.getRouteId();
            String origin = origins.getOrDefault(id, "context");
            ManagedRouteMBean m = mcc == null ? null : mcc.getManagedRoute(id);
            if (m != null) {
                long total = m.getExchangesTotal();
                out.add(new RouteInfo(id, m.getState(), origin, total, m.getExchangesFailed(),
                        m.getExchangesInflight(), total == 0 ? -1 : m.getMeanProcessingTime()));
            } else {
                ServiceStatus status = context.getRouteController().getRouteStatus(id);
                out.add(new RouteInfo(id, String.valueOf(status), origin, -1, -1, -1, -1));
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }
}
