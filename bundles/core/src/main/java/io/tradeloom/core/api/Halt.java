package io.tradeloom.core.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One active emergency halt.
 *
 * @param reason what the operator gave, never null (may be empty)
 * @param since  when it began
 * @param by     who set it (shell user, {@code jmx}, ...), or {@code unknown}
 */
public record Halt(HaltScope scope, String reason, Instant since, String by) {

    public Halt {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(since, "since");
        reason = reason == null ? "" : reason;
        by = by == null || by.isBlank() ? "unknown" : by;
    }

    /** {@code halted by operator: <reason>}, the text order rejects carry. */
    public String rejectReason() {
        return "halted by operator" + (reason.isBlank() ? "" : ": " + reason);
    }
}
