package io.tradeloom.domain.order;

import org.junit.Test;

import java.math.BigDecimal;

import static io.tradeloom.domain.DecimalAssert.assertDecimal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

public class PositionTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static void assertPosition(Position p, String qty, String avgCost, String realized) {
        assertDecimal("quantity", qty, p.quantity());
        assertDecimal("averageCost", avgCost, p.averageCost());
        assertDecimal("realizedPnl", realized, p.realizedPnl());
    }

    @Test
    public void flatIsAllZero() {
        Position p = Position.flat("ACC", "AAPL");
        assertEquals("ACC", p.account());
        assertEquals("AAPL", p.symbol());
        assertPosition(p, "0", "0", "0");
    }

    @Test
    public void buyOpensALong() {
        Position p = Position.flat("ACC", "AAPL").apply(Side.BUY, d("100"), d("10.00"));
        assertPosition(p, "100", "10", "0");
        assertEquals("ACC", p.account());
        assertEquals("AAPL", p.symbol());
    }

    @Test
    public void addingBlendsTheAverageCost() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("100"), d("10.00"))
                .apply(Side.BUY, d("50"), d("10.30"));
        assertPosition(p, "150", "10.1", "0");
    }

    @Test
    public void averageCostIsRoundedToEightPlaces() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("1"), d("10"))
                .apply(Side.BUY, d("2"), d("10.01"));
        assertEquals("10.00666667", p.averageCost().toPlainString());
    }

    @Test
    public void reducingALongRealizesPnlAndKeepsTheCost() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("100"), d("10.00"))
                .apply(Side.SELL, d("40"), d("12.50"));
        // (12.50 - 10.00) * 40
        assertPosition(p, "60", "10", "100");
    }

    @Test
    public void reducingAtALossRealizesANegativePnl() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("100"), d("10.00"))
                .apply(Side.SELL, d("25"), d("9.20"));
        assertPosition(p, "75", "10", "-20");
    }

    @Test
    public void closingToFlatResetsTheCostAndAccumulatesPnl() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("100"), d("10.00"))
                .apply(Side.SELL, d("40"), d("12.50"))
                .apply(Side.SELL, d("60"), d("11.00"));
        // 100 + (11 - 10) * 60
        assertPosition(p, "0", "0", "160");
        assertEquals(0, p.quantity().signum());
    }

    @Test
    public void reopeningAfterFlatStartsAFreshCost() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("100"), d("10"))
                .apply(Side.SELL, d("100"), d("11"))
                .apply(Side.BUY, d("10"), d("20"));
        assertPosition(p, "10", "20", "100");
    }

    @Test
    public void flippingFromLongToShortRealizesOnTheClosedPartOnly() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.BUY, d("100"), d("10.00"))
                .apply(Side.SELL, d("150"), d("12.00"));
        // 100 closed at +2; the remaining 50 open short at the fill price
        assertPosition(p, "-50", "12", "200");
    }

    @Test
    public void flippingFromShortToLong() {
        Position p = Position.flat("ACC", "AAPL")
                .apply(Side.SELL_SHORT, d("30"), d("50"))
                .apply(Side.BUY, d("50"), d("45"));
        // 30 closed at +5 each, 20 open long at 45
        assertPosition(p, "20", "45", "150");
    }

    @Test
    public void shortSideOpensAddsAndProfitsWhenThePriceFalls() {
        Position p = Position.flat("ACC", "TSLA").apply(Side.SELL_SHORT, d("100"), d("10"));
        assertPosition(p, "-100", "10", "0");
        p = p.apply(Side.SELL, d("50"), d("13"));
        // (1000 + 650) / 150
        assertPosition(p, "-150", "11", "0");
        p = p.apply(Side.BUY, d("60"), d("8"));
        // (11 - 8) * 60
        assertPosition(p, "-90", "11", "180");
        p = p.apply(Side.BUY, d("90"), d("12"));
        // 180 + (11 - 12) * 90
        assertPosition(p, "0", "0", "90");
    }

    @Test
    public void sellAndSellShortBothReduceALong() {
        Position a = Position.flat("A", "X").apply(Side.BUY, d("10"), d("5")).apply(Side.SELL, d("4"), d("6"));
        Position b = Position.flat("A", "X").apply(Side.BUY, d("10"), d("5")).apply(Side.SELL_SHORT, d("4"), d("6"));
        assertPosition(a, "6", "5", "4");
        assertPosition(b, "6", "5", "4");
    }

    @Test
    public void constructorRejectsMissingFields() {
        try {
            new Position("A", "X", null, BigDecimal.ZERO, BigDecimal.ZERO);
            fail("quantity is required");
        } catch (NullPointerException ex) {
            assertEquals("quantity", ex.getMessage());
        }
    }
}
