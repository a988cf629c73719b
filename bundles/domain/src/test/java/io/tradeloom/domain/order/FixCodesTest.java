package io.tradeloom.domain.order;

import org.junit.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class FixCodesTest {

    @Test
    public void orderStatusCodesFollowFix44() {
        assertSame(OrderStatus.NEW, OrderStatus.fromFixCode('0'));
        assertSame(OrderStatus.PARTIALLY_FILLED, OrderStatus.fromFixCode('1'));
        assertSame(OrderStatus.FILLED, OrderStatus.fromFixCode('2'));
        assertSame(OrderStatus.DONE_FOR_DAY, OrderStatus.fromFixCode('3'));
        assertSame(OrderStatus.CANCELED, OrderStatus.fromFixCode('4'));
        assertSame(OrderStatus.PENDING_CANCEL, OrderStatus.fromFixCode('6'));
        assertSame(OrderStatus.REJECTED, OrderStatus.fromFixCode('8'));
        assertSame(OrderStatus.SUSPENDED, OrderStatus.fromFixCode('9'));
        assertSame(OrderStatus.PENDING_NEW, OrderStatus.fromFixCode('A'));
        assertSame(OrderStatus.EXPIRED, OrderStatus.fromFixCode('C'));
        assertSame(OrderStatus.PENDING_REPLACE, OrderStatus.fromFixCode('E'));
    }

    @Test
    public void orderStatusRoundTripsAndCodesAreUnique() {
        Set<Character> seen = new HashSet<>();
        for (OrderStatus s : OrderStatus.values()) {
            assertSame(s, OrderStatus.fromFixCode(s.fixCode()));
            assertTrue("duplicate code " + s.fixCode(), seen.add(s.fixCode()));
        }
    }

    @Test
    public void unknownOrderStatusCodeIsNamed() {
        for (char c : new char[] {'5', '7', 'B', 'a', ' '}) {
            try {
                OrderStatus.fromFixCode(c);
                fail("'" + c + "' is not an OrdStatus we support");
            } catch (IllegalArgumentException ex) {
                assertEquals("OrdStatus: unknown code '" + c + "'", ex.getMessage());
            }
        }
    }

    @Test
    public void execTypeCodesFollowFix44() {
        assertSame(ExecType.NEW, ExecType.fromFixCode('0'));
        assertSame(ExecType.DONE_FOR_DAY, ExecType.fromFixCode('3'));
        assertSame(ExecType.CANCELED, ExecType.fromFixCode('4'));
        assertSame(ExecType.REPLACED, ExecType.fromFixCode('5'));
        assertSame(ExecType.PENDING_CANCEL, ExecType.fromFixCode('6'));
        assertSame(ExecType.REJECTED, ExecType.fromFixCode('8'));
        assertSame(ExecType.SUSPENDED, ExecType.fromFixCode('9'));
        assertSame(ExecType.PENDING_NEW, ExecType.fromFixCode('A'));
        assertSame(ExecType.EXPIRED, ExecType.fromFixCode('C'));
        assertSame(ExecType.RESTATED, ExecType.fromFixCode('D'));
        assertSame(ExecType.PENDING_REPLACE, ExecType.fromFixCode('E'));
        assertSame(ExecType.TRADE, ExecType.fromFixCode('F'));
        assertSame(ExecType.TRADE_CORRECT, ExecType.fromFixCode('G'));
        assertSame(ExecType.TRADE_CANCEL, ExecType.fromFixCode('H'));
        assertSame(ExecType.ORDER_STATUS, ExecType.fromFixCode('I'));
    }

    @Test
    public void execTypeRoundTripsAndCodesAreUnique() {
        Set<Character> seen = new HashSet<>();
        for (ExecType t : ExecType.values()) {
            assertSame(t, ExecType.fromFixCode(t.fixCode()));
            assertTrue("duplicate code " + t.fixCode(), seen.add(t.fixCode()));
        }
    }

    @Test
    public void unknownExecTypeCodeIsNamed() {
        // '1' and '2' (Partial fill / Fill) were removed in FIX 4.4: fills are TRADE
        for (char c : new char[] {'1', '2', '7', 'B', 'f'}) {
            try {
                ExecType.fromFixCode(c);
                fail("'" + c + "' is not a FIX 4.4 ExecType");
            } catch (IllegalArgumentException ex) {
                assertEquals("ExecType: unknown code '" + c + "'", ex.getMessage());
            }
        }
    }

    @Test
    public void orderTypeCodesAndPriceNeeds() {
        assertEquals('1', OrderType.MARKET.fixCode());
        assertEquals('2', OrderType.LIMIT.fixCode());
        assertEquals('3', OrderType.STOP.fixCode());
        assertEquals('4', OrderType.STOP_LIMIT.fixCode());
        assertEquals('P', OrderType.TRAILING_STOP.fixCode());
        assertFalse(OrderType.MARKET.needsLimitPrice());
        assertFalse(OrderType.MARKET.needsStopPrice());
        assertTrue(OrderType.LIMIT.needsLimitPrice());
        assertFalse(OrderType.LIMIT.needsStopPrice());
        assertFalse(OrderType.STOP.needsLimitPrice());
        assertTrue(OrderType.STOP.needsStopPrice());
        assertTrue(OrderType.STOP_LIMIT.needsLimitPrice());
        assertTrue(OrderType.STOP_LIMIT.needsStopPrice());
        assertFalse(OrderType.TRAILING_STOP.needsLimitPrice());
        assertFalse(OrderType.TRAILING_STOP.needsStopPrice());
    }

    @Test
    public void sideCodesAndSigns() {
        assertEquals('1', Side.BUY.fixCode());
        assertEquals('2', Side.SELL.fixCode());
        assertEquals('5', Side.SELL_SHORT.fixCode());
        assertEquals(1, Side.BUY.sign());
        assertEquals(-1, Side.SELL.sign());
        assertEquals(-1, Side.SELL_SHORT.sign());
    }

    @Test
    public void timeInForceCodesAndImmediacy() {
        assertEquals('0', TimeInForce.DAY.fixCode());
        assertEquals('1', TimeInForce.GTC.fixCode());
        assertEquals('2', TimeInForce.OPG.fixCode());
        assertEquals('3', TimeInForce.IOC.fixCode());
        assertEquals('4', TimeInForce.FOK.fixCode());
        assertEquals('7', TimeInForce.CLS.fixCode());
        for (TimeInForce t : TimeInForce.values()) {
            assertEquals(t.name(), t == TimeInForce.IOC || t == TimeInForce.FOK, t.immediate());
        }
    }
}
