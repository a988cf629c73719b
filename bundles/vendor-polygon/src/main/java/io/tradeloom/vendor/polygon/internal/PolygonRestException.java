package io.tradeloom.vendor.polygon.internal;

/** The aggregates endpoint refused or failed: HTTP status, Polygon's status and its message (never the key). */
public final class PolygonRestException extends Exception {

    private static final long serialVersionUID = 1L;
    private final int httpStatus;
    private final String status;

    public PolygonRestException(String request, int httpStatus, String status, String message) {
        super(request + ": HTTP " + httpStatus + (status == null ? "" : " " + status)
                + (message == null ? "" : ": " + message));
        this.httpStatus = httpStatus;
        this.status = status;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String status() {
        return status;
    }
}
