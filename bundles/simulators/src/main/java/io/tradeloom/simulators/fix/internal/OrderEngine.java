package io.tradeloom.simulators.fix.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tradeloom.simulators.fix.FixSimulatorConfig;
import io.tradeloom.simulators.fix.SimulatedOrder;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.UtcTimestampPrecision;
import quickfix.field.Account;
import quickfix.field.AvgPx;
import quickfix.field.BusinessRejectReason;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.MsgType;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdStatusReqID;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.PossDupFlag;
import quickfix.field.PossResend;
import quickfix.field.Price;
import quickfix.field.RefMsgType;
import quickfix.field.RefSeqNum;
import quickfix.field.Side;
import quickfix.field.StopPx;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;

/**
 * The simulated broker: the order book, the answers to NewOrderSingle, OrderCancelRequest,
 * OrderCancelReplaceRequest and OrderStatusRequest, and the timed acks and fills. All state is guarded by this
 * object's monitor; timers run on one scheduler thread. Every change is written to the {@link OrderBookStore}.
 *
 * <p>Timers only run while the engine is resumed: a stopped simulator pauses the engine, then stops the acceptor
 * (incoming messages are still answered), then closes the engine. A new engine loads the book and, on
 * {@link #resume()}, schedules the acks and fills that were pending.
 */
final class OrderEngine {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEngine.class);
    private static final BigDecimal FOK_LIQUIDITY = new BigDecimal(10_000);
    private static final String VALID_OR_TYPES = "1234P";
    private static final String VALID_TIFS = "01234567";
    private static final String VALID_SIDES = "123456789ABCDEFG";

    private final FixSimulatorConfig config;
    private final SimulatorStats stats;
    private final SessionID sessionId;
    private final OrderBookStore store;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, SimOrder> byClOrdId = new HashMap<>();
    private final String execIdPrefix;
    private long nextOrderId;
    private long execSeq;
    private boolean paused = true;
    private boolean closed;

    OrderEngine(FixSimulatorConfig config, SimulatorStats stats, SessionID sessionId) throws IOException {
        this.config = config;
        this.stats = stats;
        this.sessionId = sessionId;
        this.store = new OrderBookStore(config.storeDir());
        OrderBookStore.Loaded loaded = store.load();
        this.nextOrderId = loaded.nextOrderId();
        for (SimOrder o : loaded.orders()) {
            orders.put(o.orderId, o);
            for (String id : o.chain) {
                byClOrdId.put(id, o);
            }
        }
        // unique across restarts: the start time in base 36
        this.execIdPrefix = "SX-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT) + "-";
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fix-sim-engine-" + config.senderCompId());
            t.setDaemon(true);
            return t;
        });
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer.setRemoveOnCancelPolicy(true);
        if (!orders.isEmpty()) {
            long working = orders.values().stream().filter(SimOrder::working).count();
            LOG.info("FIX simulator {}: loaded {} order(s), {} working, from {}", config.senderCompId(),
                    orders.size(), working, store.file());
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** Starts the timers and schedules every ack and fill that is due (after a restart: the pending ones). */
    synchronized void resume() {
        if (closed) {
            return;
        }
        paused = false;
        for (SimOrder o : orders.values()) {
            if (needsTimer(o) && o.pending == null) {
                schedulePending(o, o.status == SimOrder.PENDING_NEW ? config.ackDelayMillis()
                        : config.fillIntervalMillis());
            }
        }
    }

    /** No more acks or fills from now on; incoming messages are still answered. */
    synchronized void pause() {
        paused = true;
        for (SimOrder o : orders.values()) {
            o.cancelPending();
        }
    }

    void close() {
        synchronized (this) {
            pause();
            closed = true;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            save();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized List<SimulatedOrder> snapshot() {
        List<SimulatedOrder> list = new ArrayList<>(orders.size());
        for (SimOrder o : orders.values()) {
            list.add(o.snapshot());
        }
        return list;
    }

    // ------------------------------------------------------------------------------------------------ incoming

    /** Handles one application message; called on the QuickFIX/J session thread. */
    synchronized void onMessage(Message m) throws FieldNotFound {
        if (closed) {
            // QuickFIX/J does not count the message as received, so it is asked for again after the restart
            throw new IllegalStateException("the simulator is stopping");
        }
        String type = m.getHeader().getString(MsgType.FIELD);
        switch (type) {
            case MsgType.ORDER_SINGLE -> onNewOrder(m);
            case MsgType.ORDER_CANCEL_REQUEST -> onCancel(m);
            case MsgType.ORDER_CANCEL_REPLACE_REQUEST -> onReplace(m);
            case MsgType.ORDER_STATUS_REQUEST -> onStatusRequest(m);
            default -> throw new IllegalArgumentException("unsupported MsgType " + type);
        }
    }

    private void onNewOrder(Message m) throws FieldNotFound {
        String clOrdId = str(m, ClOrdID.FIELD);
        if (clOrdId == null) {
            businessReject(m, BusinessRejectReason.CONDITIONALLY_REQUIRED_FIELD_MISSING,
                    "ClOrdID (11) is required");
            return;
        }
        stats.newOrderSingle(clOrdId, possDup(m));
        if (stats.takeIgnore()) {
            // Fault injection: received (and counted) but lost inside the broker: never booked, never answered.
            LOG.info("FIX simulator {}: NewOrderSingle {} ignored (fault injection)", config.senderCompId(), clOrdId);
            return;
        }
        SimOrder existing = byClOrdId.get(clOrdId);
        if (existing != null) {
            stats.duplicateNewOrders.incrementAndGet();
            if (possDup(m)) {
                LOG.info("FIX simulator {}: NewOrderSingle {} resent (PossDupFlag), already order {}: ignored",
                        config.senderCompId(), clOrdId, existing.orderId);
            } else {
                LOG.info("FIX simulator {}: duplicate NewOrderSingle {} (order {}): rejected",
                        config.senderCompId(), clOrdId, existing.orderId);
                Message er = baseReport("NONE", clOrdId, ExecType.REJECTED, OrdStatus.REJECTED,
                        str(m, Symbol.FIELD), sideOrDefault(m), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
                er.setInt(OrdRejReason.FIELD, OrdRejReason.DUPLICATE_ORDER);
                er.setString(Text.FIELD, "duplicate ClOrdID " + clOrdId + " (order " + existing.orderId + ")");
                send(er);
            }
            return;
        }
        String sideStr = str(m, Side.FIELD);
        if (sideStr == null || sideStr.length() != 1 || VALID_SIDES.indexOf(sideStr.charAt(0)) < 0) {
            businessReject(m, sideStr == null ? BusinessRejectReason.CONDITIONALLY_REQUIRED_FIELD_MISSING
                    : BusinessRejectReason.OTHER, sideStr == null ? "Side (54) is required"
                    : "Side (54)=" + sideStr + ": not a FIX 4.4 side");
            return;
        }
        stats.newOrders.incrementAndGet();
        SimOrder o = new SimOrder("S-" + nextOrderId++);
        o.clOrdId = clOrdId;
        o.chain.add(clOrdId);
        o.side = sideStr.charAt(0);
        o.symbol = str(m, Symbol.FIELD);
        o.account = str(m, Account.FIELD);
        o.qty = BigDecimal.ZERO;
        orders.put(o.orderId, o);
        byClOrdId.put(clOrdId, o);

        int rejReason = OrdRejReason.OTHER;
        String error = null;
        try {
            String qty = str(m, OrderQty.FIELD);
            String ordType = str(m, OrdType.FIELD);
            String tif = str(m, TimeInForce.FIELD);
            if (o.symbol == null || o.symbol.isBlank()) {
                error = "Symbol (55) is required";
            } else if (qty == null) {
                error = "OrderQty (38) is required";
                rejReason = OrdRejReason.INCORRECT_QUANTITY;
            } else if ((o.qty = decimal(qty)) == null || o.qty.signum() <= 0) {
                error = "OrderQty (38)=" + qty + ": must be a number greater than 0";
                rejReason = OrdRejReason.INCORRECT_QUANTITY;
                o.qty = o.qty == null ? BigDecimal.ZERO : o.qty;
            } else if (ordType == null) {
                error = "OrdType (40) is required";
            } else if (ordType.length() != 1 || VALID_OR_TYPES.indexOf(ordType.charAt(0)) < 0) {
                error = "OrdType (40)=" + ordType + ": unsupported (1, 2, 3, 4, P)";
                rejReason = OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC;
            } else if (tif != null && (tif.length() != 1 || VALID_TIFS.indexOf(tif.charAt(0)) < 0)) {
                o.ordType = ordType.charAt(0);
                error = "TimeInForce (59)=" + tif + ": unsupported";
                rejReason = OrdRejReason.UNSUPPORTED_ORDER_CHARACTERISTIC;
            } else {
                o.ordType = ordType.charAt(0);
                o.tif = tif == null ? 0 : tif.charAt(0);
                error = priceError(o, m);
                if (error == null && config.rejectSymbols().contains(o.symbol)) {
                    error = "symbol " + o.symbol + " is restricted";
                    rejReason = OrdRejReason.BROKER_EXCHANGE_OPTION;
                }
            }
        } catch (RuntimeException e) {
            error = "invalid order: " + e.getMessage();
        }
        if (error != null) {
            o.status = SimOrder.REJECTED;
            o.text = error;
            save();
            Message er = report(o, ExecType.REJECTED, o.clOrdId, null);
            er.setInt(OrdRejReason.FIELD, rejReason);
            er.setString(Text.FIELD, error);
            LOG.info("FIX simulator {}: rejected {} ({}): {}", config.senderCompId(), o.clOrdId, o.orderId, error);
            send(er);
            return;
        }
        o.status = SimOrder.PENDING_NEW;
        save();
        if (config.ackDelayMillis() > 0 || paused) {
            schedulePending(o, config.ackDelayMillis());
        } else {
            acknowledge(o);
        }
    }

    /** Sets price and stop price from {@code m} for the order's type; returns an error text or null. */
    private String priceError(SimOrder o, Message m) {
        String price = str(m, Price.FIELD);
        String stop = str(m, StopPx.FIELD);
        boolean needsPrice = o.ordType == OrdType.LIMIT || o.ordType == OrdType.STOP_LIMIT;
        boolean needsStop = o.ordType == OrdType.STOP_STOP_LOSS || o.ordType == OrdType.STOP_LIMIT;
        if (price != null) {
            o.price = decimal(price);
            if (o.price == null || o.price.signum() <= 0) {
                o.price = null;
                return "Price (44)=" + price + ": must be a number greater than 0";
            }
        } else if (needsPrice) {
            return "Price (44) is required for OrdType " + o.ordType;
        }
        if (stop != null) {
            o.stopPx = decimal(stop);
            if (o.stopPx == null || o.stopPx.signum() <= 0) {
                o.stopPx = null;
                return "StopPx (99)=" + stop + ": must be a number greater than 0";
            }
        } else if (needsStop) {
            return "StopPx (99) is required for OrdType " + o.ordType;
        }
        return null;
    }

    private void onCancel(Message m) throws FieldNotFound {
        String clOrdId = str(m, ClOrdID.FIELD);
        String orig = str(m, OrigClOrdID.FIELD);
        if (clOrdId == null || orig == null) {
            businessReject(m, BusinessRejectReason.CONDITIONALLY_REQUIRED_FIELD_MISSING,
                    "ClOrdID (11) and OrigClOrdID (41) are required");
            return;
        }
        SimOrder o = byClOrdId.get(orig);
        if (o == null) {
            cancelReject(null, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REQUEST, CxlRejReason.UNKNOWN_ORDER,
                    "unknown order " + orig);
            return;
        }
        if (!o.working()) {
            cancelReject(o, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REQUEST, CxlRejReason.TOO_LATE_TO_CANCEL,
                    "too late to cancel: order " + o.orderId + " is " + statusName(o.status));
            return;
        }
        o.cancelPending();
        Message pending = report(o, ExecType.PENDING_CANCEL, clOrdId, o.clOrdId);
        pending.setChar(OrdStatus.FIELD, OrdStatus.PENDING_CANCEL);
        send(pending);
        String previous = o.clOrdId;
        o.origClOrdId = previous;
        o.clOrdId = clOrdId;
        if (!byClOrdId.containsKey(clOrdId)) {
            o.chain.add(clOrdId);
            byClOrdId.put(clOrdId, o);
        }
        o.status = SimOrder.CANCELED;
        o.text = "canceled on request " + clOrdId;
        save();
        send(report(o, ExecType.CANCELED, clOrdId, previous));
        LOG.info("FIX simulator {}: canceled {} ({}) on request {}", config.senderCompId(), previous, o.orderId,
                clOrdId);
    }

    private void onReplace(Message m) throws FieldNotFound {
        String clOrdId = str(m, ClOrdID.FIELD);
        String orig = str(m, OrigClOrdID.FIELD);
        if (clOrdId == null || orig == null) {
            businessReject(m, BusinessRejectReason.CONDITIONALLY_REQUIRED_FIELD_MISSING,
                    "ClOrdID (11) and OrigClOrdID (41) are required");
            return;
        }
        SimOrder o = byClOrdId.get(orig);
        if (o == null) {
            cancelReject(null, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
                    CxlRejReason.UNKNOWN_ORDER, "unknown order " + orig);
            return;
        }
        if (!o.working()) {
            cancelReject(o, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
                    CxlRejReason.TOO_LATE_TO_CANCEL,
                    "too late to replace: order " + o.orderId + " is " + statusName(o.status));
            return;
        }
        if (byClOrdId.containsKey(clOrdId)) {
            cancelReject(o, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
                    CxlRejReason.DUPLICATE_CLORDID_RECEIVED, "duplicate ClOrdID " + clOrdId);
            return;
        }
        String qtyStr = str(m, OrderQty.FIELD);
        BigDecimal newQty = qtyStr == null ? null : decimal(qtyStr);
        String error = null;
        if (newQty == null) {
            error = qtyStr == null ? "OrderQty (38) is required" : "OrderQty (38)=" + qtyStr + ": not a number";
        } else if (newQty.compareTo(o.cumQty) <= 0) {
            error = "OrderQty (38)=" + newQty.toPlainString() + ": must be greater than CumQty "
                    + o.cumQty.toPlainString();
        }
        // validate the new type and prices on a copy
        SimOrder probe = new SimOrder(o.orderId);
        probe.ordType = o.ordType;
        String ordType = str(m, OrdType.FIELD);
        if (error == null && ordType != null) {
            if (ordType.length() != 1 || VALID_OR_TYPES.indexOf(ordType.charAt(0)) < 0) {
                error = "OrdType (40)=" + ordType + ": unsupported (1, 2, 3, 4, P)";
            } else {
                probe.ordType = ordType.charAt(0);
            }
        }
        if (error == null) {
            probe.price = o.price;
            probe.stopPx = o.stopPx;
            Message withOld = m;
            if (str(m, Price.FIELD) == null && o.price != null && (probe.ordType == OrdType.LIMIT
                    || probe.ordType == OrdType.STOP_LIMIT)) {
                withOld = (Message) m.clone();
                withOld.setDecimal(Price.FIELD, o.price);
            }
            if (str(withOld, StopPx.FIELD) == null && o.stopPx != null && (probe.ordType == OrdType.STOP_STOP_LOSS
                    || probe.ordType == OrdType.STOP_LIMIT)) {
                withOld = withOld == m ? (Message) m.clone() : withOld;
                withOld.setDecimal(StopPx.FIELD, o.stopPx);
            }
            error = priceError(probe, withOld);
        }
        if (error != null) {
            cancelReject(o, clOrdId, orig, CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST,
                    CxlRejReason.BROKER_EXCHANGE_OPTION, error);
            return;
        }
        String previous = o.clOrdId;
        Message pending = report(o, ExecType.PENDING_REPLACE, clOrdId, previous);
        pending.setChar(OrdStatus.FIELD, OrdStatus.PENDING_REPLACE);
        send(pending);
        o.origClOrdId = previous;
        o.clOrdId = clOrdId;
        o.chain.add(clOrdId);
        byClOrdId.put(clOrdId, o);
        o.qty = newQty;
        o.ordType = probe.ordType;
        o.price = probe.price;
        o.stopPx = probe.stopPx;
        String tif = str(m, TimeInForce.FIELD);
        if (tif != null && tif.length() == 1 && VALID_TIFS.indexOf(tif.charAt(0)) >= 0) {
            o.tif = tif.charAt(0);
        }
        if (o.status != SimOrder.PENDING_NEW) {
            o.status = o.cumQty.signum() > 0 ? SimOrder.PARTIALLY_FILLED : SimOrder.NEW;
        }
        save();
        send(report(o, ExecType.REPLACED, clOrdId, previous));
        LOG.info("FIX simulator {}: replaced {} by {} ({}): qty {} price {}", config.senderCompId(), previous,
                clOrdId, o.orderId, o.qty.toPlainString(), o.price == null ? "-" : o.price.toPlainString());
    }

    /** OrdStatusReqID (790) of the request, echoed so the initiator can match the answer to its question. */
    private static void echoStatusReqId(Message request, Message er) throws FieldNotFound {
        if (request.isSetField(OrdStatusReqID.FIELD)) {
            er.setString(OrdStatusReqID.FIELD, request.getString(OrdStatusReqID.FIELD));
        }
    }

    private void onStatusRequest(Message m) throws FieldNotFound {
        String clOrdId = str(m, ClOrdID.FIELD);
        SimOrder o = clOrdId == null ? null : byClOrdId.get(clOrdId);
        if (o == null) {
            String id = clOrdId == null ? "NONE" : clOrdId;
            Message er = baseReport("NONE", id, ExecType.ORDER_STATUS, OrdStatus.REJECTED, str(m, Symbol.FIELD),
                    sideOrDefault(m), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
            er.setString(Text.FIELD, "unknown order");
            // FIX 4.4: OrdRejReason 5 = unknown order, so an initiator need not read Text.
            er.setInt(OrdRejReason.FIELD, OrdRejReason.UNKNOWN_ORDER);
            echoStatusReqId(m, er);
            send(er);
            return;
        }
        Message er = report(o, ExecType.ORDER_STATUS, o.clOrdId, o.origClOrdId);
        if (o.text != null) {
            er.setString(Text.FIELD, o.text);
        }
        echoStatusReqId(m, er);
        send(er);
    }

    // ------------------------------------------------------------------------------------------------ timers

    private void schedulePending(SimOrder o, long delayMillis) {
        o.cancelPending();
        if (paused || closed) {
            return; // resume() schedules it
        }
        o.pending = timer.schedule(() -> onTimer(o), delayMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void onTimer(SimOrder o) {
        o.pending = null;
        if (paused || closed || !needsTimer(o)) {
            return;
        }
        try {
            if (o.status == SimOrder.PENDING_NEW) {
                acknowledge(o);
            } else if (o.immediate()) {
                immediate(o);
            } else {
                fill(o);
            }
        } catch (RuntimeException e) {
            LOG.error("FIX simulator {}: order {} failed: {}", config.senderCompId(), o.orderId, e.toString(), e);
        }
    }

    /** Whether the order waits for a timer: its ack, its IOC/FOK outcome or (unless rest-only) its next fill. */
    private boolean needsTimer(SimOrder o) {
        return o.working() && (o.status == SimOrder.PENDING_NEW || o.immediate() || !config.restOnly());
    }

    private void acknowledge(SimOrder o) {
        o.status = SimOrder.NEW;
        save();
        send(report(o, ExecType.NEW, o.clOrdId, o.origClOrdId));
        if (o.immediate()) {
            immediate(o);
        } else if (!config.restOnly()) {
            schedulePending(o, config.fillIntervalMillis());
        }
    }

    /** IOC and FOK, right after the ack. */
    private void immediate(SimOrder o) {
        if (o.tif == TimeInForce.FILL_OR_KILL) {
            if (config.restOnly() || o.qty.compareTo(FOK_LIQUIDITY) > 0) {
                finish(o, SimOrder.EXPIRED, ExecType.EXPIRED, config.restOnly()
                        ? "FOK order not filled: the simulator is rest-only"
                        : "FOK order not filled: OrderQty " + o.qty.toPlainString() + " exceeds the available "
                                + FOK_LIQUIDITY);
            } else {
                execute(o, o.leaves());
            }
            return;
        }
        // IOC: one partial fill, the remainder canceled
        if (!config.restOnly()) {
            BigDecimal half = o.leaves().divide(BigDecimal.valueOf(2), 0, RoundingMode.FLOOR);
            execute(o, half.signum() > 0 ? half : o.leaves());
        }
        if (o.working()) {
            finish(o, SimOrder.CANCELED, ExecType.CANCELED, config.restOnly()
                    ? "IOC order not filled: the simulator is rest-only" : "IOC remainder canceled");
        }
    }

    private void fill(SimOrder o) {
        int remainingFills = Math.max(1, config.fillSlices() + 1 - o.fills);
        BigDecimal leaves = o.leaves();
        BigDecimal qty = leaves;
        if (remainingFills > 1) {
            qty = leaves.divide(BigDecimal.valueOf(remainingFills), 0, RoundingMode.FLOOR);
            if (qty.signum() <= 0) {
                qty = leaves;
            }
        }
        execute(o, qty);
        if (o.working()) {
            schedulePending(o, config.fillIntervalMillis());
        }
    }

    private void execute(SimOrder o, BigDecimal qty) {
        BigDecimal px = fillPrice(o);
        o.cumQty = o.cumQty.add(qty);
        o.notional = o.notional.add(qty.multiply(px));
        o.fills++;
        o.status = o.cumQty.compareTo(o.qty) >= 0 ? SimOrder.FILLED : SimOrder.PARTIALLY_FILLED;
        save();
        stats.fill(o.orderId);
        Message er = report(o, ExecType.TRADE, o.clOrdId, o.origClOrdId);
        er.setDecimal(LastQty.FIELD, qty);
        er.setDecimal(LastPx.FIELD, px);
        send(er);
    }

    private void finish(SimOrder o, char status, char execType, String text) {
        o.cancelPending();
        o.status = status;
        o.text = text;
        save();
        Message er = report(o, execType, o.clOrdId, o.origClOrdId);
        er.setString(Text.FIELD, text);
        send(er);
    }

    private BigDecimal fillPrice(SimOrder o) {
        if ((o.ordType == OrdType.LIMIT || o.ordType == OrdType.STOP_LIMIT) && o.price != null) {
            return o.price;
        }
        return config.fillPriceFor(o.symbol);
    }

    // ------------------------------------------------------------------------------------------------ messages

    private Message report(SimOrder o, char execType, String clOrdId, String origClOrdId) {
        Message er = baseReport(o.orderId, clOrdId, execType, o.status, o.symbol, o.side, o.leaves(), o.cumQty,
                o.avgPx());
        if (origClOrdId != null) {
            er.setString(OrigClOrdID.FIELD, origClOrdId);
        }
        if (o.qty != null && o.qty.signum() > 0) {
            er.setDecimal(OrderQty.FIELD, o.qty);
        }
        if (o.ordType != 0) {
            er.setChar(OrdType.FIELD, o.ordType);
        }
        if (o.price != null) {
            er.setDecimal(Price.FIELD, o.price);
        }
        if (o.stopPx != null) {
            er.setDecimal(StopPx.FIELD, o.stopPx);
        }
        if (o.tif != 0) {
            er.setChar(TimeInForce.FIELD, o.tif);
        }
        if (o.account != null) {
            er.setString(Account.FIELD, o.account);
        }
        if (execType == ExecType.CANCELED && o.text != null) {
            er.setString(Text.FIELD, o.text);
        }
        return er;
    }

    private Message baseReport(String orderId, String clOrdId, char execType, char ordStatus, String symbol,
            char side, BigDecimal leaves, BigDecimal cum, BigDecimal avgPx) {
        quickfix.fix44.ExecutionReport er = new quickfix.fix44.ExecutionReport();
        er.setString(OrderID.FIELD, orderId);
        er.setString(ExecID.FIELD, nextExecId());
        er.setString(ClOrdID.FIELD, clOrdId);
        er.setChar(ExecType.FIELD, execType);
        er.setChar(OrdStatus.FIELD, ordStatus);
        er.setString(Symbol.FIELD, symbol == null || symbol.isBlank() ? "[N/A]" : symbol);
        er.setChar(Side.FIELD, side);
        er.setDecimal(LeavesQty.FIELD, leaves);
        er.setDecimal(CumQty.FIELD, cum);
        er.setDecimal(AvgPx.FIELD, avgPx);
        er.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), UtcTimestampPrecision.MILLIS);
        return er;
    }

    private void cancelReject(SimOrder o, String clOrdId, String origClOrdId, char responseTo, int reason,
            String text) {
        quickfix.fix44.OrderCancelReject r = new quickfix.fix44.OrderCancelReject();
        r.setString(OrderID.FIELD, o == null ? "NONE" : o.orderId);
        r.setString(ClOrdID.FIELD, clOrdId);
        r.setString(OrigClOrdID.FIELD, origClOrdId);
        r.setChar(OrdStatus.FIELD, o == null ? OrdStatus.REJECTED : o.status);
        r.setChar(CxlRejResponseTo.FIELD, responseTo);
        r.setInt(CxlRejReason.FIELD, reason);
        r.setString(Text.FIELD, text);
        r.setUtcTimeStamp(TransactTime.FIELD, LocalDateTime.now(ZoneOffset.UTC), UtcTimestampPrecision.MILLIS);
        LOG.info("FIX simulator {}: {} request {} for {} rejected: {}", config.senderCompId(),
                responseTo == CxlRejResponseTo.ORDER_CANCEL_REQUEST ? "cancel" : "replace", clOrdId, origClOrdId,
                text);
        send(r);
    }

    private void businessReject(Message m, int reason, String text) throws FieldNotFound {
        quickfix.fix44.BusinessMessageReject r = new quickfix.fix44.BusinessMessageReject();
        r.setInt(RefSeqNum.FIELD, m.getHeader().getInt(MsgSeqNum.FIELD));
        r.setString(RefMsgType.FIELD, m.getHeader().getString(MsgType.FIELD));
        r.setInt(BusinessRejectReason.FIELD, reason);
        r.setString(Text.FIELD, text);
        LOG.info("FIX simulator {}: business reject of {}: {}", config.senderCompId(),
                m.getHeader().getString(MsgType.FIELD), text);
        send(r);
    }

    private void send(Message m) {
        Session s = Session.lookupSession(sessionId);
        if (s == null) {
            LOG.error("FIX simulator {}: session {} is gone, dropping {}", config.senderCompId(), sessionId,
                    m.toString().replace('\u0001', '|'));
            return;
        }
        s.send(m); // persisted even while logged out: the initiator gets it on its resend request
    }

    private String nextExecId() {
        return execIdPrefix + ++execSeq;
    }

    private void save() {
        try {
            store.save(nextOrderId, orders.values());
        } catch (IOException e) {
            LOG.error("FIX simulator {}: cannot write the order book {}: {}", config.senderCompId(), store.file(),
                    e.toString());
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static boolean possDup(Message m) {
        try {
            return m.getHeader().isSetField(PossDupFlag.FIELD) && m.getHeader().getBoolean(PossDupFlag.FIELD)
                    || m.getHeader().isSetField(PossResend.FIELD) && m.getHeader().getBoolean(PossResend.FIELD);
        } catch (FieldNotFound | RuntimeException e) {
            return false;
        }
    }

    private static char sideOrDefault(Message m) {
        String s = str(m, Side.FIELD);
        return s != null && s.length() == 1 && VALID_SIDES.indexOf(s.charAt(0)) >= 0 ? s.charAt(0) : Side.BUY;
    }

    private static String str(Message m, int tag) {
        if (!m.isSetField(tag)) {
            return null;
        }
        try {
            String v = m.getString(tag);
            return v == null || v.isEmpty() ? null : v;
        } catch (FieldNotFound e) {
            return null;
        }
    }

    private static BigDecimal decimal(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String statusName(char status) {
        return switch (status) {
            case 'A' -> "PENDING_NEW";
            case '0' -> "NEW";
            case '1' -> "PARTIALLY_FILLED";
            case '2' -> "FILLED";
            case '4' -> "CANCELED";
            case '8' -> "REJECTED";
            case 'C' -> "EXPIRED";
            default -> String.valueOf(status);
        };
    }
}
