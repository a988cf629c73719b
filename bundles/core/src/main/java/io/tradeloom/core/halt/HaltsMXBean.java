package io.tradeloom.core.halt;

/** JMX view of the emergency halts: {@code io.tradeloom:type=halts}. */
public interface HaltsMXBean {

    /** One line per active halt: {@code <scope> | since <instant> | by <who> | <reason>}. */
    String[] getActiveHalts();

    int getActiveHaltCount();

    boolean isCancelOnHalt();

    /**
     * Halts a scope ({@code all}, {@code venue}, {@code symbol}, {@code account}, {@code strategy}); working orders
     * in scope are canceled when {@code cancel.on.halt} is true. Returns a one-line summary.
     */
    String halt(String scopeType, String scopeValue, String reason);

    /** Lifts exactly that scope's halt; returns a one-line summary. */
    String resume(String scopeType, String scopeValue);
}
