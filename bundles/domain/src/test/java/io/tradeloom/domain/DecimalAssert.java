package io.tradeloom.domain;

import java.math.BigDecimal;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;

/** BigDecimal assertions by numeric value: {@code 10.1} equals {@code 10.10}, unlike {@link BigDecimal#equals}. */
public final class DecimalAssert {

    private DecimalAssert() {
    }

    public static void assertDecimal(String expected, BigDecimal actual) {
        assertDecimal(null, expected, actual);
    }

    public static void assertDecimal(String message, String expected, BigDecimal actual) {
        String prefix = message == null ? "" : message + ": ";
        assertNotNull(prefix + "expected " + expected + " but was null", actual);
        BigDecimal want = new BigDecimal(expected);
        if (want.compareTo(actual) != 0) {
            fail(prefix + "expected " + want.toPlainString() + " but was " + actual.toPlainString());
        }
    }
}
