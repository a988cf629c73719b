package io.tradeloom.broker.fix.api;

import java.util.List;
import java.util.Optional;

/** Operator control of the container's FIX sessions, by venue id. */
public interface FixSessions {

    List<FixSessionInfo> sessions();

    Optional<FixSessionInfo> session(String venueId);

    /** Enables the session and asks for logon (after an operator logout). */
    void logon(String venueId);

    /** Sends Logout and keeps the session down until {@link #logon}. */
    void logout(String venueId, String reason);

    /** Logs out and resets both sequence numbers to 1 (agree this with the counterparty first). */
    void reset(String venueId);
}
