package io.tradeloom.domain.order;

/** FIX 4.4 ExecType (150): what an execution report says happened. Fills are TRADE with OrdStatus 1 or 2. */
public enum ExecType {
    NEW('0'),
    DONE_FOR_DAY('3'),
    CANCELED('4'),
    REPLACED('5'),
    PENDING_CANCEL('6'),
    REJECTED('8'),
    SUSPENDED('9'),
    PENDING_NEW('A'),
    EXPIRED('C'),
    RESTATED('D'),
    PENDING_REPLACE('E'),
    TRADE('F'),
    TRADE_CORRECT('G'),
    TRADE_CANCEL('H'),
    ORDER_STATUS('I');

    private final char fixCode;

    ExecType(char fixCode) {
        this.fixCode = fixCode;
    }

    public char fixCode() {
        return fixCode;
    }

    public static ExecType fromFixCode(char code) {
        for (ExecType t : values()) {
            if (t.fixCode == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("ExecType: unknown code '" + code + "'");
    }
}
