package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.RecordingActivity;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.junit.Before;
import org.junit.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class DeadLetterReplayTest {

    private static final Instant T0 = Instant.parse("2024-03-01T14:30:00Z");

    private final DeadLetterStore store = new DeadLetterStore();
    private MarketDataIntake intake;
    private MarketDataReplayer replayer;

    @Before
    public void setUp() {
        intake = new MarketDataIntake(new RecordingActivity(), store, new FakeBundleContext().context());
        replayer = new MarketDataReplayer(intake);
        store.addReplayer(replayer);
    }

    private static Quote quote(String symbol, String bid, String ask, Instant at) {
        return new Quote(symbol, "sim", new BigDecimal(bid), BigDecimal.TEN, new BigDecimal(ask), BigDecimal.TEN,
                at, at.plusMillis(3));
    }

    private IllegalStateException refused(long id, boolean force) {
        try {
            String result = store.replay(id, force);
            fail("expected a refusal, the replay gave: " + result);
            return null;
        } catch (IllegalStateException e) {
            return e;
        }
    }

    @Test
    public void aMarketDataEventThatIsFineNowIsAcceptedOnReplayAndTheLetterIsMarked() {
        // dead-lettered for a reason that has gone away (e.g. the core route was down), the event itself is valid
        Quote q = quote("AAPL", "189.10", "189.12", T0);
        DeadLetter letter = store.add("sim", "quote", q, "core route stopped");

        String result = store.replay(letter.id(), false);

        assertEquals("accepted by the market-data intake", result);
        assertSame(q, intake.latest("AAPL").orElseThrow());
        assertEquals(1, store.total());
        DeadLetter marked = store.get(letter.id()).orElseThrow();
        assertTrue(marked.replayed());
        assertNotNull(marked.replayedAt());
        assertEquals(result, marked.replayResult());
        assertSame("the payload object stays", q, marked.original());
        assertEquals("the listing shows it replayed", List.of(marked), store.list("sim", "quote", 10));
    }

    @Test
    public void aTradeIsReplayedToo() {
        Trade t = new Trade("AAPL", "sim", new BigDecimal("189.11"), new BigDecimal("100"), "T1", T0, T0);
        DeadLetter letter = store.add("sim", "trade", t, "core route stopped");
        assertEquals("accepted by the market-data intake", store.replay(letter.id(), false));
        assertEquals(1, intake.accepted());
    }

    @Test
    public void aStillInvalidEventBecomesANewDeadLetterAndTheResultSaysSo() {
        intake.onEvent(quote("AAPL", "-1", "189.12", T0));
        DeadLetter first = store.recent(1).get(0);
        assertEquals("quote", first.kind());

        String result = store.replay(first.id(), false);

        assertEquals(2, store.total());
        DeadLetter second = store.recent(1).get(0);
        assertEquals(2, second.id());
        assertEquals("still invalid: new dead letter #2: " + second.reason(), result);
        assertTrue(result, second.reason().contains("bid=-1"));
        assertSame("the new one keeps the object, so it can be replayed in turn", first.original(),
                second.original());
        assertFalse(second.replayed());
        assertEquals(result, store.get(first.id()).orElseThrow().replayResult());
        assertFalse(intake.latest("AAPL").isPresent());
        assertEquals(Long.valueOf(2), store.counts().get("sim/quote"));
    }

    @Test
    public void anOutOfOrderEventStaysInvalidOnReplay() {
        intake.onEvent(quote("AAPL", "1", "2", T0.plusSeconds(5)));
        DeadLetter letter = store.add("sim", "quote", quote("AAPL", "1", "2", T0), "core route stopped");
        String result = store.replay(letter.id(), false);
        assertTrue(result, result.startsWith("still invalid: new dead letter #2: timestamp="));
        assertTrue(result, result.contains("out of order"));
    }

    @Test
    public void aKindWithoutReplayerIsRefusedNamingIdAndKind() {
        DeadLetter letter = store.add("fix-a", "fix", "8=FIX.4.4|35=8|58=x", "unknown ClOrdID");
        IllegalStateException e = refused(letter.id(), false);
        assertEquals("dead letter #1 (kind fix, source fix-a) cannot be replayed: no replayer for kind fix",
                e.getMessage());
        assertFalse(store.get(letter.id()).orElseThrow().replayed());
    }

    @Test
    public void aTextOnlyLetterIsRefusedNamingIdAndKind() {
        DeadLetter letter = store.add("sim", "quote", null, "null body");
        IllegalStateException e = refused(letter.id(), false);
        assertEquals("dead letter #1 (kind quote, source sim) cannot be replayed: its payload object is gone,"
                + " only the text is kept", e.getMessage());
        assertFalse(store.get(letter.id()).orElseThrow().replayed());
        assertEquals(0, intake.accepted() + intake.rejected());
    }

    @Test
    public void aSecondReplayIsRefusedUnlessForced() {
        DeadLetter letter = store.add("sim", "quote", quote("AAPL", "1", "2", T0), "core route stopped");
        store.replay(letter.id(), false);

        IllegalStateException e = refused(letter.id(), false);
        assertTrue(e.getMessage(), e.getMessage().startsWith("dead letter #1 (kind quote, source sim) was already"
                + " replayed at "));
        assertTrue(e.getMessage(), e.getMessage().endsWith("(accepted by the market-data intake); replay it again"
                + " with force (--force)"));
        assertEquals(1, intake.accepted());

        assertEquals("accepted by the market-data intake", store.replay(letter.id(), true));
        assertEquals(2, intake.accepted());
    }

    @Test
    public void anUnknownIdIsRefused() {
        try {
            store.replay(99, false);
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("no dead letter #99", e.getMessage());
        }
    }

    @Test
    public void aRemovedReplayerIsNoLongerUsed() {
        DeadLetter letter = store.add("sim", "quote", quote("AAPL", "1", "2", T0), "core route stopped");
        store.removeReplayer(replayer);
        assertTrue(refused(letter.id(), false).getMessage().endsWith("no replayer for kind quote"));
    }

    @Test
    public void aFailingReplayerGivesAFailedResultAndMarksTheLetter() {
        store.addReplayer(new DeadLetterQueue.Replayer() {
            @Override
            public boolean canReplay(DeadLetter letter) {
                return "order".equals(letter.kind());
            }

            @Override
            public String replay(DeadLetter letter) {
                throw new IllegalStateException("venue paper is not deployed");
            }
        });
        DeadLetter letter = store.add("shell", "order", new Object(), "r");
        assertEquals("failed: venue paper is not deployed", store.replay(letter.id(), false));
        assertEquals("failed: venue paper is not deployed", store.get(letter.id()).orElseThrow().replayResult());
    }

    @Test
    public void marketDataReplayerTakesOnlyMarketDataKinds() {
        assertTrue(replayer.canReplay(new DeadLetter(1, T0, "sim", "quote", "", "")));
        assertTrue(replayer.canReplay(new DeadLetter(1, T0, "sim", "bar", "", "")));
        assertTrue(replayer.canReplay(new DeadLetter(1, T0, "sim", "trade", "", "")));
        assertFalse(replayer.canReplay(new DeadLetter(1, T0, "sim", "marketdata", "", "")));
        assertFalse(replayer.canReplay(new DeadLetter(1, T0, "sim", "execution", "", "")));
        assertNull(new DeadLetter(1, T0, "sim", "quote", "", "").original());
    }
}
