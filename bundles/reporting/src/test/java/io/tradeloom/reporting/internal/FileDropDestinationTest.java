package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import io.tradeloom.reporting.api.DeliveryState;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;

public class FileDropDestinationTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void eachReportLandsAsOneCompleteFileAndNoTemporaryIsLeft() throws Exception {
        Path drop = tmp.getRoot().toPath().resolve("drop");
        try (ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("reports.mv"))) {
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            Transmitter t = new Transmitter("files", "file", new FileDropSender(drop, FileDropSender.Format.JSON),
                    store, new Transmitter.Settings(1, 3, Duration.ofMillis(10), Duration.ofMillis(10),
                    Duration.ofSeconds(1)), Clock.systemUTC());
            engine.attach(t);
            for (int i = 0; i < 20; i++) {
                engine.report(Fills.report(i));
            }
            Waits.until("20 ACKED", 10_000, () -> t.counts().get(DeliveryState.ACKED) == 20);
            t.close();
            List<Path> files;
            try (Stream<Path> s = Files.list(drop)) {
                files = s.sorted().toList();
            }
            assertEquals(20, files.size());
            for (int i = 0; i < 20; i++) {
                TransactionReport r = Fills.report(i);
                assertEquals(r, ReportCodec.fromJson(Files.readAllBytes(drop.resolve(r.reportId() + ".json"))));
            }
        }
    }

    @Test
    public void csvFormatWritesHeaderAndRecord() throws Exception {
        Path drop = tmp.getRoot().toPath().resolve("csv");
        TransactionReport r = Fills.report(7);
        Outcome o = new FileDropSender(drop, FileDropSender.Format.CSV).send(r).toCompletableFuture().get();
        assertEquals(Outcome.Kind.ACKED, o.kind());
        List<String> lines = Files.readAllLines(drop.resolve(r.reportId() + ".csv"));
        assertEquals(ReportCodec.csvHeader(), lines.get(0));
        assertEquals(ReportCodec.csv(r), lines.get(1));
    }

    @Test
    public void anUnwritableFolderIsRetriedNotLost() throws Exception {
        Path notADir = tmp.newFile("plain-file").toPath();
        Outcome o = new FileDropSender(notADir.resolve("sub"), FileDropSender.Format.JSON).send(Fills.report(1))
                .toCompletableFuture().get();
        assertEquals(Outcome.Kind.RETRY, o.kind());
    }
}
