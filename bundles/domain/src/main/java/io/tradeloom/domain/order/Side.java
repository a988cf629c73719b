package io.tradeloom.domain.order;

/** Order side, with the FIX 4.4 Side (54) code. */
public enum Side {
    BUY('1'), SELL('2'), SELL_SHORT('5');

    private final char fixCode;

    Side(char fixCode) {
        this.fixCode = fixCode;
    }

    public char fixCode() {
        return fixCode;
    }

    /** +1 for buys, -1 for sells: the sign of the position change. */
    public int sign() {
        return this == BUY ? 1 : -1;
    }
}
