package io.tradeloom.broker.fix.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * QuickFIX/J's session log, sent to SLF4J with credentials masked (Password 554, NewPassword 925, RawData 96)
 * and with error events handed to a callback that counts them and keeps them as dead letters.
 */
final class MaskingLogFactory implements LogFactory {

    private static final Pattern SECRET = Pattern.compile("(^|\u0001)(554|925|96)=[^\u0001]*");
    private static final Logger IN = LoggerFactory.getLogger("io.tradeloom.broker.fix.messages.in");
    private static final Logger OUT = LoggerFactory.getLogger("io.tradeloom.broker.fix.messages.out");
    private static final Logger EVENTS = LoggerFactory.getLogger("io.tradeloom.broker.fix.events");

    private final Runnable onIncoming;
    private final Runnable onOutgoing;
    private final Consumer<String> onError;
    private final Consumer<String> outgoingMessage;

    MaskingLogFactory(Runnable onIncoming, Runnable onOutgoing, Consumer<String> onError) {
        this(onIncoming, onOutgoing, onError, m -> { });
    }

    /**
     * @param outgoingMessage every outgoing message as QuickFIX/J is about to write it (unmasked; never logged by
     *                        the caller): it tells which NewOrderSingles may have reached the counterparty
     */
    MaskingLogFactory(Runnable onIncoming, Runnable onOutgoing, Consumer<String> onError,
                      Consumer<String> outgoingMessage) {
        this.onIncoming = onIncoming;
        this.onOutgoing = onOutgoing;
        this.onError = onError;
        this.outgoingMessage = outgoingMessage;
    }

    static String mask(String fix) {
        return fix == null ? null : SECRET.matcher(fix).replaceAll("$1$2=****").replace('\u0001', '|');
    }

    @Override
    public Log create(SessionID sessionID) {
        String sid = sessionID.toString();
        return new Log() {
            @Override
            public void clear() {
                // Nothing is kept here: SLF4J owns the output.
            }

            @Override
            public void onIncoming(String message) {
                onIncoming.run();
                if (IN.isDebugEnabled()) {
                    IN.debug("{} <- {}", sid, mask(message));
                }
            }

            @Override
            public void onOutgoing(String message) {
                onOutgoing.run();
                outgoingMessage.accept(message);
                if (OUT.isDebugEnabled()) {
                    OUT.debug("{} -> {}", sid, mask(message));
                }
            }

            @Override
            public void onEvent(String text) {
                EVENTS.info("{}: {}", sid, mask(text));
            }

            @Override
            public void onErrorEvent(String text) {
                String masked = mask(text);
                EVENTS.warn("{}: {}", sid, masked);
                onError.accept(masked);
            }
        };
    }
}
