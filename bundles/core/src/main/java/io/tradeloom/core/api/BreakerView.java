package io.tradeloom.core.api;

import java.time.Instant;

/**
 * One venue's circuit breaker as operators see it in {@code tradeloom:breakers} and JMX.
 *
 * @param failureRate     percent of failed calls in the sliding window, -1 until the minimum number of calls
 * @param slowCallRate    percent of slow calls, -1 until the minimum number of calls
 * @param bufferedCalls   calls in the sliding window
 * @param notPermitted    calls refused while open
 * @param lastTransition  e.g. {@code CLOSED_TO_OPEN}, empty when it never changed
 * @param lastTransitionAt null when it never changed
 */
public record BreakerView(String venue, String state, float failureRate, float slowCallRate, int bufferedCalls,
                          int failedCalls, int slowCalls, long notPermitted, String lastTransition,
                          Instant lastTransitionAt) {
}
