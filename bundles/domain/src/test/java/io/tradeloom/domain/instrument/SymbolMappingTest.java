package io.tradeloom.domain.instrument;

import org.junit.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class SymbolMappingTest {

    @Test
    public void parseMapsBothWays() {
        SymbolMapping m = SymbolMapping.parse("BRK.B=BRK/B,BTCUSD=XBTUSD");
        assertEquals("BRK/B", m.toVenue("BRK.B"));
        assertEquals("XBTUSD", m.toVenue("BTCUSD"));
        assertEquals("BRK.B", m.fromVenue("BRK/B"));
        assertEquals("BTCUSD", m.fromVenue("XBTUSD"));
        assertEquals(Map.of("BRK.B", "BRK/B", "BTCUSD", "XBTUSD"), m.entries());
    }

    @Test
    public void parseTrimsAndSkipsEmptyEntries() {
        SymbolMapping m = SymbolMapping.parse("  BRK.B = BRK/B , , BTCUSD=XBTUSD ,");
        assertEquals(Map.of("BRK.B", "BRK/B", "BTCUSD", "XBTUSD"), m.entries());
    }

    @Test
    public void unmappedSymbolsMapToThemselves() {
        SymbolMapping m = SymbolMapping.parse("BRK.B=BRK/B");
        assertEquals("AAPL", m.toVenue("AAPL"));
        assertEquals("AAPL", m.fromVenue("AAPL"));
    }

    @Test
    public void identityAndBlankSpecs() {
        for (SymbolMapping m : new SymbolMapping[] {SymbolMapping.identity(), SymbolMapping.parse(null),
                SymbolMapping.parse(""), SymbolMapping.parse("   ")}) {
            assertTrue(m.entries().isEmpty());
            assertEquals("MSFT", m.toVenue("MSFT"));
            assertEquals("MSFT", m.fromVenue("MSFT"));
        }
    }

    @Test
    public void badEntriesAreNamed() {
        String[][] cases = {
                {"AAPL", "AAPL"},
                {"BRK.B=BRK/B,=X", "=X"},
                {"BRK.B=BRK/B, Y= ", "Y="},
                {"A=B;C=D,E", "E"},
        };
        for (String[] c : cases) {
            try {
                SymbolMapping.parse(c[0]);
                fail("'" + c[0] + "' should not parse");
            } catch (IllegalArgumentException ex) {
                assertEquals("symbol mapping entry '" + c[1] + "' is not of the form OURS=VENUE", ex.getMessage());
            }
        }
    }

    @Test
    public void duplicateVenueSymbolIsRejected() {
        try {
            SymbolMapping.parse("GOOG=GOOGL,GOOGL=GOOGL");
            fail("two of our symbols cannot share a venue symbol");
        } catch (IllegalArgumentException ex) {
            String msg = ex.getMessage();
            assertTrue(msg, msg.startsWith("symbol mapping: venue symbol GOOGL is mapped from both "));
            assertTrue(msg, msg.contains("GOOG ") || msg.endsWith("GOOG"));
            assertTrue(msg, msg.contains(" GOOGL and ") || msg.endsWith(" GOOGL"));
        }
    }

    @Test
    public void duplicateVenueSymbolIsRejectedByOfToo() {
        Map<String, String> map = new HashMap<>();
        map.put("A", "X");
        map.put("B", "X");
        try {
            SymbolMapping.of(map);
            fail("A and B both map to X");
        } catch (IllegalArgumentException ex) {
            assertTrue(ex.getMessage(), ex.getMessage().contains("venue symbol X"));
        }
    }

    @Test
    public void ofCopiesItsInput() {
        Map<String, String> map = new HashMap<>();
        map.put("BTCUSD", "XBTUSD");
        SymbolMapping m = SymbolMapping.of(map);
        map.put("ETHUSD", "XETHUSD");
        map.put("BTCUSD", "OTHER");
        assertEquals("XBTUSD", m.toVenue("BTCUSD"));
        assertEquals("ETHUSD", m.toVenue("ETHUSD"));
        assertEquals(1, m.entries().size());
    }

    @Test(expected = UnsupportedOperationException.class)
    public void entriesAreUnmodifiable() {
        SymbolMapping.parse("A=B").entries().put("C", "D");
    }

    @Test(expected = NullPointerException.class)
    public void ofRejectsNull() {
        SymbolMapping.of(null);
    }

    @Test
    public void toStringShowsTheEntries() {
        assertEquals("SymbolMapping{A=B}", SymbolMapping.parse("A=B").toString());
        assertEquals("SymbolMapping{}", SymbolMapping.identity().toString());
    }
}
