package io.tradeloom.api.rest.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of the REST API, shown by {@link RestMXBean}. */
final class RestMetrics {

    private final LongAdder requests = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();

    void answered(int status) {
        requests.increment();
        if (status >= 400) {
            errors.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
        if (status == 401 || status == 403) {
            authFailures.increment();
        }
    }

    void deadLettered() {
        deadLetters.increment();
    }

    long requests() {
        return requests.sum();
    }

    long authFailures() {
        return authFailures.sum();
    }

    long deadLetters() {
        return deadLetters.sum();
    }

    Map<String, Long> errorsByStatus() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(Integer.toString(k), v.sum()));
        return out;
    }
}
