package io.tradeloom.domain.order;

import java.util.Objects;

/** A trading account: the unit of risk limits, positions and end-of-day reports. */
public record Account(String id, String currency) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
    }
}
