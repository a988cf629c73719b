package io.tradeloom.reporting.api;

/**
 * Where one report stands with one destination. PENDING -> SENT -> ACKED | REJECTED | FAILED; a SENT report whose
 * answer never came (restart, timeout) goes back to PENDING and is sent again. ACKED and REJECTED are final
 * answers of the destination; FAILED means the retries ran out. {@code tradeloom:report-resend} puts REJECTED and
 * FAILED reports back to PENDING.
 */
public enum DeliveryState {
    PENDING, SENT, ACKED, REJECTED, FAILED;

    public boolean isFinal() {
        return this == ACKED || this == REJECTED || this == FAILED;
    }
}
