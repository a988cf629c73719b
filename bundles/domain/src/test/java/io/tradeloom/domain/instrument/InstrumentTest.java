package io.tradeloom.domain.instrument;

import org.junit.Test;

import java.math.BigDecimal;

import static io.tradeloom.domain.DecimalAssert.assertDecimal;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

public class InstrumentTest {

    @Test
    public void equityFactory() {
        Instrument i = Instrument.equity("AAPL");
        assertEquals("AAPL", i.symbol());
        assertSame(AssetClass.EQUITY, i.assetClass());
        assertEquals("USD", i.currency());
        assertDecimal("0.01", i.tickSize());
        assertDecimal("1", i.lotSize());
    }

    @Test
    public void fractionalTickAndLotAreFine() {
        Instrument i = new Instrument("BTCUSD", AssetClass.CRYPTO, "USD", new BigDecimal("0.5"),
                new BigDecimal("0.0001"));
        assertDecimal("0.0001", i.lotSize());
    }

    @Test
    public void blankSymbolIsRejected() {
        try {
            Instrument.equity("  ");
            fail("blank symbol");
        } catch (IllegalArgumentException ex) {
            assertEquals("symbol: must not be blank", ex.getMessage());
        }
    }

    @Test
    public void tickSizeMustBePositive() {
        for (String bad : new String[] {"0", "-0.01", "0.00"}) {
            try {
                new Instrument("X", AssetClass.FUTURE, "USD", new BigDecimal(bad), BigDecimal.ONE);
                fail("tick " + bad);
            } catch (IllegalArgumentException ex) {
                assertEquals("tickSize: must be positive (was " + bad + ")", ex.getMessage());
            }
        }
    }

    @Test
    public void lotSizeMustBePositive() {
        try {
            new Instrument("X", AssetClass.FUTURE, "USD", BigDecimal.ONE, new BigDecimal("-1E+2"));
            fail("negative lot");
        } catch (IllegalArgumentException ex) {
            assertEquals("lotSize: must be positive (was -100)", ex.getMessage());
        }
    }

    @Test
    public void nullsAreNamed() {
        try {
            new Instrument("X", null, "USD", BigDecimal.ONE, BigDecimal.ONE);
            fail("assetClass is required");
        } catch (NullPointerException ex) {
            assertEquals("assetClass", ex.getMessage());
        }
        try {
            new Instrument("X", AssetClass.FX, "USD", null, BigDecimal.ONE);
            fail("tickSize is required");
        } catch (NullPointerException ex) {
            assertEquals("tickSize", ex.getMessage());
        }
    }
}
