package io.tradeloom.core.halt;

import io.tradeloom.core.api.Halt;
import io.tradeloom.core.api.HaltResult;
import io.tradeloom.core.api.HaltScope;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.security.auth.Subject;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.AccessController;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The emergency halts: kept in memory for the order gateway's check, written to
 * {@code ${karaf.data}/tradeloom/halts.properties} on every change and read back on activation, exported to JMX as
 * {@code io.tradeloom:type=halts}.
 *
 * <p>Configuration (optional PID {@code io.tradeloom.halt}): {@code cancel.on.halt} (default true) is what a halt
 * does with the working orders in scope when the operator does not say; {@code file} moves the halts file.
 *
 * <p>The order service is an optional dynamic reference because the gateway itself needs this service.
 * A halts file that cannot be read fails closed: everything is halted with the reason, until an operator resumes.
 */
@Component(service = HaltService.class, immediate = true, configurationPid = HaltRegistry.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class HaltRegistry implements HaltService, HaltsMXBean {

    public static final String PID = "io.tradeloom.halt";
    public static final String CANCEL_ON_HALT = "cancel.on.halt";
    public static final String FILE = "file";

    private static final Logger LOG = LoggerFactory.getLogger(HaltRegistry.class);
    private static final ObjectName MBEAN_NAME = objectName("io.tradeloom:type=halts");

    private final Path file;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final boolean jmx;
    /** Guarded by this; insertion order = oldest first. */
    private final Map<HaltScope, Halt> halts = new LinkedHashMap<>();
    /** A copy of {@link #halts} for the lock-free check on every order. */
    private volatile List<Halt> snapshot = List.of();
    private volatile boolean cancelOnHalt = true;
    private volatile OrderService orders;

    @Activate
    public HaltRegistry(Map<String, Object> props) {
        this(fileFrom(props), true);
        modified(props);
    }

    /** For tests and tools: halts kept in {@code file}; {@code jmx} registers the MBean. */
    public HaltRegistry(Path file, boolean jmx) {
        this.file = file;
        this.jmx = jmx;
        load();
        if (jmx) {
            try {
                mbeans.registerMBean(new StandardMBean(this, HaltsMXBean.class, true), MBEAN_NAME);
            } catch (Exception e) {
                LOG.warn("halts MBean not registered: {}", e.toString());
            }
        }
    }

    private static Path fileFrom(Map<String, Object> props) {
        Object configured = props == null ? null : props.get(FILE);
        if (configured != null && !configured.toString().isBlank()) {
            return Paths.get(configured.toString().trim());
        }
        String data = System.getProperty("karaf.data", "data");
        return Paths.get(data, "tradeloom", "halts.properties");
    }

    @Modified
    void modified(Map<String, Object> props) {
        Object v = props == null ? null : props.get(CANCEL_ON_HALT);
        if (v == null || v.toString().isBlank()) {
            cancelOnHalt = true;
        } else if (v.toString().trim().equalsIgnoreCase("true") || v.toString().trim().equalsIgnoreCase("false")) {
            cancelOnHalt = Boolean.parseBoolean(v.toString().trim());
        } else {
            LOG.error("io.tradeloom.halt.cfg: {}={}: must be true or false; {} stays {}", CANCEL_ON_HALT, v,
                    CANCEL_ON_HALT, cancelOnHalt);
        }
    }

    public void setCancelOnHalt(boolean cancel) {
        this.cancelOnHalt = cancel;
    }

    @Deactivate
    public void deactivate() {
        if (jmx) {
            try {
                mbeans.unregisterMBean(MBEAN_NAME);
            } catch (Exception e) {
                LOG.debug("halts MBean: {}", e.toString());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void setOrderService(OrderService service) {
        this.orders = service;
    }

    public void unsetOrderService(OrderService service) {
        if (this.orders == service) {
            this.orders = null;
        }
    }

    // ---- HaltService

    @Override
    public HaltResult halt(HaltScope scope, String reason, boolean cancel, String by) {
        Halt halt;
        boolean already;
        synchronized (this) {
            Halt existing = halts.get(scope);
            already = existing != null;
            halt = already ? existing : new Halt(scope, reason, Instant.now(), by);
            if (!already) {
                halts.put(scope, halt);
                changed();
            }
        }
        if (already) {
            LOG.warn("halt {}: already halted since {} by {} ({})", scope, halt.since(), halt.by(), halt.reason());
        } else {
            LOG.warn("HALT {} by {}: {}", scope, halt.by(), halt.reason());
        }
        List<String> canceled = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (cancel) {
            cancelWorking(scope, canceled, failures);
        }
        return new HaltResult(halt, already, canceled, failures);
    }

    /** Sends a cancel for every working order in scope through the gateway; never throws. */
    private void cancelWorking(HaltScope scope, List<String> canceled, List<String> failures) {
        OrderService service = orders;
        if (service == null) {
            failures.add("*: no order service; working orders were not canceled");
            LOG.error("halt {}: no order service; working orders were not canceled", scope);
            return;
        }
        List<Order> open;
        try {
            open = service.orders(true);
        } catch (RuntimeException e) {
            failures.add("*: " + e.getMessage());
            LOG.error("halt {}: could not list the open orders: {}", scope, e.toString());
            return;
        }
        for (Order o : open) {
            if (!working(o.status()) || !scope.covers(o)) {
                continue;
            }
            try {
                service.cancel(o.id());
                canceled.add(o.id());
            } catch (RuntimeException e) {
                failures.add(o.id() + ": " + e.getMessage());
                LOG.error("halt {}: cancel of order {} failed: {}", scope, o.id(), e.getMessage());
            }
        }
        LOG.warn("halt {}: cancel sent for {} working orders{}", scope, canceled.size(),
                failures.isEmpty() ? "" : ", " + failures.size() + " failed");
    }

    /** Orders that may still trade and are not already being canceled. */
    static boolean working(OrderStatus s) {
        return s.open() && s != OrderStatus.PENDING_CANCEL && s != OrderStatus.DONE_FOR_DAY;
    }

    @Override
    public boolean cancelByDefault() {
        return cancelOnHalt;
    }

    @Override
    public Optional<Halt> resume(HaltScope scope) {
        Halt removed;
        synchronized (this) {
            removed = halts.remove(scope);
            if (removed != null) {
                changed();
            }
        }
        if (removed != null) {
            LOG.warn("RESUME {} (halted since {} by {}: {})", scope, removed.since(), removed.by(), removed.reason());
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public List<Halt> active() {
        return snapshot;
    }

    @Override
    public Optional<Halt> haltOf(OrderRequest request) {
        for (Halt h : snapshot) {
            if (h.scope().covers(request)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Halt> venueHalt(String venueId) {
        for (Halt h : snapshot) {
            HaltScope s = h.scope();
            if (s.type() == HaltScope.Type.ALL || (s.type() == HaltScope.Type.VENUE && s.value().equals(venueId))) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    // ---- persistence

    /** Called with the lock held after every change. */
    private void changed() {
        snapshot = List.copyOf(halts.values());
        try {
            save();
        } catch (IOException e) {
            LOG.error("halts could not be written to {}: {}; they are in force but will not survive a restart",
                    file, e.toString());
        }
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        int i = 0;
        for (Halt h : halts.values()) {
            String k = "halt." + i++ + ".";
            p.setProperty(k + "scope", h.scope().type().label());
            if (h.scope().value() != null) {
                p.setProperty(k + "value", h.scope().value());
            }
            p.setProperty(k + "reason", h.reason());
            p.setProperty(k + "since", h.since().toString());
            p.setProperty(k + "by", h.by());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Tradeloom emergency halts (tradeloom:halt / tradeloom:resume); written on every change");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private synchronized void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            TreeSet<Integer> indexes = new TreeSet<>();
            for (String key : p.stringPropertyNames()) {
                String[] parts = key.split("\\.");
                if (parts.length == 3 && parts[0].equals("halt")) {
                    indexes.add(Integer.parseInt(parts[1]));
                }
            }
            List<Halt> loaded = new ArrayList<>();
            for (int i : indexes) {
                String k = "halt." + i + ".";
                HaltScope scope = HaltScope.of(p.getProperty(k + "scope"), p.getProperty(k + "value"));
                String since = p.getProperty(k + "since");
                loaded.add(new Halt(scope, p.getProperty(k + "reason"),
                        since == null ? Instant.now() : Instant.parse(since), p.getProperty(k + "by")));
            }
            loaded.sort(Comparator.comparing(Halt::since));
            loaded.forEach(h -> halts.putIfAbsent(h.scope(), h));
            snapshot = List.copyOf(halts.values());
            if (!halts.isEmpty()) {
                LOG.warn("{} halts in force from {}: {}", halts.size(), file, halts.keySet());
            }
        } catch (IOException | RuntimeException e) {
            // Fail closed: a halt the operator set must not silently disappear.
            String why = "halts file " + file + " unreadable (" + e.getMessage() + "); everything halted until"
                    + " an operator resumes";
            LOG.error(why);
            halts.clear();
            halts.put(HaltScope.all(), new Halt(HaltScope.all(), why, Instant.now(), "system"));
            snapshot = List.copyOf(halts.values());
        }
    }

    public Path file() {
        return file;
    }

    // ---- JMX

    @Override
    public String[] getActiveHalts() {
        return active().stream().map(h -> h.scope() + " | since " + h.since() + " | by " + h.by() + " | "
                + h.reason()).toArray(String[]::new);
    }

    @Override
    public int getActiveHaltCount() {
        return active().size();
    }

    @Override
    public boolean isCancelOnHalt() {
        return cancelOnHalt;
    }

    @Override
    public String halt(String scopeType, String scopeValue, String reason) {
        HaltResult r = halt(HaltScope.of(scopeType, scopeValue), reason, cancelOnHalt, jmxUser());
        return summary(r);
    }

    @Override
    public String resume(String scopeType, String scopeValue) {
        HaltScope scope = HaltScope.of(scopeType, scopeValue);
        return resume(scope).map(h -> "resumed " + scope + " (halted since " + h.since() + " by " + h.by() + ")")
                .orElse(scope + " was not halted");
    }

    /** One line for shell and JMX. */
    public static String summary(HaltResult r) {
        Halt h = r.halt();
        StringBuilder sb = new StringBuilder();
        sb.append(r.alreadyHalted() ? "already halted: " : "halted: ").append(h.scope()).append(" (")
                .append(h.rejectReason()).append(")");
        sb.append("; cancel sent for ").append(r.canceled().size()).append(" working orders");
        if (!r.canceled().isEmpty()) {
            sb.append(' ').append(r.canceled());
        }
        if (!r.cancelFailures().isEmpty()) {
            sb.append("; ").append(r.cancelFailures().size()).append(" cancels failed: ")
                    .append(String.join("; ", r.cancelFailures()));
        }
        return sb.toString();
    }

    @SuppressWarnings("removal")
    private static String jmxUser() {
        try {
            Subject s = Subject.getSubject(AccessController.getContext());
            if (s != null) {
                for (Principal p : s.getPrincipals()) {
                    String cls = p.getClass().getSimpleName();
                    if (cls.contains("User") || cls.equals("JMXPrincipal")) {
                        return "jmx:" + p.getName();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("no JMX subject: {}", e.toString());
        }
        return "jmx";
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
