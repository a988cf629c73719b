package io.tradeloom.vendor.csv.internal;

import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.venue.VenueHealth;
import io.tradeloom.domain.venue.VenueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The state of one CSV inbox, without OSGi or Camel: the parsing rules in force, counters, symbols seen, health,
 * and what happens to a failed file (its {@code <file>.reason} beside it in the error folder, a dead letter, a log
 * line). The Camel route ({@link CsvInboxRoute}) moves the files.
 */
final class CsvFeed {

    private static final Logger LOG = LoggerFactory.getLogger(CsvFeed.class);

    /** One failed file for the dead-letter queue. */
    record Failure(String source, String fileName, String payload, String reason) {
    }

    private final Clock clock;
    private final Consumer<Failure> deadLetters;
    private volatile BarFileParser parser;
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesFailed = new AtomicLong();
    private final AtomicLong barsSent = new AtomicLong();
    private final NavigableSet<String> symbols = new ConcurrentSkipListSet<>();
    private volatile String lastFailure;
    private volatile boolean stopped;

    CsvFeed(CsvConfig config, Clock clock, Consumer<Failure> deadLetters) {
        this.parser = new BarFileParser(config);
        this.clock = clock;
        this.deadLetters = deadLetters;
    }

    CsvConfig config() {
        return parser.config();
    }

    /** New parsing rules for the next file; the file being read finishes under the old ones. */
    void reconfigure(CsvConfig next) {
        this.parser = new BarFileParser(next);
    }

    BarFileParser.Outcome parse(String fileName, byte[] content) {
        return parser.parse(fileName, content, clock.instant());
    }

    void sent(Bar bar) {
        barsSent.incrementAndGet();
        symbols.add(bar.symbol());
    }

    void done(String fileName, int bars) {
        long n = filesDone.incrementAndGet();
        lastFailure = null;
        LOG.info("csv vendor {}: {} done: {} bars sent ({} files so far)", config().id(), fileName, bars, n);
    }

    /**
     * Writes {@code <errorDir>/<file>.reason}, puts the failure to the dead-letter queue and counts it. Never
     * throws: a failure while reporting a failure is logged.
     */
    void failed(String fileName, String reason, String payload) {
        filesFailed.incrementAndGet();
        lastFailure = reason;
        CsvConfig c = config();
        Path reasonFile = c.errorDir().resolve(fileName + ".reason");
        try {
            Files.createDirectories(c.errorDir());
            Files.writeString(reasonFile, reason + System.lineSeparator()
                    + "venue " + c.id() + ", moved to " + c.errorDir() + " at " + clock.instant()
                    + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            LOG.error("csv vendor {}: could not write {}: {}", c.id(), reasonFile, e.toString());
        }
        try {
            deadLetters.accept(new Failure(c.id(), fileName, payload, reason));
        } catch (RuntimeException e) {
            LOG.error("csv vendor {}: could not put {} to the dead-letter queue: {}", c.id(), fileName, e.toString());
        }
        LOG.warn("csv vendor {}: {} moved to {}: {}", c.id(), fileName, c.errorDir(), reason);
    }

    void stop() {
        stopped = true;
    }

    long filesDone() {
        return filesDone.get();
    }

    long filesFailed() {
        return filesFailed.get();
    }

    long barsSent() {
        return barsSent.get();
    }

    Collection<Instrument> instruments() {
        return List.copyOf(symbols).stream().map(Instrument::equity).toList();
    }

    VenueHealth health() {
        if (stopped) {
            return VenueHealth.of(VenueState.DOWN, "stopped");
        }
        String counts = filesDone.get() + " files, " + barsSent.get() + " bars";
        String failure = lastFailure;
        if (failure != null) {
            return VenueHealth.of(VenueState.DEGRADED, counts + ", " + filesFailed.get() + " failed; last: "
                    + failure);
        }
        return VenueHealth.of(VenueState.UP, counts);
    }
}
