package io.tradeloom.domain.validation;

import java.util.Objects;

/**
 * One reason an input is invalid: which field, the value it had, and what is wrong with it.
 * Renders as {@code qty=-5: must be greater than 0}.
 */
public record Violation(String field, String value, String reason) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    public static Violation of(String field, Object value, String reason) {
        String shown = value == null ? "(missing)"
                : value instanceof java.math.BigDecimal bd ? bd.toPlainString() : String.valueOf(value);
        return new Violation(field, shown, reason);
    }

    @Override
    public String toString() {
        return field + "=" + (value == null ? "(missing)" : value) + ": " + reason;
    }
}
