package io.tradeloom.broker.fix.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Every copy of a NewOrderSingle that QuickFIX/J put in the session's message store, and whether it may have
 * reached the counterparty. QuickFIX/J stores each outgoing application message under its MsgSeqNum before it
 * writes it (and stores it also when it cannot write it, e.g. not logged on), and resends it with PossDupFlag=Y
 * when the counterparty asks for that range after a reconnect. So a NEW whose send "failed" can still arrive later.
 *
 * <p>A copy is identified by its MsgSeqNum and its original SendingTime (a resend carries that as OrigSendingTime),
 * so a sequence reset that reuses numbers never mixes two copies. States:
 * <ul>
 * <li>SENDING: handed to QuickFIX/J (toApp seen), the send call has not returned yet;</li>
 * <li>STORED: in the store, never written to a connection (the send returned without the session writing it);</li>
 * <li>WIRED: written (or about to be) to a connection: the counterparty may have it;</li>
 * <li>ABANDONED: must never go out; a resend of it is refused in toApp (QuickFIX/J then sends a
 *     SequenceReset-GapFill in its place). Abandoned copies are persisted, so this holds across restarts.</li>
 * </ul>
 * All transitions happen under this object's lock, and a resend is marked WIRED in the same locked step that
 * approves it: so "none of its copies can still arrive" is decided atomically with abandoning them.
 */
final class NewOrderCopies {

    /** What is known, before asking the counterparty, about whether a NEW can have arrived. */
    enum Verdict {
        /** No copy was ever handed to the session (it failed before): it cannot arrive. */
        NEVER_STORED,
        /** Copies exist, none ever written; they are abandoned now, so none can arrive. */
        SUPPRESSED,
        /** A copy may be at the counterparty (or the copies are from before a restart): ask it. */
        MAY_HAVE_ARRIVED
    }

    private enum State { SENDING, STORED, WIRED, ABANDONED }

    private static final int MAX_ORDERS = 100_000;

    private final Set<String> attemptedThisRun = new HashSet<>();
    private final Map<String, Map<String, State>> byClOrdId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, State>> eldest) {
            if (size() > MAX_ORDERS) {
                // Forgotten copies: a later question about this ClOrdID is put to the broker (the safe side).
                attemptedThisRun.remove(eldest.getKey());
                return true;
            }
            return false;
        }
    };
    private final Predicate<String> persistedAbandoned;
    private final BiConsumer<String, String> persistAbandoned;
    private long suppressed;

    /**
     * @param persistedAbandoned whether a copy key was abandoned (also in an earlier run)
     * @param persistAbandoned   records (key, ClOrdID) as abandoned, durably
     */
    NewOrderCopies(Predicate<String> persistedAbandoned, BiConsumer<String, String> persistAbandoned) {
        this.persistedAbandoned = persistedAbandoned;
        this.persistAbandoned = persistAbandoned;
    }

    static String key(int msgSeqNum, String originalSendingTime) {
        return msgSeqNum + "@" + originalSendingTime;
    }

    /** Our code is about to hand a NEW with this ClOrdID to the session (this run). */
    synchronized void attempt(String clOrdId) {
        attemptedThisRun.add(clOrdId);
        if (attemptedThisRun.size() > MAX_ORDERS) {
            attemptedThisRun.clear();
        }
    }

    /**
     * toApp of a NewOrderSingle.
     *
     * @param resend whether QuickFIX/J is resending it (PossDupFlag=Y) for a ResendRequest
     * @return false when it must not go out (an abandoned copy)
     */
    synchronized boolean toApp(String clOrdId, String key, boolean resend) {
        Map<String, State> copies = byClOrdId.computeIfAbsent(clOrdId, k -> new LinkedHashMap<>());
        if (copies.get(key) == State.ABANDONED || persistedAbandoned.test(key)) {
            copies.put(key, State.ABANDONED);
            suppressed++;
            return false;
        }
        copies.put(key, resend ? State.WIRED : State.SENDING);
        return true;
    }

    /** The session log saw the copy go to the responder (QuickFIX/J logs before writing). */
    synchronized void outgoing(String clOrdId, String key) {
        Map<String, State> copies = byClOrdId.get(clOrdId);
        if (copies != null && copies.get(key) != State.ABANDONED) {
            copies.put(key, State.WIRED);
        }
    }

    /** The session's send call for this ClOrdID returned: copies it did not write are only stored. */
    synchronized void sendReturned(String clOrdId) {
        Map<String, State> copies = byClOrdId.get(clOrdId);
        if (copies != null) {
            copies.replaceAll((k, s) -> s == State.SENDING ? State.STORED : s);
        }
    }

    /**
     * Decides, before asking the counterparty, whether a NEW can have arrived; copies that never left are
     * abandoned in the same step.
     *
     * @param inBook whether the ClOrdID is in the persisted ClOrdID book (it may have been sent in an earlier run)
     */
    synchronized Verdict beforeStatus(String clOrdId, boolean inBook) {
        Map<String, State> copies = byClOrdId.get(clOrdId);
        if (copies == null || copies.isEmpty()) {
            // Known from an earlier run only: its copies may be in the store, unknown to us; ask.
            return inBook && !attemptedThisRun.contains(clOrdId) ? Verdict.MAY_HAVE_ARRIVED : Verdict.NEVER_STORED;
        }
        for (State s : copies.values()) {
            if (s == State.WIRED || s == State.SENDING) {
                return Verdict.MAY_HAVE_ARRIVED;
            }
        }
        abandonAll(clOrdId, copies);
        return Verdict.SUPPRESSED;
    }

    /** The counterparty said it does not know the order: no copy may go out any more. */
    synchronized void abandon(String clOrdId) {
        Map<String, State> copies = byClOrdId.get(clOrdId);
        if (copies != null) {
            abandonAll(clOrdId, copies);
        }
    }

    private void abandonAll(String clOrdId, Map<String, State> copies) {
        for (Map.Entry<String, State> c : copies.entrySet()) {
            if (c.getValue() != State.ABANDONED) {
                c.setValue(State.ABANDONED);
                persistAbandoned.accept(c.getKey(), clOrdId);
            }
        }
    }

    /** Resends refused so far (each became part of a SequenceReset-GapFill). */
    synchronized long suppressedResends() {
        return suppressed;
    }

    /** Reads a tag's value from a raw FIX message (SOH separated); null when absent. */
    static String rawField(String raw, int tag) {
        String start = "\u0001" + tag + "=";
        int i = raw.indexOf(start);
        if (i < 0) {
            return null;
        }
        int from = i + start.length();
        int end = raw.indexOf('\u0001', from);
        return end < 0 ? raw.substring(from) : raw.substring(from, end);
    }
}
