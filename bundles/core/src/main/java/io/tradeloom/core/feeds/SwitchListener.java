package io.tradeloom.core.feeds;

/** Told after a feed group's active source changed (on the thread that switched it). */
@FunctionalInterface
public interface SwitchListener {

    void switched(String group, String from, String to, String reason);
}
