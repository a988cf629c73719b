package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-day batch: every report whose execution time falls on the trading date (in the configured time
 * zone), one JSON and one CSV file per account and venue under {@code <dir>/<date>/}. Files are written under a
 * temporary name and renamed into place; running the batch again for a date rewrites the same files with the
 * same content (plus any late reports), so a repeated or caught-up trigger is harmless.
 */
public final class EodBatcher {

    private final ReportStore store;
    private final Path dir;
    private final ZoneId zone;

    public EodBatcher(ReportStore store, Path dir, ZoneId zone) {
        this.store = store;
        this.dir = dir;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The trading date a trigger firing at {@code now} reports on. */
    public LocalDate tradingDate(Instant now) {
        return LocalDate.ofInstant(now, zone);
    }

    /** Writes the batch of one date; returns the files written. */
    public List<Path> run(LocalDate date) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, List<TransactionReport>> groups = new TreeMap<>();
        for (TransactionReport r : store.reportsBetween(from, to)) {
            String key = safe(r.account() == null ? "none" : r.account()) + "__" + safe(r.venue());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Path day = dir.resolve(date.toString());
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(day);
            for (var e : groups.entrySet()) {
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                ReportCodec.writeJsonArray(e.getValue(), json);
                written.add(write(day.resolve(e.getKey() + ".json"), json.toByteArray()));
                written.add(write(day.resolve(e.getKey() + ".csv"), ReportCodec.csvDocument(e.getValue())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("end-of-day batch " + date + " in " + day + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static Path write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
