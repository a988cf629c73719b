package io.tradeloom.vendor.csv.internal;

import org.junit.Test;

import java.nio.charset.CharacterCodingException;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class CsvReaderTest {

    private static List<CsvReader.Row> parse(String text) throws CsvReader.CsvSyntaxException {
        return CsvReader.parse(text);
    }

    @Test
    public void plainRowsWithLfCrLfAndCr() throws Exception {
        List<CsvReader.Row> rows = parse("a,b,c\r\n1,2,3\n4,5,6\r7,8,9");
        assertEquals(4, rows.size());
        assertEquals(List.of("a", "b", "c"), rows.get(0).cells());
        assertEquals(List.of("1", "2", "3"), rows.get(1).cells());
        assertEquals(List.of("4", "5", "6"), rows.get(2).cells());
        assertEquals(List.of("7", "8", "9"), rows.get(3).cells());
        assertEquals(4, rows.get(3).line());
    }

    @Test
    public void quotedFieldsHoldCommasQuotesAndLineBreaks() throws Exception {
        List<CsvReader.Row> rows = parse("name,note\r\n\"Apple, Inc.\",\"says \"\"hi\"\"\"\r\n\"two\r\nlines\",x\r\nlast,\"\"\r\n");
        assertEquals(4, rows.size());
        assertEquals(List.of("Apple, Inc.", "says \"hi\""), rows.get(1).cells());
        assertEquals(List.of("two\r\nlines", "x"), rows.get(2).cells());
        assertEquals(3, rows.get(2).line());
        // The record after a two-line field starts on physical line 5.
        assertEquals(5, rows.get(3).line());
        assertEquals(List.of("last", ""), rows.get(3).cells());
    }

    @Test
    public void bomAndBlankLinesAreDropped() throws Exception {
        List<CsvReader.Row> rows = parse("\uFEFFDate,Open\n\n2024-01-02,1\n   \n\r\n2024-01-03,2\n\n");
        assertEquals(3, rows.size());
        assertEquals("Date", rows.get(0).cells().get(0));
        assertEquals(3, rows.get(1).line());
        assertEquals(6, rows.get(2).line());
    }

    @Test
    public void emptyFieldsAreKept() throws Exception {
        assertEquals(List.of("", "", ""), parse(",,\n").get(0).cells());
        assertEquals(List.of("a", ""), parse("a,").get(0).cells());
    }

    @Test
    public void unclosedQuoteNamesTheLineItStartsOn() {
        try {
            parse("a,b\n1,2\n3,\"open\n4,5\n");
            fail("expected a syntax error");
        } catch (CsvReader.CsvSyntaxException e) {
            assertEquals(3, e.line());
            assertTrue(e.getMessage(), e.getMessage().contains("never closed"));
        }
    }

    @Test
    public void textAfterClosingQuoteIsAnError() {
        try {
            parse("a,b\n\"1\"x,2\n");
            fail("expected a syntax error");
        } catch (CsvReader.CsvSyntaxException e) {
            assertEquals(2, e.line());
        }
    }

    @Test(expected = CharacterCodingException.class)
    public void notUtf8IsRefused() throws Exception {
        CsvReader.decode(new byte[] {'a', ',', (byte) 0xE9, '\n'});
    }
}
