package io.tradeloom.simulators.polygon;

/**
 * One event as the simulator put it on the wire: its channel ({@code ev}), ticker and JSON object text.
 * {@code json} is exactly what was sent (inside a JSON array frame).
 */
public record WireEvent(String ev, String sym, String json) {
}
