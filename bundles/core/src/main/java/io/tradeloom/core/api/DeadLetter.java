package io.tradeloom.core.api;

import java.time.Instant;

/**
 * Something that could not be processed, kept with its data and the reason.
 *
 * @param source       where it came from (venue id or entry point)
 * @param kind         what it was (quote, execution, order, ...)
 * @param payload      the data as received, rendered as text (credentials never reach here)
 * @param original     the payload object as received, kept in memory only so that the letter can be replayed;
 *                     null when it is gone (text only). Never rendered: show {@link #payload()} instead
 * @param replayedAt   when the letter was last replayed, null if never
 * @param replayResult what the last replay did, null if never replayed
 */
public record DeadLetter(long id, Instant at, String source, String kind, String payload, String reason,
                         Object original, Instant replayedAt, String replayResult) {

    /** A text-only letter that was never replayed (the shape before replay existed). */
    public DeadLetter(long id, Instant at, String source, String kind, String payload, String reason) {
        this(id, at, source, kind, payload, reason, null, null, null);
    }

    /** Whether the payload object is still there to replay. */
    public boolean hasOriginal() {
        return original != null;
    }

    public boolean replayed() {
        return replayedAt != null;
    }

    /** This letter marked as replayed at {@code when} with {@code result}. */
    public DeadLetter withReplay(Instant when, String result) {
        return new DeadLetter(id, at, source, kind, payload, reason, original, when, result);
    }

    /** The same letter without its payload object (text only). */
    public DeadLetter textOnly() {
        return new DeadLetter(id, at, source, kind, payload, reason, null, replayedAt, replayResult);
    }

    /** Leaves out the payload object: it may be large and is never rendered. */
    @Override
    public String toString() {
        return "DeadLetter[id=" + id + ", at=" + at + ", source=" + source + ", kind=" + kind + ", payload=" + payload
                + ", reason=" + reason + ", original=" + (original == null ? "none" : "kept") + ", replayedAt="
                + replayedAt + ", replayResult=" + replayResult + "]";
    }
}
