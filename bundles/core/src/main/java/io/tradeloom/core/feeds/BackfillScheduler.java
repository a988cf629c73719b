package io.tradeloom.core.feeds;

/** Runs backfill requests off the intake thread; tests run them when they choose. */
@FunctionalInterface
public interface BackfillScheduler {

    void schedule(Runnable task, long delayMillis);
}
