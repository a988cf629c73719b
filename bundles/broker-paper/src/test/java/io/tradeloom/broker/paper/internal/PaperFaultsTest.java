package io.tradeloom.broker.paper.internal;

import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.Side;
import org.junit.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class PaperFaultsTest {

    private static final Order ORDER = Order.accept("O1", "O1", OrderRequest.builder().venue("paper").symbol("AAPL")
            .side(Side.BUY).quantity("1").build(), Instant.now());

    private static int refused(PaperFaults f, OrderCommand cmd, int n) throws Exception {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            try {
                f.before(cmd);
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("injected fault"));
                hits++;
            }
        }
        return hits;
    }

    @Test
    public void refusesExactlyTheShareAskedForOfTheKindsListed() throws Exception {
        PaperFaults f = PaperFaults.parse(Map.of("fault.fail.ratio", "0.25", "fault.commands", "submit"));
        assertEquals(25, refused(f, new OrderCommand.Submit(ORDER), 100));
        assertEquals(0, refused(f, new OrderCommand.Cancel(ORDER, "C1"), 100));
    }

    @Test
    public void lostReplyComesAfterTheVenueHandledTheCommand() throws Exception {
        PaperFaults f = PaperFaults.parse(Map.of("fault.lost.reply.ratio", "1"));
        f.before(new OrderCommand.Submit(ORDER));
        try {
            f.after(new OrderCommand.Submit(ORDER));
            fail("the reply was not lost");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("lost"));
        }
    }

    @Test
    public void badValueNamesKeyAndValue() {
        try {
            PaperFaults.parse(Map.of("fault.fail.ratio", "2"));
            fail("accepted a ratio of 2");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("fault.fail.ratio=2"));
        }
    }
}
