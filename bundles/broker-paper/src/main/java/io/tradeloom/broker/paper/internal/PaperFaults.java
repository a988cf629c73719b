package io.tradeloom.broker.paper.internal;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.order.OrderCommand;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for tests (keys in the paper broker's .cfg, all off by default): a share of the commands of the
 * kinds in {@code fault.commands} (submit, cancel, replace; default all)
 * <ul>
 *   <li>{@code fault.fail.ratio}: refused before they reach the venue (they never arrive);</li>
 *   <li>{@code fault.lost.reply.ratio}: handled by the venue, but the caller gets an error (the reply was lost:
 *       the order did arrive, so re-sending it would duplicate it);</li>
 *   <li>{@code fault.slow.ratio} with {@code fault.slow.ms}: delayed before they reach the venue.</li>
 * </ul>
 * Ratios are 0..1; 1 hits every command. The share is exact and deterministic: with 0.5 every second command of
 * those kinds is hit, with 0.25 every fourth, so that tests can count on it.
 */
record PaperFaults(double failRatio, double lostReplyRatio, double slowRatio, long slowMillis, List<String> commands,
                   AtomicLong[] seen) {

    PaperFaults(double failRatio, double lostReplyRatio, double slowRatio, long slowMillis, List<String> commands) {
        this(failRatio, lostReplyRatio, slowRatio, slowMillis, commands,
                new AtomicLong[]{new AtomicLong(), new AtomicLong(), new AtomicLong()});
    }

    static PaperFaults parse(Map<String, ?> props) {
        Settings s = new Settings(props);
        double fail = ratio(s, "fault.fail.ratio");
        double lost = ratio(s, "fault.lost.reply.ratio");
        double slow = ratio(s, "fault.slow.ratio");
        long slowMs = s.integer("fault.slow.ms", 0, 0, 60_000);
        List<String> commands = s.list("fault.commands", List.of("submit", "cancel", "replace"));
        for (String c : commands) {
            if (!List.of("submit", "cancel", "replace").contains(c.toLowerCase(Locale.ROOT))) {
                throw s.invalid("fault.commands", "must list submit, cancel and/or replace");
            }
        }
        return new PaperFaults(fail, lost, slow, slowMs, commands.stream().map(c -> c.toLowerCase(Locale.ROOT))
                .toList());
    }

    private static double ratio(Settings s, String key) {
        return s.decimal(key, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE)
                .doubleValue();
    }

    boolean any() {
        return failRatio > 0 || lostReplyRatio > 0 || (slowRatio > 0 && slowMillis > 0);
    }

    /** The n-th eligible command is hit when floor(n * ratio) steps up: exactly the share asked for. */
    private boolean applies(OrderCommand cmd, double ratio, int which) {
        if (ratio <= 0) {
            return false;
        }
        String kind = cmd instanceof OrderCommand.Submit ? "submit" : cmd instanceof OrderCommand.Cancel ? "cancel"
                : "replace";
        if (!commands.contains(kind)) {
            return false;
        }
        long n = seen[which].incrementAndGet();
        return Math.floor(n * ratio) > Math.floor((n - 1) * ratio);
    }

    /** Before the venue sees the command: maybe slow, maybe refused. */
    void before(OrderCommand cmd) throws IOException, InterruptedException {
        if (slowMillis > 0 && applies(cmd, slowRatio, 0)) {
            Thread.sleep(slowMillis);
        }
        if (applies(cmd, failRatio, 1)) {
            throw new IOException("injected fault: " + cmd.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                    + " of order " + cmd.order().id() + " refused before reaching the venue");
        }
    }

    /** After the venue handled it: maybe the reply is lost. */
    void after(OrderCommand cmd) throws IOException {
        if (applies(cmd, lostReplyRatio, 2)) {
            throw new IOException("injected fault: reply to the " + cmd.getClass().getSimpleName()
                    .toLowerCase(Locale.ROOT) + " of order " + cmd.order().id() + " lost");
        }
    }
}
