package io.tradeloom.domain.venue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity of one configured venue connection.
 *
 * @param id           unique id operators use ({@code paper}, {@code fix-gs}, {@code sim}); [a-z0-9][a-z0-9._-]*
 * @param kind         broker or vendor
 * @param adapter      adapter name ({@code paper}, {@code fix}, {@code sim}, ...)
 * @param capabilities what it supports
 */
public record VenueDescriptor(String id, VenueKind kind, String adapter, Capabilities capabilities) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public VenueDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(capabilities, "capabilities");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("venue id '" + id + "' must match " + ID.pattern());
        }
    }
}
