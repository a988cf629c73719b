package io.tradeloom.camel.internal;

import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.camel.api.RouteFileStatus;
import io.tradeloom.camel.api.RouteInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.ManagementStatisticsLevel;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.ExplicitCamelContextNameStrategy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the container's CamelContext. Routes arrive as {@link RoutesBuilder} services from other bundles
 * (removed again when the service leaves) and as YAML files in the routes folder.
 */
@Component(service = {}, immediate = true, configurationPid = "io.tradeloom.camel")
@Designate(ocd = CamelRuntimeComponent.Config.class)
public class CamelRuntimeComponent implements CamelRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(CamelRuntimeComponent.class);

    @ObjectClassDefinition(name = "Tradeloom Camel runtime")
    public @interface Config {
        @AttributeDefinition(description = "Route files folder; empty means ${karaf.base}/routes")
        String routes_dir() default "";

        @AttributeDefinition(description = "How often the routes folder is scanned, in milliseconds")
        long routes_scan_interval_ms() default 500;

        @AttributeDefinition(description = "How long a stopping route waits for in-flight exchanges, in seconds")
        long route_stop_timeout_s() default 5;

        @AttributeDefinition(description = "Camel's JMX statistics: Default (per route and per processor),"
                + " RoutesOnly (per route: exchanges, failures, times, what tradeloom:routes shows), Extended, Off")
        String statistics_level() default "Default";
    }

    /**
     * {@code statistics.level}: Camel's own default keeps per-processor statistics, which time every step of
     * every exchange; RoutesOnly keeps what tradeloom:routes needs. On the Polygon normalization benchmark the two
     * measured the same on the idle machine (BENCHMARKS.md), so Camel's default stays. A wrong value is logged,
     * naming it, and the default is used.
     */
    static ManagementStatisticsLevel statisticsLevel(String value) {
        for (ManagementStatisticsLevel level : ManagementStatisticsLevel.values()) {
            if (level.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return level;
            }
        }
        LOG.error("etc/io.tradeloom.camel.cfg: statistics.level = {} is not one of {}; Default is used", value,
                java.util.Arrays.toString(ManagementStatisticsLevel.values()));
        return ManagementStatisticsLevel.Default;
    }

    /** Builders that arrived before activation, or while the context is not running. */
    private final Map<RoutesBuilder, String> pending = new LinkedHashMap<>();
    private final Map<RoutesBuilder, List<String>> contributed = new LinkedHashMap<>();

    private volatile DefaultCamelContext context;
    private volatile ContributorClassResolver classResolver;
    private volatile RouteTable table;
    private volatile RouteFiles files;
    private ScheduledExecutorService scanner;
    private ServiceRegistration<?> runtimeRegistration;
    private ServiceRegistration<?> contextRegistration;

    @Activate
    void activate(BundleContext bundleContext, Config config) throws Exception {
        ClassLoader bundleLoader = getClass().getClassLoader();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(bundleLoader);
        try {
            DefaultCamelContext ctx = new DefaultCamelContext();
            ctx.setApplicationContextClassLoader(bundleLoader);
            ctx.setNameStrategy(new ExplicitCamelContextNameStrategy("tradeloom"));
            classResolver = new ContributorClassResolver(ctx);
            ctx.setClassResolver(classResolver);
            ctx.getShutdownStrategy().setTimeout(config.route_stop_timeout_s());
            if (ctx.getManagementStrategy() != null && ctx.getManagementStrategy().getManagementAgent() != null) {
                ctx.getManagementStrategy().getManagementAgent()
                        .setStatisticsLevel(statisticsLevel(config.statistics_level()));
            }
            ctx.start();
            this.context = ctx;
            this.table = new RouteTable(ctx, config.route_stop_timeout_s());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        synchronized (pending) {
            pending.forEach(this::addContribution);
            pending.clear();
        }
        Path dir = config.routes_dir().isBlank()
                ? Paths.get(System.getProperty("karaf.base", "."), "routes") : Paths.get(config.routes_dir());
        files = new RouteFiles(context, table, dir.toAbsolutePath().normalize());
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tradeloom-route-files");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(100, config.routes_scan_interval_ms());
        scanner.scheduleWithFixedDelay(this::scanSafely, 0, interval, TimeUnit.MILLISECONDS);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", "tradeloom");
        contextRegistration = bundleContext.registerService(CamelContext.class, context, props);
        runtimeRegistration = bundleContext.registerService(CamelRuntime.class, this, props);
        LOG.info("Camel {} context 'tradeloom' started; route files from {}", context.getVersion(), dir);
    }

    private void scanSafely() {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try {
            files.scan();
        } catch (RuntimeException e) {
            // Never let one bad scan end the scanner: the next file change must still be seen.
            LOG.error("route file scan failed: {}", RouteFiles.reason(e), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Deactivate
    void deactivate() {
        if (runtimeRegistration != null) {
            runtimeRegistration.unregister();
        }
        if (contextRegistration != null) {
            contextRegistration.unregister();
        }
        if (scanner != null) {
            scanner.shutdownNow();
        }
        if (context != null) {
            context.stop();
            context = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = RoutesBuilder.class)
    void addRoutesBuilder(RoutesBuilder builder, ServiceReference<RoutesBuilder> ref) {
        String origin = "bundle:" + ref.getBundle().getSymbolicName();
        synchronized (pending) {
            if (context == null) {
                pending.put(builder, origin);
                return;
            }
        }
        addContribution(builder, origin);
    }

    void removeRoutesBuilder(RoutesBuilder builder) {
        synchronized (pending) {
            pending.remove(builder);
        }
        List<String> ids;
        synchronized (contributed) {
            ids = contributed.remove(builder);
        }
        if (ids != null && table != null) {
            table.remove(ids);
            LOG.info("removed routes {}", ids);
        }
        if (classResolver != null) {
            classResolver.removeContributor(builder.getClass().getClassLoader());
        }
    }

    private void addContribution(RoutesBuilder builder, String origin) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try {
            classResolver.addContributor(builder.getClass().getClassLoader());
            List<String> ids = table.add(builder, origin);
            synchronized (contributed) {
                contributed.put(builder, ids);
            }
            LOG.info("added routes {} from {}", ids, origin);
        } catch (Exception e) {
            LOG.error("routes from {} could not be added: {}", origin, RouteFiles.reason(e), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public CamelContext context() {
        return context;
    }

    @Override
    public List<RouteInfo> routes() {
        RouteTable t = table;
        return t == null ? List.of() : t.info();
    }

    @Override
    public List<RouteFileStatus> routeFiles() {
        RouteFiles f = files;
        return f == null ? List.of() : f.status();
    }

    @Override
    public Path routesDirectory() {
        RouteFiles f = files;
        return f == null ? null : f.directory();
    }
}
