package io.tradeloom.shell.commands;

import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Option parsing that fails with the same field=value message as the domain validation. */
final class Parse {

    private Parse() {
    }

    static BigDecimal decimal(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException("invalid input", Violation.of(field, value, "not a number"));
        }
    }

    static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new ValidationException("invalid input", Violation.of(field, value, "must be one of " + allowed));
        }
    }
}
