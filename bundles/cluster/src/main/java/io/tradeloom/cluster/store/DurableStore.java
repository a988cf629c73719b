package io.tradeloom.cluster.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The member's durable copy of its shared maps: one H2 MVStore file ({@value #FILE_NAME}) in the data folder.
 * Hazelcast open source keeps maps in memory only; this file is what brings orders, client order ids and
 * execution keys back after the whole container restarts. MVStore rather than a hand-written journal: a
 * well-kept embedded key-value store with crash-safe copy-on-write chunks and background compaction.
 */
public final class DurableStore implements AutoCloseable {

    public static final String FILE_NAME = "shared-state.mv.db";
    private static final Logger LOG = LoggerFactory.getLogger(DurableStore.class);

    private final MVStore store;
    private final Path file;

    /**
     * @param flushMillis how often changes are written to the file (MVStore's auto-commit delay); a clean stop
     *                    writes everything, a crash of the JVM loses at most this much
     */
    public DurableStore(Path directory, int flushMillis) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared-state folder " + directory, e);
        }
        this.file = directory.resolve(FILE_NAME);
        // Not a commit per write: each commit is a new chunk in the file, and per-order commits made the file grow
        // by ~100 KB per order and cost milliseconds. The background writer commits every flushMillis instead.
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        store.setAutoCommitDelay(flushMillis);
        LOG.info("shared state stored in {} (written every {} ms and on stop)", file, flushMillis);
    }

    public MVMap<String, String> map(String name) {
        return store.openMap(name);
    }

    /** Writes every change so far to the file now. */
    public void commit() {
        store.commit();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
