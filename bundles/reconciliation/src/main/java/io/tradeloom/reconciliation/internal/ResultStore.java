package io.tradeloom.reconciliation.internal;

import io.tradeloom.reconciliation.api.ReconciliationRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reconciliation runs, one JSON file each in {@code runs/} ({@code <id>.json}), written atomically (temp file +
 * move) and read back on start; only the newest {@code keep} are kept.
 */
public final class ResultStore {

    private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);

    private final Path dir;
    private final LinkedList<ReconciliationRun> runs = new LinkedList<>();
    private volatile int keep;

    public ResultStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
        load();
    }

    void keep(int keep) {
        this.keep = keep;
        prune();
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<ReconciliationRun> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                try {
                    loaded.add(Json.MAPPER.readValue(p.toFile(), ReconciliationRun.class));
                } catch (IOException e) {
                    LOG.error("{}: reconciliation result not readable, skipped: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("{}: reconciliation results not read: {}", dir, e.toString());
        }
        loaded.sort(Comparator.comparing(ReconciliationRun::startedAt).reversed());
        synchronized (runs) {
            runs.addAll(loaded);
        }
        prune();
    }

    public void add(ReconciliationRun run) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(run.id() + ".json.tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), run);
            Files.move(tmp, dir.resolve(run.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("{}: reconciliation run {} not written ({}); it is kept in memory only", dir, run.id(),
                    e.toString());
        }
        synchronized (runs) {
            runs.addFirst(run);
        }
        prune();
    }

    private void prune() {
        List<ReconciliationRun> dropped = new ArrayList<>();
        synchronized (runs) {
            while (runs.size() > keep) {
                dropped.add(runs.removeLast());
            }
        }
        for (ReconciliationRun r : dropped) {
            try {
                Files.deleteIfExists(dir.resolve(r.id() + ".json"));
            } catch (IOException e) {
                LOG.warn("{}: old run {} not deleted: {}", dir, r.id(), e.toString());
            }
        }
    }

    public List<ReconciliationRun> newest(int max) {
        synchronized (runs) {
            return runs.stream().limit(Math.max(0, max)).toList();
        }
    }

    public Optional<ReconciliationRun> get(String id) {
        synchronized (runs) {
            return runs.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    /** The newest run started by {@code trigger}. */
    public Optional<ReconciliationRun> lastBy(String trigger) {
        synchronized (runs) {
            return runs.stream().filter(r -> r.trigger().equals(trigger) && r.errors().isEmpty()).findFirst();
        }
    }
}
