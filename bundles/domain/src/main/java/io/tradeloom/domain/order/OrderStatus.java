package io.tradeloom.domain.order;

/** Order status with FIX 4.4 OrdStatus (39) semantics and codes. */
public enum OrderStatus {
    PENDING_NEW('A'),
    NEW('0'),
    PARTIALLY_FILLED('1'),
    FILLED('2'),
    DONE_FOR_DAY('3'),
    CANCELED('4'),
    PENDING_CANCEL('6'),
    REJECTED('8'),
    SUSPENDED('9'),
    EXPIRED('C'),
    PENDING_REPLACE('E');

    private final char fixCode;

    OrderStatus(char fixCode) {
        this.fixCode = fixCode;
    }

    public char fixCode() {
        return fixCode;
    }

    /** No further execution can change a terminal order. */
    public boolean terminal() {
        return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED;
    }

    /** Open means the order may still trade or is waiting for the venue's answer. */
    public boolean open() {
        return !terminal();
    }

    public static OrderStatus fromFixCode(char code) {
        for (OrderStatus s : values()) {
            if (s.fixCode == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("OrdStatus: unknown code '" + code + "'");
    }
}
