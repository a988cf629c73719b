package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * File-drop destination: writes {@code <report id>.json} (or {@code .csv}) under a temporary name starting with a
 * dot, forces it to disk, then renames it into place atomically, so a reader of the folder never sees a partial
 * file. A resend overwrites the same name. ACKED once renamed; an I/O error is retried.
 */
public final class FileDropSender implements Sender {

    public enum Format { JSON, CSV }

    private final Path dir;
    private final Format format;

    public FileDropSender(Path dir, Format format) {
        this.dir = dir;
        this.format = format;
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report) {
        try {
            Files.createDirectories(dir);
            String name = report.reportId() + (format == Format.JSON ? ".json" : ".csv");
            Path tmp = dir.resolve("." + name + ".tmp");
            byte[] bytes = format == Format.JSON ? ReportCodec.json(report)
                    : ReportCodec.csvDocument(java.util.List.of(report));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            return CompletableFuture.completedFuture(Outcome.acked());
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(Outcome.retry(e.toString()));
        }
    }

    @Override
    public String target() {
        return "file " + dir;
    }

    @Override
    public void close() {
    }
}
