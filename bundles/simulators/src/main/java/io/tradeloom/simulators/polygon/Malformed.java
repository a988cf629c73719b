package io.tradeloom.simulators.polygon;

/** Bad input the simulator can send on command ({@link PolygonSimulator#sendMalformed}). */
public enum Malformed {
    /** Not JSON at all: a broken number and a trailing comma. */
    BROKEN_JSON,
    /** A quote without its bid price ({@code bp}). */
    MISSING_FIELD,
    /** A quote whose bid price is a string. */
    WRONG_TYPE,
    /** An event type the stocks cluster does not have. */
    UNKNOWN_EVENT,
    /** A well-formed trade frame padded beyond any sane message size (see {@link PolygonSimulator#OVERSIZED_BYTES}). */
    OVERSIZED,
    /** A text frame whose JSON is cut off in the middle of an event. */
    TRUNCATED,
    /** A WebSocket frame whose header promises more bytes than are sent, then the TCP connection closes. */
    TRUNCATED_FRAME
}
