package io.tradeloom.core.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where bad input goes, with the reason; counted and logged, and replayable by kind. */
public interface DeadLetterQueue {

    /**
     * Records one dead letter. {@code payload} is rendered as text for display and, where possible, kept as it is
     * for {@link #replay}; callers mask credentials before they pass it.
     */
    DeadLetter add(String source, String kind, Object payload, String reason);

    /** The most recent ones, newest first. */
    List<DeadLetter> recent(int max);

    /** How many were ever added (also those no longer kept). */
    long total();

    /** The kept dead letter with this id. */
    default Optional<DeadLetter> get(long id) {
        return recent(Integer.MAX_VALUE).stream().filter(d -> d.id() == id).findFirst();
    }

    /** The most recent ones of this source and kind (null or blank: any), newest first, at most {@code max}. */
    default List<DeadLetter> list(String source, String kind, int max) {
        return recent(Integer.MAX_VALUE).stream()
                .filter(d -> source == null || source.isBlank() || source.equals(d.source()))
                .filter(d -> kind == null || kind.isBlank() || kind.equalsIgnoreCase(d.kind()))
                .limit(Math.max(0, max))
                .toList();
    }

    /** How many were ever added per source and kind, keyed {@code source/kind}, sorted by key. */
    default Map<String, Long> counts() {
        throw new UnsupportedOperationException("counts");
    }

    /**
     * Re-submits the payload object of one dead letter through the {@link Replayer} for its kind and marks the
     * letter replayed with the result.
     *
     * @param force replay also a letter that was replayed before
     * @return what the replay did, e.g. "accepted" or "still invalid: new dead letter #12: ..."
     * @throws IllegalArgumentException when there is no such letter
     * @throws IllegalStateException    when it cannot be replayed: no replayer for its kind, payload object gone
     *                                  (text only), already replayed without {@code force}; names id and kind
     */
    default String replay(long id, boolean force) {
        throw new UnsupportedOperationException("replay");
    }

    /**
     * Re-submits dead letters of the kinds it knows. Register one as an OSGi service; the dead-letter store picks
     * it up dynamically. The core provides replayers for market data (quote, trade, bar) and executions.
     */
    interface Replayer {

        /** Whether this replayer handles the letter (normally decided by its kind). */
        boolean canReplay(DeadLetter letter);

        /**
         * Re-submits {@link DeadLetter#original()} (never null here) and says what happened. Dead letters added
         * while it runs, on the calling thread, are reported by the store as the replay's outcome.
         *
         * @throws RuntimeException when the replay failed; the message becomes the result
         */
        String replay(DeadLetter letter);
    }
}
