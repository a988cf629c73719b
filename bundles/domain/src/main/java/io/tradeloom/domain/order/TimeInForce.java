package io.tradeloom.domain.order;

/** Time in force with the FIX 4.4 TimeInForce (59) code. */
public enum TimeInForce {
    DAY('0'), GTC('1'), OPG('2'), IOC('3'), FOK('4'), CLS('7');

    private final char fixCode;

    TimeInForce(char fixCode) {
        this.fixCode = fixCode;
    }

    public char fixCode() {
        return fixCode;
    }

    /** IOC and FOK never rest on the book. */
    public boolean immediate() {
        return this == IOC || this == FOK;
    }
}
