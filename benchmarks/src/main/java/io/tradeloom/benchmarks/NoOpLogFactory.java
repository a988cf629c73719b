package io.tradeloom.benchmarks;

import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

/**
 * QuickFIX/J session log that writes nothing, so the bare sessions and the simulated broker pay no logging
 * cost. Only error events (a refused message, a broken connection) are echoed to stderr: they mean the run is
 * not measuring what it should, and nobody would see them otherwise.
 */
final class NoOpLogFactory implements LogFactory {

    private final String owner;

    NoOpLogFactory(String owner) {
        this.owner = owner;
    }

    @Override
    public Log create(SessionID sessionID) {
        return new Log() {
            @Override
            public void clear() {
            }

            @Override
            public void onIncoming(String message) {
            }

            @Override
            public void onOutgoing(String message) {
            }

            @Override
            public void onEvent(String text) {
            }

            @Override
            public void onErrorEvent(String text) {
                System.err.println("[" + owner + " " + sessionID + "] " + text);
            }
        };
    }
}
