package io.tradeloom.simulators.fix;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.Test;

/** The server-to-client relay forwards whole messages only. */
public class FaultProxyFramerTest {

    private static String take(FaultProxy.FixFramer f, String chunk) {
        byte[] b = chunk.getBytes(StandardCharsets.ISO_8859_1);
        f.append(b, b.length);
        return new String(f.takeCompleteMessages(), StandardCharsets.ISO_8859_1);
    }

    @Test
    public void splitsTheStreamAtMessageBoundaries() {
        String m1 = FixGarbage.message("FIX.4.4", "0", "A", "B", 1);
        String m2 = FixGarbage.message("FIX.4.4", "8", "A", "B", 2, "11=X", "55=Y");
        FaultProxy.FixFramer f = new FaultProxy.FixFramer();
        String all = m1 + m2;
        int cut = m1.length() + 10;
        assertEquals(m1, take(f, all.substring(0, cut)));
        assertEquals(m2, take(f, all.substring(cut)));
        assertEquals("", take(f, ""));
        // a byte at a time
        StringBuilder out = new StringBuilder();
        for (char c : all.toCharArray()) {
            out.append(take(f, String.valueOf(c)));
        }
        assertEquals(all, out.toString());
    }

    @Test
    public void dropsTheTailOfAMessageCutByASilentPeriod() {
        String m1 = FixGarbage.message("FIX.4.4", "0", "A", "B", 1);
        String m2 = FixGarbage.message("FIX.4.4", "0", "A", "B", 2);
        FaultProxy.FixFramer f = new FaultProxy.FixFramer();
        assertEquals(m2, take(f, m1.substring(20) + m2));
    }
}
