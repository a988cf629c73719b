package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The end-of-day batch: every report whose execution time falls on the trading date (in the configured time
 * zone), one JSON and one CSV file per account and venue under {@code <dir>/<date>/}. Files are written under a
 * temporary name and renamed into place; running the batch again for a date rewrites the same files with the
 * same content (plus any late reports), so a repeated or caught-up trigger is harmless.
 *
 * <p>{@code <dir>/.last-fire} holds the last scheduled fire time a batch was written for, so that the fire times
 * missed while the container was down can be caught up on start.
 */
public final class EodBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EodBatcher.class);
    private static final String LAST_FIRE = ".last-fire";

    private final ReportStore store;
    private final Path dir;
    private final ZoneId zone;
    /** Other members' reports of a period (a cluster's shared reports), or null when standalone. */
    private final BiFunction<Instant, Instant, List<TransactionReport>> others;

    public EodBatcher(ReportStore store, Path dir, ZoneId zone) {
        this(store, dir, zone, null);
    }

    /** A batch of this member's reports and, in a cluster, {@code others}: every member's (duplicates once). */
    public EodBatcher(ReportStore store, Path dir, ZoneId zone,
                      BiFunction<Instant, Instant, List<TransactionReport>> others) {
        this.store = store;
        this.dir = dir;
        this.zone = zone;
        this.others = others;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The trading date a trigger firing at {@code now} reports on. */
    public LocalDate tradingDate(Instant now) {
        return LocalDate.ofInstant(now, zone);
    }

    /** The last scheduled fire time a batch was written for; empty before the first one. */
    public synchronized Optional<Instant> lastFire() {
        Path f = dir.resolve(LAST_FIRE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(Files.readString(f).trim()));
        } catch (IOException | DateTimeParseException e) {
            // A damaged marker must not stop the schedule: the catch-up starts from now, as on a first start.
            LOG.error("end-of-day marker {} unreadable ({}); missed batches before now are not caught up", f,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Remembers a fire time as done (never moves backwards). */
    public synchronized void recordFire(Instant fireTime) {
        Optional<Instant> last = lastFire();
        if (last.isPresent() && !fireTime.isAfter(last.get())) {
            return;
        }
        try {
            Files.createDirectories(dir);
            write(dir.resolve(LAST_FIRE), (fireTime.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("end-of-day marker in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the batch of one date; returns the files written. */
    public synchronized List<Path> run(LocalDate date) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, List<TransactionReport>> groups = new TreeMap<>();
        for (TransactionReport r : reportsBetween(from, to)) {
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

    private List<TransactionReport> reportsBetween(Instant from, Instant to) {
        List<TransactionReport> mine = store.reportsBetween(from, to);
        if (others == null) {
            return mine;
        }
        // Each report once (this member's are in both), in execution time order whichever member wrote it.
        Map<String, TransactionReport> all = new LinkedHashMap<>();
        for (TransactionReport r : mine) {
            all.put(r.reportId(), r);
        }
        for (TransactionReport r : others.apply(from, to)) {
            all.putIfAbsent(r.reportId(), r);
        }
        List<TransactionReport> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(TransactionReport::executionTime).thenComparing(TransactionReport::reportId));
        return out;
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
