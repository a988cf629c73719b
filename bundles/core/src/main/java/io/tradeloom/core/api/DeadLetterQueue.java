package io.tradeloom.core.api;

import java.util.List;

/** Where bad input goes, with the reason; counted and logged. */
public interface DeadLetterQueue {

    DeadLetter add(String source, String kind, Object payload, String reason);

    List<DeadLetter> recent(int max);

    long total();
}
