package io.tradeloom.core.halt;

import io.tradeloom.core.api.HaltService;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class FlattenerTest {

    private static Position pos(String account, String symbol, String qty) {
        return new Position(account, symbol, new BigDecimal(qty), BigDecimal.TEN, BigDecimal.ZERO);
    }

    private static final List<Position> BOOK = List.of(
            pos("acc2", "AAPL", "-30"),
            pos("acc1", "MSFT", "0"),
            pos("acc1", "AAPL", "150"),
            pos("acc1", "TSLA", "-2.5"));

    private static String render(List<OrderRequest> plan) {
        StringBuilder sb = new StringBuilder();
        for (OrderRequest r : plan) {
            sb.append(r.account()).append(' ').append(r.side()).append(' ').append(r.quantity().toPlainString())
                    .append(' ').append(r.symbol()).append(" @").append(r.venue()).append('\n');
        }
        return sb.toString();
    }

    @Test
    public void eachNonZeroPositionGetsTheOppositeSideForItsSize() {
        List<OrderRequest> plan = Flattener.plan(BOOK, null, null, "paper");
        assertEquals("acc1 SELL 150 AAPL @paper\n"
                + "acc1 BUY 2.5 TSLA @paper\n"
                + "acc2 BUY 30 AAPL @paper\n", render(plan));
        for (OrderRequest r : plan) {
            assertEquals(OrderType.MARKET, r.type());
            assertEquals(TimeInForce.DAY, r.timeInForce());
            assertEquals(HaltService.FLATTEN_STRATEGY, r.strategy());
            assertNull(r.limitPrice());
            assertNull(r.clientOrderId());
            assertTrue(r.quantity().signum() > 0);
        }
    }

    @Test
    public void accountAndSymbolNarrowTheScope() {
        assertEquals("acc1 SELL 150 AAPL @fix-demo\nacc1 BUY 2.5 TSLA @fix-demo\n",
                render(Flattener.plan(BOOK, "acc1", null, "fix-demo")));
        assertEquals("acc1 SELL 150 AAPL @paper\nacc2 BUY 30 AAPL @paper\n",
                render(Flattener.plan(BOOK, null, "aapl", "paper")));
        assertEquals("acc2 BUY 30 AAPL @paper\n", render(Flattener.plan(BOOK, "acc2", "AAPL", "paper")));
        assertEquals("", render(Flattener.plan(BOOK, "acc1", "MSFT", "paper")));
        assertEquals("", render(Flattener.plan(List.of(), null, null, "paper")));
    }

    @Test
    public void aVenueIsRequired() {
        try {
            Flattener.plan(BOOK, null, null, " ");
            fail();
        } catch (ValidationException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("flatten rejected: venue="));
        }
    }

    @Test
    public void sideFollowsTheSignOfThePosition() {
        assertEquals(Side.SELL, Flattener.plan(List.of(pos("a", "X", "1")), null, null, "v").get(0).side());
        assertEquals(Side.BUY, Flattener.plan(List.of(pos("a", "X", "-1")), null, null, "v").get(0).side());
    }
}
