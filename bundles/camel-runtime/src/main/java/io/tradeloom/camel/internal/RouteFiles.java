package io.tradeloom.camel.internal;

import io.tradeloom.camel.api.RouteFileStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the routes of each YAML file in the routes folder in step with the file: a new file adds its routes,
 * a changed file replaces exactly its own routes, a deleted file removes them. A file that fails to load leaves
 * its previous routes running (like a bad .cfg value leaves the previous configuration in force) and is
 * reported with the reason.
 *
 * <p>Camel's own RouteWatcherReloadStrategy reloads every file's routes on any change and keeps no per-file
 * error, which is why this is written here.
 */
final class RouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    /** Failed files are retried this often (in scans) in case what they referenced has arrived since. */
    private static final int RETRY_FAILED_EVERY = 10;

    private final CamelContext context;
    private final RouteTable table;
    private final Path dir;
    private final Map<String, FileState> files = new TreeMap<>();
    private int scans;

    private static final class FileState {
        long lastModified;
        long size;
        String content;
        String goodContent;
        List<String> routeIds = List.of();
        String error;
        Instant changedAt = Instant.now();
    }

    RouteFiles(CamelContext context, RouteTable table, Path dir) {
        this.context = context;
        this.table = table;
        this.dir = dir;
    }

    Path directory() {
        return dir;
    }

    /** One pass over the folder. Called from a single scheduler thread; the table lock serializes route changes. */
    void scan() {
        scans++;
        Map<String, Path> present = list();
        for (Map.Entry<String, Path> e : present.entrySet()) {
            String name = e.getKey();
            Path path = e.getValue();
            FileState state;
            synchronized (files) {
                state = files.get(name);
            }
            try {
                long modified = Files.getLastModifiedTime(path).toMillis();
                long size = Files.size(path);
                // Only files with nothing running are retried: retrying one whose previous version runs would restart
                // those routes every time for nothing.
                boolean retry = state != null && state.error != null && state.goodContent == null
                        && scans % RETRY_FAILED_EVERY == 0;
                if (state != null && state.lastModified == modified && state.size == size && !retry) {
                    continue;
                }
                String content = Files.readString(path, StandardCharsets.UTF_8);
                if (state == null) {
                    state = new FileState();
                    synchronized (files) {
                        files.put(name, state);
                    }
                } else if (content.equals(state.content) && !retry) {
                    state.lastModified = modified;
                    state.size = size;
                    continue;
                }
                state.lastModified = modified;
                state.size = size;
                state.content = content;
                load(name, state, retry);
            } catch (IOException ex) {
                // A file being written can vanish or be half there; the next scan sees its final form.
                LOG.debug("route file {} not readable yet: {}", name, ex.toString());
            }
        }
        List<String> gone = new ArrayList<>();
        synchronized (files) {
            for (String name : files.keySet()) {
                if (!present.containsKey(name)) {
                    gone.add(name);
                }
            }
        }
        for (String name : gone) {
            FileState state;
            synchronized (files) {
                state = files.remove(name);
            }
            table.remove(state.routeIds);
            LOG.info("route file {} deleted: removed routes {}", name, state.routeIds);
        }
    }

    private void load(String name, FileState state, boolean retry) {
        String origin = "routes/" + name;
        synchronized (table) {
            List<String> previous = state.routeIds;
            table.remove(previous);
            try {
                List<String> ids = addContent(name, state.content, origin);
                state.routeIds = ids;
                state.goodContent = state.content;
                state.error = null;
                state.changedAt = Instant.now();
                LOG.info("route file {} {}: routes {}", name, previous.isEmpty() && !retry ? "loaded" : "reloaded",
                        ids);
            } catch (Exception ex) {
                String reason = reason(ex);
                boolean newError = !reason.equals(state.error);
                state.error = reason;
                state.changedAt = Instant.now();
                state.routeIds = List.of();
                if (state.goodContent != null) {
                    try {
                        state.routeIds = addContent(name, state.goodContent, origin);
                    } catch (Exception again) {
                        LOG.error("route file {}: could not restore the previous version either: {}", name,
                                reason(again));
                    }
                }
                if (newError) {
                    LOG.error("route file {} is broken, {}: {}", name, state.routeIds.isEmpty()
                            ? "it has no routes running" : "its previous routes " + state.routeIds
                            + " keep running", reason);
                }
            }
        }
    }

    private List<String> addContent(String name, String content, String origin) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + dir.resolve(name), content);
        // The YAML loader is asked for by name: Camel picks loaders by file extension and has none for ".yml".
        Collection<RoutesBuilder> builders = List.of(PluginHelper.getRoutesLoader(context).getRoutesLoader("yaml")
                .loadRoutesBuilder(resource));
        List<String> ids = new ArrayList<>();
        try {
            for (RoutesBuilder builder : builders) {
                ids.addAll(table.add(builder, origin));
            }
        } catch (Exception e) {
            table.remove(ids);
            throw e;
        }
        return ids;
    }

    private Map<String, Path> list() {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p)) {
                    out.put(n, p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list routes folder {}: {}", dir, e.toString());
        }
        return out;
    }

    /** The innermost message is usually the useful one (a YAML line/column, an unknown endpoint). */
    static String reason(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (Throwable c = t; c != null && seen.size() < 4; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            m = m.replaceAll("\\s+", " ").trim();
            if (seen.add(m)) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(m.length() > 300 ? m.substring(0, 300) + "..." : m);
            }
        }
        return sb.toString();
    }

    List<RouteFileStatus> status() {
        List<RouteFileStatus> out = new ArrayList<>();
        synchronized (files) {
            files.forEach((name, s) -> out.add(new RouteFileStatus(name, s.error == null, s.error,
                    List.copyOf(s.routeIds), s.changedAt)));
        }
        return out;
    }
}
