package io.tradeloom.reporting.internal;

import java.nio.file.Path;

/** Builds the sender a destination's configuration asks for. */
public final class Senders {

    private Senders() {
    }

    public static Sender create(DestinationConfig c, Path dataDir) throws Exception {
        return switch (c.type()) {
            case KAFKA -> new KafkaSender(c.bootstrapServers(), c.topic(), c.deliveryTimeout(), c.kafkaProperties());
            case HTTP -> new HttpSender(c.url(), c.httpTimeout(), c.authorization());
            case FILE -> new FileDropSender(c.dir(), c.format());
            case FIX -> new FixDropCopySender(c.fixHost(), c.fixPort(), c.senderCompId(), c.targetCompId(),
                    c.heartbeatSeconds(), c.reconnectSeconds(),
                    dataDir.resolve("tradeloom/reporting/fix").resolve(c.id()));
        };
    }
}
