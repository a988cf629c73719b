package io.tradeloom.reporting.internal;

/** A destination's answer to one send. */
public record Outcome(Kind kind, String detail) {

    public enum Kind {
        /** The destination has it (Kafka: broker ack with acks=all; HTTP: 2xx; file: renamed into place). */
        ACKED,
        /** The destination refused it for good (HTTP 4xx); the reason is kept, no retry. */
        REJECTED,
        /** It may not have arrived (5xx, timeout, connection lost): send again after a backoff. */
        RETRY
    }

    private static final Outcome ACKED_OUTCOME = new Outcome(Kind.ACKED, null);

    public static Outcome acked() {
        return ACKED_OUTCOME;
    }

    public static Outcome rejected(String reason) {
        return new Outcome(Kind.REJECTED, reason);
    }

    public static Outcome retry(String reason) {
        return new Outcome(Kind.RETRY, reason);
    }
}
