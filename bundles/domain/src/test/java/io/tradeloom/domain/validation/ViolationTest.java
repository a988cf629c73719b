package io.tradeloom.domain.validation;

import org.junit.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

public class ViolationTest {

    @Test
    public void rendersFieldValueAndReason() {
        assertEquals("qty=-5: must be greater than 0",
                Violation.of("qty", new BigDecimal("-5"), "must be greater than 0").toString());
    }

    @Test
    public void bigDecimalIsShownPlain() {
        Violation v = Violation.of("price", new BigDecimal("1E-7"), "too small");
        assertEquals("0.0000001", v.value());
        assertEquals("price=0.0000001: too small", v.toString());
    }

    @Test
    public void missingValue() {
        assertEquals("(missing)", Violation.of("venue", null, "is required").value());
        Violation raw = new Violation("venue", null, "is required");
        assertNull(raw.value());
        assertEquals("venue=(missing): is required", raw.toString());
    }

    @Test
    public void otherValuesUseToString() {
        assertEquals("interval=PT-1S: must be positive",
                Violation.of("interval", Duration.ofSeconds(-1), "must be positive").toString());
    }

    @Test
    public void fieldAndReasonAreRequired() {
        try {
            new Violation(null, "x", "r");
            fail("field is required");
        } catch (NullPointerException ex) {
            assertEquals("field", ex.getMessage());
        }
        try {
            new Violation("f", "x", null);
            fail("reason is required");
        } catch (NullPointerException ex) {
            assertEquals("reason", ex.getMessage());
        }
    }

    @Test
    public void exceptionJoinsViolationsAndCopiesTheList() {
        List<Violation> list = new ArrayList<>();
        list.add(Violation.of("a", 1, "bad"));
        list.add(Violation.of("b", "x", "worse"));
        ValidationException ex = new ValidationException("invalid thing", list);
        list.clear();
        assertEquals("invalid thing: a=1: bad; b=x: worse", ex.getMessage());
        assertEquals(2, ex.violations().size());
        try {
            ex.violations().clear();
            fail("violations must be unmodifiable");
        } catch (UnsupportedOperationException expected) {
            assertEquals(2, ex.violations().size());
        }
    }

    @Test
    public void singleViolationConstructor() {
        ValidationException ex = new ValidationException("invalid quote", Violation.of("bid", null, "missing"));
        assertEquals("invalid quote: bid=(missing): missing", ex.getMessage());
        assertEquals("bid", ex.violations().get(0).field());
    }
}
