package io.tradeloom.kafka.json;

/** A record that cannot become a request: not JSON, a missing field, a wrong type. Names the field. */
public class BadRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public BadRecordException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
    }

    /** The offending field, or null when the record as a whole is bad (not JSON, not an object). */
    public String field() {
        return field;
    }
}
