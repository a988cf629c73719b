package io.tradeloom.reconciliation.api;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One reconciliation of one or more venues over a period.
 *
 * @param trigger  who started it: {@code schedule}, {@code shell}, {@code jmx}
 * @param venues   the venues reconciled
 * @param errors   per venue that could not be reconciled, why (e.g. its FIX session is logged out)
 * @param compared how many local and broker fills were compared
 */
public record ReconciliationRun(String id, String trigger, Instant from, Instant to, Instant startedAt,
                                Instant finishedAt, List<String> venues, int compared,
                                List<Discrepancy> discrepancies, List<String> errors) {

    public ReconciliationRun {
        venues = List.copyOf(venues);
        discrepancies = List.copyOf(discrepancies);
        errors = List.copyOf(errors);
    }

    public Map<DiscrepancyKind, Long> countsByKind() {
        Map<DiscrepancyKind, Long> m = new EnumMap<>(DiscrepancyKind.class);
        for (Discrepancy d : discrepancies) {
            m.merge(d.kind(), 1L, Long::sum);
        }
        return m;
    }

    public Map<Severity, Long> countsBySeverity() {
        Map<Severity, Long> m = new EnumMap<>(Severity.class);
        for (Discrepancy d : discrepancies) {
            m.merge(d.severity(), 1L, Long::sum);
        }
        return m;
    }

    public long adopted() {
        return discrepancies.stream().filter(Discrepancy::adopted).count();
    }
}
