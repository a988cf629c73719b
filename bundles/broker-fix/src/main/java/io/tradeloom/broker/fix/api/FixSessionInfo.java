package io.tradeloom.broker.fix.api;

import java.time.Instant;

/**
 * One FIX session as operators see it in {@code tradeloom:fix-sessions}.
 *
 * @param lastHeartbeat when the counterparty's last heartbeat arrived; null before any
 * @param logonTime     when the current logon completed; null while logged out
 */
public record FixSessionInfo(String venueId, String sessionId, String state, boolean loggedOn,
                             int nextSenderSeqNum, int nextTargetSeqNum, Instant lastHeartbeat, Instant logonTime,
                             long messagesIn, long messagesOut, long rejectsReceived, long malformed) {
}
