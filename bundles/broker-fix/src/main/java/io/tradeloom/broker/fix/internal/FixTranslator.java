package io.tradeloom.broker.fix.internal;

import io.tradeloom.domain.instrument.SymbolMapping;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import quickfix.FieldMap;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.UtcTimestampPrecision;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecInst;
import quickfix.field.HandlInst;
import quickfix.field.LastLiquidityInd;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.PegOffsetValue;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.StopPx;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Domain <-> FIX 4.4. Prices and quantities go on the wire as the exact decimal text of their BigDecimal (the
 * generated field classes are double-based); times are UTC with nanoseconds where the venue sends them.
 */
final class FixTranslator {

    private final SymbolMapping symbols;
    private final String account;
    private final Clock clock;

    FixTranslator(SymbolMapping symbols, String account, Clock clock) {
        this.symbols = symbols;
        this.account = account;
        this.clock = clock;
    }

    quickfix.fix44.NewOrderSingle newOrder(Order o, String clOrdId) {
        quickfix.fix44.NewOrderSingle m = new quickfix.fix44.NewOrderSingle();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setChar(HandlInst.FIELD, HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE_NO_BROKER_INTERVENTION);
        setAccount(m, o);
        m.setString(Symbol.FIELD, symbols.toVenue(o.symbol()));
        m.setChar(Side.FIELD, o.side().fixCode());
        now(m);
        m.setString(OrderQty.FIELD, o.quantity().toPlainString());
        terms(m, o.type(), o.limitPrice(), o.stopPrice(), o.trailingOffset());
        m.setChar(TimeInForce.FIELD, o.timeInForce().fixCode());
        return m;
    }

    quickfix.fix44.OrderCancelRequest cancel(Order o, String origClOrdId, String clOrdId) {
        quickfix.fix44.OrderCancelRequest m = new quickfix.fix44.OrderCancelRequest();
        m.setString(OrigClOrdID.FIELD, origClOrdId);
        m.setString(ClOrdID.FIELD, clOrdId);
        setAccount(m, o);
        m.setString(Symbol.FIELD, symbols.toVenue(o.symbol()));
        m.setChar(Side.FIELD, o.side().fixCode());
        now(m);
        m.setString(OrderQty.FIELD, o.quantity().toPlainString());
        if (o.venueOrderId() != null) {
            m.setString(OrderID.FIELD, o.venueOrderId());
        }
        return m;
    }

    quickfix.fix44.OrderCancelReplaceRequest replace(Order o, String origClOrdId, String clOrdId, BigDecimal qty,
                                                     BigDecimal limitPrice) {
        quickfix.fix44.OrderCancelReplaceRequest m = new quickfix.fix44.OrderCancelReplaceRequest();
        m.setString(OrigClOrdID.FIELD, origClOrdId);
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setChar(HandlInst.FIELD, HandlInst.AUTOMATED_EXECUTION_ORDER_PRIVATE_NO_BROKER_INTERVENTION);
        setAccount(m, o);
        m.setString(Symbol.FIELD, symbols.toVenue(o.symbol()));
        m.setChar(Side.FIELD, o.side().fixCode());
        now(m);
        m.setString(OrderQty.FIELD, (qty != null ? qty : o.quantity()).toPlainString());
        terms(m, o.type(), limitPrice != null ? limitPrice : o.limitPrice(), o.stopPrice(), o.trailingOffset());
        m.setChar(TimeInForce.FIELD, o.timeInForce().fixCode());
        if (o.venueOrderId() != null) {
            m.setString(OrderID.FIELD, o.venueOrderId());
        }
        return m;
    }

    quickfix.fix44.OrderStatusRequest status(String clOrdId, Order o) {
        quickfix.fix44.OrderStatusRequest m = new quickfix.fix44.OrderStatusRequest();
        m.setString(ClOrdID.FIELD, clOrdId);
        m.setString(Symbol.FIELD, symbols.toVenue(o.symbol()));
        m.setChar(Side.FIELD, o.side().fixCode());
        if (o.venueOrderId() != null) {
            m.setString(OrderID.FIELD, o.venueOrderId());
        }
        return m;
    }

    private void setAccount(FieldMap m, Order o) {
        String acc = account != null ? account : o.account();
        if (acc != null) {
            m.setString(Account.FIELD, acc);
        }
    }

    private void now(FieldMap m) {
        m.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                UtcTimestampPrecision.NANOS);
    }

    private static void terms(FieldMap m, OrderType type, BigDecimal limit, BigDecimal stop, BigDecimal trail) {
        m.setChar(OrdType.FIELD, type.fixCode());
        if (type.needsLimitPrice() && limit != null) {
            m.setString(Price.FIELD, limit.toPlainString());
        }
        if (type.needsStopPrice() && stop != null) {
            m.setString(StopPx.FIELD, stop.toPlainString());
        }
        if (type == OrderType.TRAILING_STOP && trail != null) {
            // FIX 4.4 expresses a trailing stop as a pegged order with the trailing-stop peg instruction.
            m.setString(ExecInst.FIELD, String.valueOf(ExecInst.TRAILING_STOP_PEG));
            m.setString(PegOffsetValue.FIELD, trail.toPlainString());
        }
    }

    /**
     * Normalizes one ExecutionReport. FIX 4.2-style ExecType 1/2 (partial fill, fill) are read as TRADE.
     *
     * @throws FieldNotFound            when a required tag is missing
     * @throws IllegalArgumentException naming the tag when a value is not what FIX 4.4 allows
     */
    Execution execution(Message er, String orderId, String venueId) throws FieldNotFound {
        char execTypeCode = er.getChar(quickfix.field.ExecType.FIELD);
        ExecType execType = execTypeCode == '1' || execTypeCode == '2' ? ExecType.TRADE
                : ExecType.fromFixCode(execTypeCode);
        OrderStatus status = OrderStatus.fromFixCode(er.getChar(OrdStatus.FIELD));
        Instant time = er.isSetField(TransactTime.FIELD)
                ? er.getUtcTimeStamp(TransactTime.FIELD).toInstant(ZoneOffset.UTC) : clock.instant();
        return new Execution(er.getString(ExecID.FIELD), orderId, er.getString(ClOrdID.FIELD), venueId,
                optional(er, OrderID.FIELD), execType, status, decimal(er, LastQty.FIELD), decimal(er, LastPx.FIELD),
                decimal(er, CumQty.FIELD), decimal(er, LeavesQty.FIELD), decimal(er, AvgPx.FIELD),
                decimal(er, OrderQty.FIELD), decimal(er, Price.FIELD), time, optional(er, Text.FIELD),
                liquidity(er));
    }

    private static Liquidity liquidity(Message er) throws FieldNotFound {
        if (!er.isSetField(LastLiquidityInd.FIELD)) {
            return Liquidity.UNKNOWN;
        }
        return switch (er.getInt(LastLiquidityInd.FIELD)) {
            case LastLiquidityInd.ADDED_LIQUIDITY -> Liquidity.ADDED;
            case LastLiquidityInd.REMOVED_LIQUIDITY -> Liquidity.REMOVED;
            case LastLiquidityInd.LIQUIDITY_ROUTED_OUT -> Liquidity.ROUTED_OUT;
            default -> Liquidity.UNKNOWN;
        };
    }

    static String optional(FieldMap m, int tag) throws FieldNotFound {
        return m.isSetField(tag) ? m.getString(tag) : null;
    }

    static BigDecimal decimal(FieldMap m, int tag) throws FieldNotFound {
        if (!m.isSetField(tag)) {
            return null;
        }
        String v = m.getString(tag);
        try {
            return new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tag " + tag + "=" + v + ": not a decimal");
        }
    }
}
