package io.tradeloom.core.api;

import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;

/**
 * A venue as operators see it in {@code tradeloom:venues} and JMX.
 *
 * @param lastMessageAgeMillis -1 when nothing was received yet
 */
public record VenueView(String id, VenueKind kind, String adapter, String bundle, VenueState state, String detail,
                        long messagesIn, long messagesOut, long errors, long lastMessageAgeMillis) {
}
