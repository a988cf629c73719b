package io.tradeloom.camel.api;

import java.time.Instant;
import java.util.List;

/**
 * The state of one file in the routes folder.
 *
 * @param file     file name relative to the routes folder
 * @param loaded   true when the file's current content is what runs
 * @param error    why the current content could not be loaded; null when loaded
 * @param routeIds the routes running from this file (the previous version's when the current one failed)
 * @param changedAt when the file was last (re)loaded or failed
 */
public record RouteFileStatus(String file, boolean loaded, String error, List<String> routeIds, Instant changedAt) {
}
