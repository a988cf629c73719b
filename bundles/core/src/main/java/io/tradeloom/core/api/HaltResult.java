package io.tradeloom.core.api;

import java.util.List;

/**
 * What {@link HaltService#halt} did.
 *
 * @param halt          the halt now in force (the earlier one when the scope was already halted)
 * @param alreadyHalted the scope was halted before this call; the earlier reason stays
 * @param canceled      ids of the working orders in scope a cancel was sent for
 * @param cancelFailures one line per working order whose cancel could not be sent: {@code <id>: <reason>}
 */
public record HaltResult(Halt halt, boolean alreadyHalted, List<String> canceled, List<String> cancelFailures) {

    public HaltResult {
        canceled = List.copyOf(canceled);
        cancelFailures = List.copyOf(cancelFailures);
    }
}
