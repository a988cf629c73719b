package io.tradeloom.domain.order;

import org.junit.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tradeloom.domain.order.OrderStatus.CANCELED;
import static io.tradeloom.domain.order.OrderStatus.DONE_FOR_DAY;
import static io.tradeloom.domain.order.OrderStatus.EXPIRED;
import static io.tradeloom.domain.order.OrderStatus.FILLED;
import static io.tradeloom.domain.order.OrderStatus.NEW;
import static io.tradeloom.domain.order.OrderStatus.PARTIALLY_FILLED;
import static io.tradeloom.domain.order.OrderStatus.PENDING_CANCEL;
import static io.tradeloom.domain.order.OrderStatus.PENDING_NEW;
import static io.tradeloom.domain.order.OrderStatus.PENDING_REPLACE;
import static io.tradeloom.domain.order.OrderStatus.REJECTED;
import static io.tradeloom.domain.order.OrderStatus.SUSPENDED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class OrderStateMachineTest {

    /** The table from OrderStateMachine, written out independently: the test's own statement of the spec. */
    private static final Map<OrderStatus, Set<OrderStatus>> EXPECTED = new EnumMap<>(OrderStatus.class);

    static {
        EXPECTED.put(PENDING_NEW, EnumSet.of(NEW, PARTIALLY_FILLED, FILLED, REJECTED, CANCELED, EXPIRED,
                PENDING_CANCEL, SUSPENDED));
        EXPECTED.put(NEW, EnumSet.of(NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, DONE_FOR_DAY, PENDING_CANCEL,
                PENDING_REPLACE, SUSPENDED));
        EXPECTED.put(PARTIALLY_FILLED, EnumSet.of(PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, DONE_FOR_DAY,
                PENDING_CANCEL, PENDING_REPLACE, SUSPENDED));
        EXPECTED.put(PENDING_CANCEL, EnumSet.of(CANCELED, NEW, PARTIALLY_FILLED, FILLED, EXPIRED, SUSPENDED,
                DONE_FOR_DAY));
        EXPECTED.put(PENDING_REPLACE, EnumSet.of(NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, PENDING_CANCEL,
                SUSPENDED, DONE_FOR_DAY));
        EXPECTED.put(DONE_FOR_DAY, EnumSet.of(NEW, PARTIALLY_FILLED, CANCELED, EXPIRED));
        EXPECTED.put(SUSPENDED, EnumSet.of(SUSPENDED, NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED,
                PENDING_CANCEL));
        EXPECTED.put(FILLED, EnumSet.noneOf(OrderStatus.class));
        EXPECTED.put(CANCELED, EnumSet.noneOf(OrderStatus.class));
        EXPECTED.put(REJECTED, EnumSet.noneOf(OrderStatus.class));
        EXPECTED.put(EXPIRED, EnumSet.noneOf(OrderStatus.class));
    }

    @Test
    public void expectedTableCoversEveryStatus() {
        assertEquals(EnumSet.allOf(OrderStatus.class), EXPECTED.keySet());
    }

    @Test
    public void everyListedTransitionIsLegalAndChecks() {
        int checked = 0;
        for (Map.Entry<OrderStatus, Set<OrderStatus>> e : EXPECTED.entrySet()) {
            for (OrderStatus to : e.getValue()) {
                assertTrue(e.getKey() + " -> " + to + " should be legal", OrderStateMachine.isLegal(e.getKey(), to));
                OrderStateMachine.check("O-1", e.getKey(), to); // must not throw
                checked++;
            }
        }
        assertEquals("number of legal transitions", 52, checked);
    }

    @Test
    public void nextIsExactlyTheListedSet() {
        for (OrderStatus from : OrderStatus.values()) {
            assertEquals("successors of " + from, EXPECTED.get(from), OrderStateMachine.next(from));
        }
    }

    /** Over every (from, to) pair: anything not listed is illegal, and check() throws naming id and both states. */
    @Test
    public void everyUnlistedPairIsIllegal() {
        List<String> wrong = new ArrayList<>();
        int illegal = 0;
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                if (OrderStateMachine.isLegal(from, to) != expected) {
                    wrong.add(from + "->" + to);
                }
                if (!expected) {
                    illegal++;
                    try {
                        OrderStateMachine.check("ORD-" + illegal, from, to);
                        wrong.add(from + "->" + to + " (check did not throw)");
                    } catch (IllegalTransitionException ex) {
                        assertSame(from, ex.from());
                        assertSame(to, ex.to());
                        assertEquals("order ORD-" + illegal + ": illegal transition " + from + " -> " + to,
                                ex.getMessage());
                    }
                }
            }
        }
        assertTrue("disagreements: " + wrong, wrong.isEmpty());
        assertEquals(11 * 11 - 52, illegal);
    }

    @Test
    public void terminalStatesHaveNoSuccessors() {
        int terminals = 0;
        for (OrderStatus from : OrderStatus.values()) {
            if (!from.terminal()) {
                assertFalse(from + " is open and must have a way out", OrderStateMachine.next(from).isEmpty());
                continue;
            }
            terminals++;
            assertTrue(from + " is terminal but has successors " + OrderStateMachine.next(from),
                    OrderStateMachine.next(from).isEmpty());
            for (OrderStatus to : OrderStatus.values()) {
                assertFalse(from + " -> " + to, OrderStateMachine.isLegal(from, to));
            }
        }
        assertEquals("FILLED, CANCELED, REJECTED, EXPIRED", 4, terminals);
    }

    @Test
    public void representativeIllegalTransitionsThrowWithIdAndBothStates() {
        OrderStatus[][] illegal = {
                {FILLED, NEW},
                {FILLED, PARTIALLY_FILLED},
                {FILLED, FILLED},
                {CANCELED, NEW},
                {CANCELED, CANCELED},
                {REJECTED, NEW},
                {EXPIRED, PARTIALLY_FILLED},
                {PENDING_NEW, PENDING_REPLACE},
                {PENDING_NEW, PENDING_NEW},
                {PENDING_NEW, DONE_FOR_DAY},
                {NEW, PENDING_NEW},
                {NEW, REJECTED},
                {PARTIALLY_FILLED, NEW},
                {PARTIALLY_FILLED, PENDING_NEW},
                {PENDING_CANCEL, PENDING_REPLACE},
                {DONE_FOR_DAY, FILLED},
                {SUSPENDED, DONE_FOR_DAY},
        };
        for (OrderStatus[] pair : illegal) {
            try {
                OrderStateMachine.check("ord-42", pair[0], pair[1]);
                fail(pair[0] + " -> " + pair[1] + " should be illegal");
            } catch (IllegalTransitionException ex) {
                String msg = ex.getMessage();
                assertTrue(msg, msg.contains("ord-42"));
                assertTrue(msg, msg.contains(pair[0].name()));
                assertTrue(msg, msg.contains(pair[1].name()));
                assertTrue("from before to: " + msg, msg.indexOf(pair[0] + " -> " + pair[1]) >= 0);
                assertSame(pair[0], ex.from());
                assertSame(pair[1], ex.to());
            }
        }
    }

    @Test
    public void illegalTransitionIsAnIllegalStateException() {
        try {
            OrderStateMachine.check("x", FILLED, CANCELED);
            fail("expected an exception");
        } catch (IllegalStateException ex) {
            assertTrue(ex instanceof IllegalTransitionException);
        }
    }

    @Test(expected = UnsupportedOperationException.class)
    public void nextIsUnmodifiable() {
        OrderStateMachine.next(NEW).add(REJECTED);
    }

    @Test(expected = UnsupportedOperationException.class)
    public void nextOfTerminalIsUnmodifiable() {
        OrderStateMachine.next(FILLED).add(NEW);
    }

    @Test
    public void terminalAndOpenAreComplements() {
        assertEquals(EnumSet.of(FILLED, CANCELED, REJECTED, EXPIRED),
                EnumSet.copyOf(java.util.Arrays.stream(OrderStatus.values()).filter(OrderStatus::terminal)
                        .toList()));
        for (OrderStatus s : OrderStatus.values()) {
            assertEquals(s.name(), !s.terminal(), s.open());
        }
    }
}
