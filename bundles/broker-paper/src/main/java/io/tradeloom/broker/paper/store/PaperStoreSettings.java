package io.tradeloom.broker.paper.store;

import io.tradeloom.domain.config.Settings;

import java.util.Map;

/**
 * Whether and how the paper venue keeps its state on disk.
 *
 * @param persist     true: orders, executions and resting orders are kept in
 *                    {@code ${karaf.data}/tradeloom/paper/<venueId>.mv} and come back after a restart;
 *                    false: in memory only (a restart forgets them)
 * @param flushMillis how often the store's writer commits what changed; a kill -9 loses at most about this much
 */
public record PaperStoreSettings(boolean persist, int flushMillis) {

    public static final String KEY_PERSIST = "persist";
    public static final String KEY_FLUSH_MS = "persist.flush.ms";
    public static final int DEFAULT_FLUSH_MS = 10;

    public static PaperStoreSettings defaults() {
        return new PaperStoreSettings(true, DEFAULT_FLUSH_MS);
    }

    /**
     * @throws io.tradeloom.domain.config.SettingsException naming file, key and value, e.g.
     *                                                      {@code io.tradeloom.broker.paper-default.cfg: persist=maybe must be true or false}
     */
    public static PaperStoreSettings parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        return new PaperStoreSettings(s.bool(KEY_PERSIST, true),
                (int) s.integer(KEY_FLUSH_MS, DEFAULT_FLUSH_MS, 1, 10_000));
    }
}
