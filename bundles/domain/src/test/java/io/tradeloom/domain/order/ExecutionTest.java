package io.tradeloom.domain.order;

import org.junit.Test;

import static io.tradeloom.domain.DecimalAssert.assertDecimal;
import static io.tradeloom.domain.order.Executions.exec;
import static io.tradeloom.domain.order.Executions.fill;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ExecutionTest {

    @Test
    public void missingLastQtyAndLiquidityGetDefaults() {
        Execution e = exec(ExecType.NEW, OrderStatus.NEW).build();
        assertDecimal("0", e.lastQty());
        assertSame(Liquidity.UNKNOWN, e.liquidity());
    }

    @Test
    public void givenLiquidityIsKept() {
        assertSame(Liquidity.ADDED, fill(OrderStatus.FILLED, "1", "1").liquidity(Liquidity.ADDED).build().liquidity());
    }

    @Test
    public void onlyATradeWithQuantityIsAFill() {
        assertTrue(fill(OrderStatus.PARTIALLY_FILLED, "5", "10").build().isFill());
        assertFalse(fill(OrderStatus.PARTIALLY_FILLED, "0", "10").build().isFill());
        assertFalse(exec(ExecType.TRADE_CORRECT, OrderStatus.PARTIALLY_FILLED).last("5", "10").build().isFill());
        assertFalse(exec(ExecType.NEW, OrderStatus.NEW).build().isFill());
    }

    @Test
    public void requiredFieldsAreNamed() {
        try {
            exec(ExecType.NEW, OrderStatus.NEW).orderId(null).build();
            fail("orderId is required");
        } catch (NullPointerException ex) {
            assertEquals("orderId", ex.getMessage());
        }
        try {
            exec(ExecType.NEW, null).build();
            fail("ordStatus is required");
        } catch (NullPointerException ex) {
            assertEquals("ordStatus", ex.getMessage());
        }
    }
}
