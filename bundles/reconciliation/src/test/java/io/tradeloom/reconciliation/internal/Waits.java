package io.tradeloom.reconciliation.internal;

import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous limit instead of sleeping a fixed time. */
final class Waits {

    static final long LIMIT_MS = 20_000;

    private Waits() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + LIMIT_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + LIMIT_MS + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
