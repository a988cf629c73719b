package io.tradeloom.broker.fix.internal;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Path;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** The decisions behind a status answer of "unknown", with a real {@link ClOrdIdBook} behind the abandoned copies. */
public class NewOrderCopiesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path file() {
        return tmp.getRoot().toPath().resolve("clordids.log");
    }

    private static NewOrderCopies copies(ClOrdIdBook book) {
        return new NewOrderCopies(book::abandoned, book::abandon);
    }

    @Test
    public void aNewNeverHandedToTheSessionCannotHaveArrived() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            NewOrderCopies c = copies(book);
            assertEquals(NewOrderCopies.Verdict.NEVER_STORED, c.beforeStatus("A", false));
            // Mapped in this run, then failed before the send: still never stored.
            c.attempt("B");
            book.map("B", "B");
            assertEquals(NewOrderCopies.Verdict.NEVER_STORED, c.beforeStatus("B", true));
        }
    }

    @Test
    public void aClOrdIdKnownOnlyFromAnEarlierRunMustBeAsked() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            assertEquals(NewOrderCopies.Verdict.MAY_HAVE_ARRIVED, copies(book).beforeStatus("OLD", true));
        }
    }

    @Test
    public void aStoredCopyThatNeverLeftIsAbandonedAndItsResendRefusedAlsoAfterARestart() throws Exception {
        String key = NewOrderCopies.key(7, "20261121-10:00:00.000000001");
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            NewOrderCopies c = copies(book);
            c.attempt("A");
            assertTrue(c.toApp("A", key, false));
            c.sendReturned("A");
            assertEquals(NewOrderCopies.Verdict.SUPPRESSED, c.beforeStatus("A", true));
            assertFalse("the resend is refused", c.toApp("A", key, true));
            assertEquals(1, c.suppressedResends());
            // A later copy of the same order (the core's re-send) is a new message and goes out.
            assertTrue(c.toApp("A", NewOrderCopies.key(9, "20261121-10:00:01.000000001"), false));
        }
        try (ClOrdIdBook reloaded = new ClOrdIdBook(file())) {
            NewOrderCopies c = copies(reloaded);
            assertFalse("still refused after a restart", c.toApp("A", key, true));
        }
    }

    @Test
    public void aCopyWrittenOrBeingSentMayHaveArrived() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            NewOrderCopies c = copies(book);
            String k = NewOrderCopies.key(3, "t1");
            c.attempt("A");
            c.toApp("A", k, false);
            assertEquals("the send has not returned", NewOrderCopies.Verdict.MAY_HAVE_ARRIVED,
                    c.beforeStatus("A", true));
            c.outgoing("A", k);
            c.sendReturned("A");
            assertEquals(NewOrderCopies.Verdict.MAY_HAVE_ARRIVED, c.beforeStatus("A", true));
            // The broker then says it does not know it: it can never go out again.
            c.abandon("A");
            assertFalse(c.toApp("A", k, true));
            assertTrue(book.abandoned(k));
        }
    }

    @Test
    public void aResendApprovedBeforeTheQuestionCountsAsArrived() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            NewOrderCopies c = copies(book);
            String k = NewOrderCopies.key(3, "t1");
            c.toApp("A", k, false);
            c.sendReturned("A");
            assertTrue(c.toApp("A", k, true));
            assertEquals(NewOrderCopies.Verdict.MAY_HAVE_ARRIVED, c.beforeStatus("A", true));
        }
    }

    @Test
    public void rawFieldReadsOneTag() {
        String raw = "8=FIX.4.4\u00019=12\u000135=D\u000134=42\u000152=t\u000111=X\u000110=000\u0001";
        assertEquals("42", NewOrderCopies.rawField(raw, 34));
        assertEquals("X", NewOrderCopies.rawField(raw, 11));
        assertEquals("D", NewOrderCopies.rawField(raw, 35));
        assertNull(NewOrderCopies.rawField(raw, 43));
    }
}
