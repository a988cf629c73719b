package io.tradeloom.api.rest.internal;

import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An error answer: HTTP status, a short title and the violations (field, value, reason) behind it. Rendered as
 * {@code {"status":400,"error":"invalid order","message":"invalid order: qty=-5: must be greater than 0",
 * "violations":[{"field":"qty","value":"-5","reason":"must be greater than 0"}]}}.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final transient List<Violation> violations;

    ApiError(int status, String title, List<Violation> violations) {
        super(title + (violations.isEmpty() ? "" : ": " + violations.stream().map(Violation::toString)
                .collect(Collectors.joining("; "))), null, false, false);
        this.status = status;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    static ApiError of(int status, String title, String field, Object value, String reason) {
        return new ApiError(status, title, List.of(Violation.of(field, value, reason)));
    }

    static ApiError of(int status, String title) {
        return new ApiError(status, title, List.of());
    }

    /** The same words as the shell prints: the exception's title ("invalid order") and its violations. */
    static ApiError from(int status, ValidationException e) {
        String msg = e.getMessage() == null ? "invalid input" : e.getMessage();
        String joined = e.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
        String title = msg.endsWith(": " + joined) ? msg.substring(0, msg.length() - joined.length() - 2) : msg;
        return new ApiError(status, title, e.violations());
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    List<Violation> violations() {
        return violations;
    }
}
