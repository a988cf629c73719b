package io.tradeloom.core.routing;

import org.junit.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.Assert.assertEquals;

public class OrderSplitterTest {

    private static List<String> split(String qty, int maxSlices, int venues) {
        return OrderSplitter.split(new BigDecimal(qty), maxSlices, venues).stream().map(BigDecimal::toPlainString)
                .toList();
    }

    @Test
    public void equalSlicesWithTheRemainderOnTheBestVenue() {
        assertEquals(List.of("334", "333", "333"), split("1000", 3, 5));
        assertEquals(List.of("500", "500"), split("1000", 4, 2));
    }

    @Test
    public void keepsTheQuantityScaleAndAddsUpExactly() {
        List<String> s = split("10.5", 4, 4);
        assertEquals(List.of("2.7", "2.6", "2.6", "2.6"), s);
        assertEquals(0, new BigDecimal("10.5").compareTo(s.stream().map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add)));
    }

    @Test
    public void neverASliceOfZero() {
        assertEquals(List.of("1", "1"), split("2", 5, 5));
        assertEquals(List.of("7"), split("7", 1, 3));
    }
}
