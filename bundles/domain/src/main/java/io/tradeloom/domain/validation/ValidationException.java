package io.tradeloom.domain.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when an input breaks one or more rules; the message names every field and value. */
public class ValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public ValidationException(String what, List<Violation> violations) {
        super(what + ": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public ValidationException(String what, Violation violation) {
        this(what, List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }
}
