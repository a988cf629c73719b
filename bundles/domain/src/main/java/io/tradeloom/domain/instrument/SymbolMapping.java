package io.tradeloom.domain.instrument;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Two-way mapping between our symbols and one venue's symbols. Symbols without an entry map to themselves,
 * which is what most equity venues want.
 */
public final class SymbolMapping {

    private final Map<String, String> toVenue;
    private final Map<String, String> fromVenue;

    private SymbolMapping(Map<String, String> toVenue) {
        this.toVenue = Collections.unmodifiableMap(new HashMap<>(toVenue));
        Map<String, String> reverse = new HashMap<>();
        toVenue.forEach((ours, theirs) -> {
            String previous = reverse.put(theirs, ours);
            if (previous != null) {
                throw new IllegalArgumentException("symbol mapping: venue symbol " + theirs + " is mapped from both "
                        + previous + " and " + ours);
            }
        });
        this.fromVenue = Collections.unmodifiableMap(reverse);
    }

    public static SymbolMapping identity() {
        return new SymbolMapping(Map.of());
    }

    public static SymbolMapping of(Map<String, String> ourToVenue) {
        return new SymbolMapping(Objects.requireNonNull(ourToVenue));
    }

    /**
     * Parses {@code OURS=THEIRS,OURS2=THEIRS2}; blank means identity.
     *
     * @throws IllegalArgumentException naming the entry that is not of the form {@code A=B}
     */
    public static SymbolMapping parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return identity();
        }
        Map<String, String> map = new HashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new IllegalArgumentException("symbol mapping entry '" + trimmed + "' is not of the form OURS=VENUE");
            }
            map.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return new SymbolMapping(map);
    }

    public String toVenue(String ourSymbol) {
        return toVenue.getOrDefault(ourSymbol, ourSymbol);
    }

    public String fromVenue(String venueSymbol) {
        return fromVenue.getOrDefault(venueSymbol, venueSymbol);
    }

    public Map<String, String> entries() {
        return toVenue;
    }

    @Override
    public String toString() {
        return "SymbolMapping" + toVenue;
    }
}
