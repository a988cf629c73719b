package io.tradeloom.reconciliation.internal;

import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.OrderEventListener;
import io.tradeloom.domain.order.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every fill the order gateway applied (heard on the {@link OrderEventListener} whiteboard), appended to
 * {@code local-fills.jsonl} so that a restart of this bundle does not make earlier fills look missing. The newest
 * {@link #MAX_KEPT} are kept in memory.
 */
public final class LocalFillLedger implements OrderEventListener, AutoCloseable {

    /** Text that marks an execution applied by reconciliation from a broker's ledger. */
    public static final String ADOPTED_TAG = "adopted by reconciliation";
    static final int MAX_KEPT = 500_000;
    private static final Logger LOG = LoggerFactory.getLogger(LocalFillLedger.class);

    private final Path file;
    private final Deque<LocalFill> fills = new ArrayDeque<>();
    private BufferedWriter out;

    public LocalFillLedger(Path file) {
        this.file = file;
        load();
    }

    private void load() {
        if (file == null || !Files.exists(file)) {
            return;
        }
        int bad = 0;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    keep(Json.MAPPER.readValue(line, LocalFill.class));
                } catch (IOException e) {
                    bad++;
                }
            }
        } catch (IOException e) {
            LOG.error("{}: local fills not read ({}); fills before now will show as MISSING_LOCALLY", file,
                    e.toString());
        }
        if (bad > 0) {
            // A line cut short by a crash: skipped, the rest is good.
            LOG.warn("{}: {} unreadable lines skipped", file, bad);
        }
    }

    @Override
    public void onOrderEvent(OrderEvent event) {
        if (!event.isFill()) {
            return;
        }
        Execution e = event.execution();
        boolean adopted = e.text() != null && e.text().startsWith(ADOPTED_TAG);
        record(new LocalFill(e.venue(), e.orderId(), e.execId(), event.order().symbol(), event.order().side(),
                e.lastQty(), e.lastPrice(), e.transactTime(), event.at() == null ? Instant.now() : event.at(),
                adopted));
    }

    synchronized void record(LocalFill fill) {
        keep(fill);
        if (file == null) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(Json.MAPPER.writeValueAsString(fill));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            LOG.error("{}: fill {} of order {} not written ({}); it is kept in memory only", file, fill.execId(),
                    fill.orderId(), e.toString());
        }
    }

    private synchronized void keep(LocalFill fill) {
        fills.addLast(fill);
        if (fills.size() > MAX_KEPT) {
            fills.removeFirst();
        }
    }

    /** Fills of {@code venue} whose venue time is in {@code [from, to)}. */
    public synchronized List<LocalFill> fills(String venue, Instant from, Instant to) {
        List<LocalFill> out = new ArrayList<>();
        for (LocalFill f : fills) {
            if (f.venue().equals(venue) && !f.transactTime().isBefore(from) && f.transactTime().isBefore(to)) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("close {}: {}", file, e.toString());
            }
            out = null;
        }
    }
}
