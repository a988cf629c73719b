package io.tradeloom.broker.fix.internal;

import org.junit.Test;
import quickfix.Log;
import quickfix.SessionID;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class MaskingLogFactoryTest {

    private static final String SOH = "\u0001";

    private static String fix(String... fields) {
        return String.join(SOH, fields) + SOH;
    }

    @Test
    public void passwordInTheMiddleIsMasked() {
        String masked = MaskingLogFactory.mask(fix("8=FIX.4.4", "9=80", "35=A", "49=TRADELOOM", "56=ACME",
                "554=s3cret", "98=0", "108=30", "10=123"));
        assertEquals("8=FIX.4.4|9=80|35=A|49=TRADELOOM|56=ACME|554=****|98=0|108=30|10=123|", masked);
    }

    @Test
    public void secretAsFirstFieldIsMasked() {
        assertEquals("554=****|58=hello|", MaskingLogFactory.mask(fix("554=s3cret", "58=hello")));
        assertEquals("925=****|", MaskingLogFactory.mask(fix("925=new")));
        assertEquals("96=****", MaskingLogFactory.mask("96=raw"));
    }

    @Test
    public void secretAsLastFieldIsMasked() {
        assertEquals("35=A|96=****", MaskingLogFactory.mask("35=A" + SOH + "96=rawdata"));
        assertEquals("35=A|925=****|", MaskingLogFactory.mask(fix("35=A", "925=n3w")));
    }

    @Test
    public void allThreeAtOnceAndNothingElse() {
        String masked = MaskingLogFactory.mask(fix("8=FIX.4.4", "554=a", "95=3", "96=xyz", "925=b", "58=keep",
                "1554=keep", "5540=keep", "196=keep", "960=keep", "9250=keep"));
        assertEquals("8=FIX.4.4|554=****|95=3|96=****|925=****|58=keep|1554=keep|5540=keep|196=keep|960=keep|"
                + "9250=keep|", masked);
        assertFalse(masked.contains("xyz"));
    }

    @Test
    public void textWithoutSecretsOnlyHasItsDelimitersShown() {
        assertEquals("8=FIX.4.4|35=0|", MaskingLogFactory.mask(fix("8=FIX.4.4", "35=0")));
        assertEquals("no fix here", MaskingLogFactory.mask("no fix here"));
        assertNull(MaskingLogFactory.mask(null));
    }

    @Test
    public void errorEventsReachTheCallbackMaskedAndCountersAreCalled() {
        AtomicInteger in = new AtomicInteger();
        AtomicInteger out = new AtomicInteger();
        List<String> errors = new CopyOnWriteArrayList<>();
        MaskingLogFactory factory = new MaskingLogFactory(in::incrementAndGet, out::incrementAndGet, errors::add);
        Log log = factory.create(new SessionID("FIX.4.4", "TRADELOOM", "ACME"));

        log.onIncoming(fix("8=FIX.4.4", "35=A", "554=pw"));
        log.onIncoming(fix("8=FIX.4.4", "35=0"));
        log.onOutgoing(fix("8=FIX.4.4", "35=A", "554=pw"));
        log.onEvent("Initiated logon request");
        log.clear();
        assertEquals(2, in.get());
        assertEquals(1, out.get());
        assertTrue("plain events are not errors", errors.isEmpty());

        log.onErrorEvent("Invalid message: " + fix("8=FIX.4.4", "35=A", "554=hunter2", "925=hunter3"));
        assertEquals(1, errors.size());
        assertEquals("Invalid message: 8=FIX.4.4|35=A|554=****|925=****|", errors.get(0));
        assertFalse(errors.get(0).contains("hunter"));
        assertEquals("error events are not messages", 2, in.get());
        assertEquals(1, out.get());
    }
}
