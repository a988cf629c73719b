package io.tradeloom.simulators.fix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;

import org.junit.Test;

import quickfix.DataDictionary;
import quickfix.InvalidMessage;
import quickfix.Message;
import quickfix.field.MsgSeqNum;

/** The builders produce what they claim, checked with QuickFIX/J's own parser. */
public class FixGarbageTest {

    private static final String SOH = "\u0001";

    @Test
    public void checksumIsTheByteSumModulo256() {
        assertEquals(('A' + 'B' + 1) % 256, FixGarbage.checksum("AB" + SOH));
        assertEquals("007", FixGarbage.formatChecksum(7));
        assertEquals("8=FIX.4.4\u00019=5\u000135=0\u0001", FixGarbage.soh("8=FIX.4.4|9=5|35=0|"));
    }

    @Test
    public void wellFormedMessagesParseWithChecksumValidation() throws Exception {
        DataDictionary dd = new DataDictionary("FIX44.xml");
        String hb = FixGarbage.message("FIX.4.4", "0", "SIMBROKER", "TRADELOOM", 17);
        Message parsed = new Message(hb, dd, true);
        assertEquals(17, parsed.getHeader().getInt(MsgSeqNum.FIELD));
        String body = hb.substring(hb.indexOf(SOH + "35=") + 1, hb.lastIndexOf(SOH + "10=") + 1);
        assertTrue(hb.contains(SOH + "9=" + body.length() + SOH));

        String er = FixGarbage.executionReportMissingRequiredTags("SIMBROKER", "TRADELOOM", 18);
        new Message(er, dd, false); // framing and checksum are right ...
        try {
            dd.validate(new Message(er, dd, false));
            fail("... but required tags are missing");
        } catch (quickfix.FieldException expected) {
            // RequiredTagMissing
        }
    }

    @Test
    public void badChecksumAndBadBodyLengthAreDetected() throws Exception {
        DataDictionary dd = new DataDictionary("FIX44.xml");
        try {
            new Message(FixGarbage.heartbeatWithBadChecksum("S", "T", 3), dd, true);
            fail("bad checksum accepted");
        } catch (InvalidMessage expected) {
            assertTrue(expected.getMessage(), expected.getMessage().toLowerCase().contains("checksum"));
        }
        String good = FixGarbage.message("FIX.4.4", "0", "S", "T", 3);
        String bad = FixGarbage.heartbeatWithBadBodyLength("S", "T", 3);
        int goodLen = Integer.parseInt(good.split(SOH)[1].substring(2));
        int badLen = Integer.parseInt(bad.split(SOH)[1].substring(2));
        assertEquals(goodLen - 10, badLen);
        // the checksum of the altered message is right, only the length lies
        String withoutTrailer = bad.substring(0, bad.lastIndexOf("10="));
        assertEquals(FixGarbage.formatChecksum(FixGarbage.checksum(withoutTrailer)),
                bad.substring(bad.lastIndexOf("10=") + 3, bad.length() - 1));
    }

    @Test
    public void noiseNeverLooksLikeAHeader() {
        byte[] noise = FixGarbage.noise(10_000, 7);
        assertEquals(10_000, noise.length);
        assertFalse(new String(noise, StandardCharsets.ISO_8859_1).contains("8="));
        assertEquals(64, FixGarbage.build(FixGarbage.Kind.NOISE, "S", "T", 1).length);
    }
}
