package io.tradeloom.core.api;

import java.util.List;
import java.util.Optional;

/** The per-venue circuit breakers in front of the brokers: read them, force them open or closed, reset them. */
public interface BreakerService {

    /** Every broker venue's breaker, sorted by venue id. */
    List<BreakerView> breakers();

    Optional<BreakerView> breaker(String venueId);

    /** Forces the breaker open: no command reaches the venue until {@link #close} or {@link #reset}. */
    BreakerView open(String venueId);

    /** Forces it closed (calls pass and are recorded again), leaving any forced state. */
    BreakerView close(String venueId);

    /** Back to CLOSED with an empty window. */
    BreakerView reset(String venueId);
}
