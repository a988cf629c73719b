package io.tradeloom.domain.order;

/** Order types with their FIX 4.4 OrdType (40) code. */
public enum OrderType {
    MARKET('1'), LIMIT('2'), STOP('3'), STOP_LIMIT('4'), TRAILING_STOP('P');

    private final char fixCode;

    OrderType(char fixCode) {
        this.fixCode = fixCode;
    }

    public char fixCode() {
        return fixCode;
    }

    public boolean needsLimitPrice() {
        return this == LIMIT || this == STOP_LIMIT;
    }

    public boolean needsStopPrice() {
        return this == STOP || this == STOP_LIMIT;
    }
}
