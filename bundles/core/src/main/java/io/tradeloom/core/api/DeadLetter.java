package io.tradeloom.core.api;

import java.time.Instant;

/**
 * Something that could not be processed, kept with its data and the reason.
 *
 * @param source  where it came from (venue id or entry point)
 * @param kind    what it was (quote, execution, order, ...)
 * @param payload the data as received, rendered as text (credentials never reach here)
 */
public record DeadLetter(long id, Instant at, String source, String kind, String payload, String reason) {
}
