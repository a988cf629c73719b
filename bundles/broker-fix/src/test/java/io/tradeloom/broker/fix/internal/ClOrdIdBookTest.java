package io.tradeloom.broker.fix.internal;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class ClOrdIdBookTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path file() {
        return tmp.getRoot().toPath().resolve("fix").resolve("fix-test").resolve("clordids.log");
    }

    @Test
    public void firstClOrdIdOfAnOrderIsItsCurrentOne() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            assertTrue("parent directories are created", Files.isDirectory(file().getParent()));
            assertNull(book.current("ORD-1"));
            assertNull(book.orderId("ORD-1"));
            assertNull(book.orderId(null));

            book.map("ORD-1", "ORD-1");
            book.map("CX-1", "ORD-1");
            book.map("ORD-2", "ORD-2");

            assertEquals("ORD-1", book.orderId("ORD-1"));
            assertEquals("ORD-1", book.orderId("CX-1"));
            assertEquals("ORD-2", book.orderId("ORD-2"));
            assertEquals("ORD-1", book.current("ORD-1"));
            assertEquals("ORD-2", book.current("ORD-2"));
            assertNull(book.orderId("UNKNOWN"));
        }
    }

    @Test
    public void acceptedReplaceChangesTheCurrentClOrdId() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            book.map("ORD-1", "ORD-1");
            book.map("RP-1", "ORD-1");
            assertEquals("a replace request alone changes nothing", "ORD-1", book.current("ORD-1"));
            book.current("ORD-1", "RP-1");
            assertEquals("RP-1", book.current("ORD-1"));
            assertEquals("ORD-1", book.orderId("RP-1"));
            assertEquals("ORD-1", book.orderId("ORD-1"));
        }
    }

    @Test
    public void reloadRestoresBothMapsIncludingReplacedClOrdIds() throws Exception {
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            book.map("ORD-1", "ORD-1");
            book.map("RP-1", "ORD-1");
            book.current("ORD-1", "RP-1");
            book.map("RP-2", "ORD-1");
            book.current("ORD-1", "RP-2");
            book.map("CX-1", "ORD-1");
            book.map("ORD-2", "ORD-2");
            book.map("CX-2", "ORD-2");
        }

        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            for (String c : new String[]{"ORD-1", "RP-1", "RP-2", "CX-1"}) {
                assertEquals(c, "ORD-1", book.orderId(c));
            }
            assertEquals("ORD-2", book.orderId("ORD-2"));
            assertEquals("ORD-2", book.orderId("CX-2"));
            assertEquals("RP-2", book.current("ORD-1"));
            assertEquals("ORD-2", book.current("ORD-2"));

            // The reopened book appends; it does not start the file again.
            book.map("ORD-3", "ORD-3");
            book.current("ORD-2", "RP-9");
        }

        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            assertEquals("RP-2", book.current("ORD-1"));
            assertEquals("RP-9", book.current("ORD-2"));
            assertEquals("ORD-3", book.current("ORD-3"));
            assertEquals("ORD-3", book.orderId("ORD-3"));
            assertEquals("ORD-1", book.orderId("RP-1"));
        }
    }

    @Test
    public void unreadableLinesAreSkipped() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), ("M ORD-1 ORD-1\nC ORD-1 ORD-1\ngarbage\n\nX a b\nM RP-1 ORD-1\nC RP-1 ORD-1\n")
                .getBytes(StandardCharsets.UTF_8));
        try (ClOrdIdBook book = new ClOrdIdBook(file())) {
            assertEquals("RP-1", book.current("ORD-1"));
            assertEquals("ORD-1", book.orderId("RP-1"));
            assertNull(book.orderId("a"));
        }
    }
}
