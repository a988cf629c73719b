package io.tradeloom.domain.validation;

import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import org.junit.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class OrderValidatorTest {

    /** A valid market order; each test breaks or changes one thing. */
    private static OrderRequest.Builder market() {
        return OrderRequest.builder().venue("paper").symbol("AAPL").account("ACC-1").side(Side.BUY)
                .type(OrderType.MARKET).timeInForce(TimeInForce.DAY).quantity("100");
    }

    private static OrderRequest.Builder limit() {
        return market().type(OrderType.LIMIT).limitPrice("10.50");
    }

    private static List<String> messages(OrderRequest r) {
        return OrderValidator.validate(r).stream().map(Violation::toString).collect(Collectors.toList());
    }

    private static void assertOnly(String expected, OrderRequest r) {
        assertEquals(List.of(expected), messages(r));
    }

    private static void assertValid(OrderRequest r) {
        assertEquals(List.of(), messages(r));
        OrderValidator.requireValid(r); // must not throw
    }

    @Test
    public void validMarketAndLimitOrdersPass() {
        assertValid(market().build());
        assertValid(limit().build());
        assertValid(market().side(Side.SELL_SHORT).timeInForce(TimeInForce.IOC).quantity("0.5").build());
    }

    @Test
    public void nullRequest() {
        assertOnly("order=(missing): is required", null);
    }

    @Test
    public void venueIsRequired() {
        assertOnly("venue=(missing): is required", market().venue(null).build());
        assertOnly("venue=  : is required", market().venue("  ").build());
    }

    @Test
    public void symbolIsRequired() {
        assertOnly("symbol=(missing): is required", market().symbol(null).build());
        assertOnly("symbol=: is required", market().symbol("").build());
    }

    @Test
    public void accountIsRequired() {
        assertOnly("account=(missing): is required", market().account(null).build());
        assertOnly("account= : is required", market().account(" ").build());
    }

    @Test
    public void builderDefaultsAccountTypeAndTif() {
        assertValid(OrderRequest.builder().venue("paper").symbol("AAPL").side(Side.BUY).quantity("1").build());
    }

    @Test
    public void clientOrderIdLength() {
        String max = "x".repeat(64);
        assertValid(market().clientOrderId(max).build());
        assertValid(market().clientOrderId("a").build());
        assertValid(market().clientOrderId(null).build());
        String tooLong = "x".repeat(65);
        assertOnly("clientOrderId=" + tooLong + ": must be 1 to 64 characters",
                market().clientOrderId(tooLong).build());
        assertOnly("clientOrderId=: must be 1 to 64 characters", market().clientOrderId("").build());
        assertOnly("clientOrderId=   : must be 1 to 64 characters", market().clientOrderId("   ").build());
    }

    @Test
    public void sideTypeAndTifAreRequired() {
        assertOnly("side=(missing): is required (buy, sell or sell_short)", market().side(null).build());
        assertOnly("type=(missing): is required", market().type(null).build());
        assertOnly("tif=(missing): is required", market().timeInForce(null).build());
    }

    @Test
    public void quantityMustBePositive() {
        assertOnly("qty=(missing): is required", market().quantity((String) null).build());
        assertOnly("qty=0: must be greater than 0", market().quantity("0").build());
        assertOnly("qty=-5: must be greater than 0", market().quantity("-5").build());
        assertValid(market().quantity("0.0001").build());
    }

    @Test
    public void quantityIsShownPlainNotInScientificNotation() {
        assertOnly("qty=-5000000: must be greater than 0", market().quantity(new BigDecimal("-5E+6")).build());
    }

    @Test
    public void requireValidThrowsNamingFieldAndValue() {
        try {
            OrderValidator.requireValid(market().quantity("-5").build());
            fail("qty -5 must be rejected");
        } catch (ValidationException ex) {
            assertEquals("invalid order: qty=-5: must be greater than 0", ex.getMessage());
            assertEquals(1, ex.violations().size());
            Violation v = ex.violations().get(0);
            assertEquals("qty", v.field());
            assertEquals("-5", v.value());
            assertEquals("must be greater than 0", v.reason());
        }
    }

    @Test
    public void requireValidListsEveryViolation() {
        try {
            OrderValidator.requireValid(market().venue(null).quantity("0").limitPrice("5").build());
            fail("three rules are broken");
        } catch (ValidationException ex) {
            assertEquals("invalid order: venue=(missing): is required; qty=0: must be greater than 0; "
                    + "price=5: not allowed for MARKET orders", ex.getMessage());
            assertEquals(3, ex.violations().size());
        }
    }

    @Test
    public void limitNeedsAPositivePrice() {
        assertOnly("price=(missing): required for LIMIT orders", limit().limitPrice((String) null).build());
        assertOnly("price=0: must be greater than 0", limit().limitPrice("0").build());
        assertOnly("price=-1.25: must be greater than 0", limit().limitPrice("-1.25").build());
        assertValid(limit().limitPrice("0.0001").build());
    }

    @Test
    public void marketMustNotHaveAPrice() {
        assertOnly("price=10.50: not allowed for MARKET orders", market().limitPrice("10.50").build());
        assertOnly("stopPrice=9: not allowed for MARKET orders", market().stopPrice("9").build());
    }

    @Test
    public void stopNeedsAStopPriceAndNoLimit() {
        OrderRequest.Builder stop = market().type(OrderType.STOP).stopPrice("9.50");
        assertValid(stop.build());
        assertOnly("stopPrice=(missing): required for STOP orders", stop.stopPrice((String) null).build());
        assertOnly("stopPrice=-9.5: must be greater than 0", stop.stopPrice("-9.5").build());
        assertOnly("price=10: not allowed for STOP orders", stop.stopPrice("9.5").limitPrice("10").build());
    }

    @Test
    public void stopLimitNeedsBothPrices() {
        OrderRequest.Builder sl = market().type(OrderType.STOP_LIMIT).stopPrice("9.50").limitPrice("9.40");
        assertValid(sl.build());
        assertOnly("price=(missing): required for STOP_LIMIT orders", sl.limitPrice((String) null).build());
        assertOnly("stopPrice=(missing): required for STOP_LIMIT orders",
                sl.limitPrice("9.40").stopPrice((String) null).build());
        assertEquals(List.of("price=(missing): required for STOP_LIMIT orders",
                        "stopPrice=(missing): required for STOP_LIMIT orders"),
                messages(sl.limitPrice((String) null).stopPrice((String) null).build()));
    }

    @Test
    public void trailingStopNeedsAnOffsetAndNothingElse() {
        OrderRequest.Builder ts = market().type(OrderType.TRAILING_STOP).trailingOffset(new BigDecimal("0.25"));
        assertValid(ts.build());
        assertOnly("trailingOffset=(missing): required for TRAILING_STOP orders",
                ts.trailingOffset(null).build());
        assertOnly("trailingOffset=0: must be greater than 0", ts.trailingOffset(BigDecimal.ZERO).build());
        assertOnly("stopPrice=9: not allowed for TRAILING_STOP orders",
                ts.trailingOffset(new BigDecimal("0.25")).stopPrice("9").build());
        assertOnly("price=9: not allowed for TRAILING_STOP orders",
                ts.stopPrice((String) null).limitPrice("9").build());
    }

    @Test
    public void trailingOffsetOnlyForTrailingStops() {
        assertOnly("trailingOffset=0.25: only allowed for TRAILING_STOP orders",
                limit().trailingOffset(new BigDecimal("0.25")).build());
    }

    @Test
    public void openingAndClosingAuctionsTakeOnlyMarketAndLimit() {
        for (TimeInForce tif : new TimeInForce[] {TimeInForce.OPG, TimeInForce.CLS}) {
            assertValid(market().timeInForce(tif).build());
            assertValid(limit().timeInForce(tif).build());
            assertOnly("tif=" + tif + ": only MARKET and LIMIT orders can be " + tif,
                    market().timeInForce(tif).type(OrderType.STOP).stopPrice("9").build());
            assertOnly("tif=" + tif + ": only MARKET and LIMIT orders can be " + tif,
                    market().timeInForce(tif).type(OrderType.STOP_LIMIT).stopPrice("9").limitPrice("9").build());
            assertOnly("tif=" + tif + ": only MARKET and LIMIT orders can be " + tif,
                    market().timeInForce(tif).type(OrderType.TRAILING_STOP).trailingOffset(BigDecimal.ONE)
                            .build());
        }
    }

    @Test
    public void otherTimesInForceTakeEveryType() {
        for (TimeInForce tif : new TimeInForce[] {TimeInForce.DAY, TimeInForce.GTC, TimeInForce.IOC,
                TimeInForce.FOK}) {
            assertValid(market().timeInForce(tif).type(OrderType.STOP).stopPrice("9").build());
        }
    }

    @Test
    public void missingTypeSkipsPriceRules() {
        // without a type the price rules cannot be applied; only the type is reported
        assertOnly("type=(missing): is required", market().type(null).limitPrice("5").stopPrice("4")
                .timeInForce(TimeInForce.OPG).build());
    }

    @Test
    public void everythingMissing() {
        OrderRequest empty = new OrderRequest(null, null, null, null, null, null, null, null, null, null, null,
                null);
        List<String> m = messages(empty);
        assertEquals(List.of("venue=(missing): is required", "symbol=(missing): is required",
                "account=(missing): is required", "side=(missing): is required (buy, sell or sell_short)",
                "type=(missing): is required", "tif=(missing): is required", "qty=(missing): is required"), m);
        assertTrue(OrderValidator.validate(market().build()).isEmpty());
    }
}
