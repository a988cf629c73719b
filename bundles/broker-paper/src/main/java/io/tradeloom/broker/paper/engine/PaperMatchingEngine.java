package io.tradeloom.broker.paper.engine;

import io.tradeloom.broker.paper.store.PaperJournal;
import io.tradeloom.broker.paper.store.PaperState;
import io.tradeloom.broker.paper.store.WorkingOrder;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderCommand;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A simulated venue: fills orders against the platform's latest quotes. Pure Java, no OSGi or Camel.
 *
 * <h2>Threading</h2>
 * Commands, quotes and the end-of-day calls may arrive on any thread. All order state changes happen under one
 * lock, immediately, on the caller's thread, so a cancel or replace of an order that is not working can be refused
 * by an exception. Executions produced under the lock go to a FIFO outbox and reach the sink outside the lock, in
 * the order they were produced:
 * <ul>
 *   <li>{@code latencyMillis == 0}: delivered on the caller's thread before the call returns (deterministic);</li>
 *   <li>{@code latencyMillis > 0}: each one is delivered by the scheduler {@code latencyMillis} after it was
 *       produced. The engine's state is then ahead of what the sink has seen: latency delays the reports, not the
 *       matching (an order is matched against the quote current when it was sent).</li>
 * </ul>
 * The sink must not assume it is called under any lock; it may call back into the engine.
 *
 * <h2>Matching</h2>
 * A matching event is the arrival of an order (submit, replace, a stop being triggered) or a quote for its symbol.
 * At each event a working order fills at most once: {@code ceil(leaves * partialFillRatio)} whole shares (at least
 * one, at most the leaves), capped by the displayed size on the side it takes when that size is &gt; 0. Within one
 * quote the displayed size is shared by the orders on that side, oldest first. Fills are priced at the touch or the
 * midpoint ({@link FillModel}), moved by the slippage against the order, and never beyond a limit price.
 * Fills made on arrival and fills of market-like orders are {@link Liquidity#REMOVED}; fills of a resting limit
 * order on a later quote are {@link Liquidity#ADDED}.
 *
 * <p>The paper venue has no auctions: OPG and CLS orders are treated like DAY orders (they trade continuously
 * and expire in {@link #expireDayOrders()}).
 */
public final class PaperMatchingEngine {

    private static final System.Logger LOG = System.getLogger(PaperMatchingEngine.class.getName());

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
    /** Same as the domain's price scale: no fill price carries more decimals than this. */
    private static final int MAX_PRICE_SCALE = 8;
    /** How many finished orders are remembered, so a late cancel can say "FILLED" rather than "unknown". */
    private static final int FINISHED_MEMORY = 10_000;

    public static final String IOC_REMAINDER_TEXT = "IOC remainder canceled";
    public static final String FOK_TEXT = "FOK could not be filled in full";
    public static final String EXPIRED_TEXT = "DAY order expired at end of day";

    private volatile PaperConfig config;
    private final Function<String, Optional<Quote>> latestQuote;
    private final Consumer<Execution> sink;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private final ReentrantLock lock = new ReentrantLock();
    /** Working orders by order id, in arrival order (time priority). Guarded by {@link #lock}. */
    private final Map<String, Working> working = new LinkedHashMap<>();
    /** Final status of recently finished orders. Guarded by {@link #lock}. */
    private final Map<String, OrderStatus> finished = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderStatus> eldest) {
            if (size() > FINISHED_MEMORY) {
                journal.finishedEvicted(eldest.getKey());
                return true;
            }
            return false;
        }
    };
    /** Told every change of {@link #working} and {@link #finished}, under the lock. */
    private final PaperJournal journal;
    /** Sequence for arrival order (working) and memory order (finished) as the journal keeps them. Under lock. */
    private long seq;
    private long submitsReceived; // guarded by lock
    private long duplicateSubmits; // guarded by lock
    private long venueOrderSeq; // guarded by lock
    private long execSeq; // guarded by lock
    /** Tells this engine's ids from an earlier instance's (a redeploy restarts the counters). */
    private final String instanceTag = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);

    /** Produced under {@link #lock} (so in processing order), consumed under {@link #deliveryLock}. */
    private final Queue<Execution> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final AtomicLong emitted = new AtomicLong();
    /** Set when the scheduler refused a delivery (shut down): from then on deliver on the caller's thread. */
    private volatile boolean deliverInline;

    public PaperMatchingEngine(PaperConfig config, Function<String, Optional<Quote>> latestQuote,
                               Consumer<Execution> sink, Clock clock, ScheduledExecutorService scheduler) {
        this(config, latestQuote, sink, clock, scheduler, PaperJournal.NONE, PaperState.EMPTY);
    }

    /**
     * An engine that reports each change of its book to {@code journal} and starts from {@code restored}: the
     * resting orders of an earlier run keep their time priority, remaining quantity, venue order id and stop
     * state, and work against the next quotes; finished orders still answer {@link #statusOf}.
     */
    public PaperMatchingEngine(PaperConfig config, Function<String, Optional<Quote>> latestQuote,
                               Consumer<Execution> sink, Clock clock, ScheduledExecutorService scheduler,
                               PaperJournal journal, PaperState restored) {
        this.journal = Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(restored, "restored");
        this.seq = restored.nextSeq();
        for (WorkingOrder w : restored.working()) {
            working.put(w.order().id(), new Working(w));
        }
        for (PaperState.Finished f : restored.finished()) {
            finished.put(f.orderId(), f.status());
        }
        this.config = Objects.requireNonNull(config, "config");
        this.latestQuote = Objects.requireNonNull(latestQuote, "latestQuote");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (config.latencyMillis() > 0) {
            Objects.requireNonNull(scheduler, "scheduler (required when latencyMillis > 0)");
        }
        this.scheduler = scheduler;
    }

    public PaperConfig config() {
        return config;
    }

    /**
     * Takes new fill settings live; working orders stay on the book. The venue id cannot change.
     *
     * @throws IllegalArgumentException if the id differs, or latency is set without a scheduler
     */
    public void reconfigure(PaperConfig next) {
        Objects.requireNonNull(next, "next");
        if (!next.venueId().equals(config.venueId())) {
            throw new IllegalArgumentException("id=" + next.venueId() + ": the venue id cannot change from "
                    + config.venueId());
        }
        if (next.latencyMillis() > 0 && scheduler == null) {
            throw new IllegalArgumentException("latency.ms=" + next.latencyMillis() + ": needs a scheduler");
        }
        lock.lock();
        try {
            config = next;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ public API

    /**
     * Submit, cancel or replace an order.
     *
     * @throws IllegalStateException    a cancel or replace of an order that is not working here (unknown or
     *                                  finished; the message names its state), or a submit of an order id that
     *                                  is already known here
     * @throws IllegalArgumentException a replace with impossible terms (quantity not above what is filled, a limit
     *                                  price on an order type without one, a price &lt;= 0)
     */
    public void handle(OrderCommand cmd) {
        Objects.requireNonNull(cmd, "cmd");
        run(() -> {
            if (cmd instanceof OrderCommand.Submit s) {
                submit(s.order());
            } else if (cmd instanceof OrderCommand.Cancel c) {
                cancel(c);
            } else if (cmd instanceof OrderCommand.Replace r) {
                replace(r);
            }
        });
    }

    /** Re-evaluates the working orders on the quote's symbol, oldest first. */
    public void onQuote(Quote q) {
        Objects.requireNonNull(q, "quote");
        run(() -> {
            if (q.crossed()) {
                // Core drops crossed quotes; should one get here, filling both sides against it would be nonsense.
                return;
            }
            Displayed displayed = new Displayed(q);
            for (Working w : new ArrayList<>(working.values())) {
                if (w.order.symbol().equals(q.symbol()) && working.containsKey(w.order.id())) {
                    match(w, q, false, displayed);
                }
            }
        });
    }

    /** Ends every working DAY order (and OPG/CLS, which the paper venue treats as DAY) as EXPIRED. GTC stays. */
    public void expireDayOrders() {
        expireDayOrders(Instant.MAX);
    }

    /**
     * Ends the working DAY (and OPG/CLS) orders accepted before {@code close}, a session's close, as EXPIRED: an
     * order sent after the close is for the next session and stays. GTC stays.
     *
     * @return how many expired
     */
    public int expireDayOrders(Instant close) {
        int[] expired = {0};
        run(() -> {
            for (Working w : new ArrayList<>(working.values())) {
                TimeInForce tif = w.order.timeInForce();
                Instant accepted = w.order.createdAt();
                if ((tif == TimeInForce.DAY || tif == TimeInForce.OPG || tif == TimeInForce.CLS)
                        && (accepted == null || accepted.isBefore(close))) {
                    emit(w, ExecType.EXPIRED, OrderStatus.EXPIRED, null, null, EXPIRED_TEXT, Liquidity.UNKNOWN);
                    expired[0]++;
                }
            }
        });
        return expired[0];
    }

    /** Cancels every working order with {@code reason} as the text, e.g. when the broker goes away. */
    public void cancelAll(String reason) {
        run(() -> {
            for (Working w : new ArrayList<>(working.values())) {
                emit(w, ExecType.CANCELED, OrderStatus.CANCELED, null, null, reason, Liquidity.UNKNOWN);
            }
        });
    }

    /** The working orders as the engine knows them now, oldest first. */
    public Collection<Order> workingOrders() {
        lock.lock();
        try {
            List<Order> out = new ArrayList<>(working.size());
            for (Working w : working.values()) {
                out.add(w.order);
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /** The status of an order this venue received; empty when it never received it (or forgot it long ago). */
    public Optional<OrderStatus> statusOf(String orderId) {
        lock.lock();
        try {
            Working w = working.get(orderId);
            return Optional.ofNullable(w != null ? w.order.status() : finished.get(orderId));
        } finally {
            lock.unlock();
        }
    }

    /** Submits received, duplicates included: the counterparty's count. */
    public long submitsReceived() {
        lock.lock();
        try {
            return submitsReceived;
        } finally {
            lock.unlock();
        }
    }

    /** Submits of an order id this venue already had (each one refused). */
    public long duplicateSubmits() {
        lock.lock();
        try {
            return duplicateSubmits;
        } finally {
            lock.unlock();
        }
    }

    /** How many executions have been handed to the sink so far. */
    public long executionsEmitted() {
        return emitted.get();
    }

    // ------------------------------------------------------------------------------------------------ commands

    private void submit(Order incoming) {
        String id = incoming.id();
        Working known = working.get(id);
        OrderStatus status = known != null ? known.order.status() : finished.get(id);
        submitsReceived++;
        if (status != null) {
            duplicateSubmits++;
            throw new IllegalStateException("order " + id + " is already known at " + config.venueId() + ": "
                    + status);
        }
        Working w = new Working(incoming, String.format(Locale.ROOT, "P-%s-%06d", instanceTag, ++venueOrderSeq),
                seq++);
        Quote q = quote(incoming.symbol());

        String problem = venueCheck(incoming, q);
        if (problem != null) {
            emit(w, ExecType.REJECTED, OrderStatus.REJECTED, null, null, problem, Liquidity.UNKNOWN);
            return;
        }
        emit(w, ExecType.NEW, OrderStatus.NEW, null, null, null, Liquidity.UNKNOWN);
        working.put(id, w);

        if (q != null && q.crossed()) {
            q = null;
        }
        TimeInForce tif = incoming.timeInForce();
        match(w, q, true, new Displayed(q));
        if (working.containsKey(id)) {
            if (tif == TimeInForce.IOC) {
                emit(w, ExecType.CANCELED, OrderStatus.CANCELED, null, null, IOC_REMAINDER_TEXT, Liquidity.UNKNOWN);
            } else if (tif == TimeInForce.FOK) {
                emit(w, ExecType.CANCELED, OrderStatus.CANCELED, null, null, FOK_TEXT, Liquidity.UNKNOWN);
            }
            // DAY, GTC, OPG, CLS rest.
        }
    }

    /** What the paper venue itself refuses; the platform's OrderValidator normally caught these already. */
    private static String venueCheck(Order o, Quote q) {
        if (o.leavesQty().signum() <= 0 || o.quantity().signum() <= 0) {
            return "quantity must be greater than 0";
        }
        if (o.type().needsLimitPrice() && (o.limitPrice() == null || o.limitPrice().signum() <= 0)) {
            return "a " + o.type() + " order needs a limit price > 0";
        }
        if (o.type().needsStopPrice() && (o.stopPrice() == null || o.stopPrice().signum() <= 0)) {
            return "a " + o.type() + " order needs a stop price > 0";
        }
        if (o.type() == OrderType.TRAILING_STOP && (o.trailingOffset() == null || o.trailingOffset().signum() <= 0)) {
            return "a TRAILING_STOP order needs a trailing offset > 0";
        }
        if (o.type() == OrderType.MARKET && (q == null || q.crossed() || touch(q, isBuy(o)) == null)) {
            return "no market data for " + o.symbol();
        }
        return null;
    }

    private void cancel(OrderCommand.Cancel c) {
        Working w = requireWorking(c.order().id());
        emit(w, ExecType.CANCELED, OrderStatus.CANCELED, null, null, "canceled on request " + c.requestId(),
                Liquidity.UNKNOWN);
    }

    private void replace(OrderCommand.Replace r) {
        Working w = requireWorking(r.order().id());
        Order o = w.order;
        String what = "replace " + r.requestId() + " of order " + o.id() + " rejected: ";
        if (r.newLimitPrice() != null && !o.type().needsLimitPrice()) {
            throw new IllegalArgumentException(what + "a " + o.type() + " order has no limit price");
        }
        if (r.newLimitPrice() != null && r.newLimitPrice().signum() <= 0) {
            throw new IllegalArgumentException(what + "limit price " + r.newLimitPrice().toPlainString()
                    + " must be greater than 0");
        }
        BigDecimal qty = r.newQuantity() != null ? r.newQuantity() : o.quantity();
        BigDecimal price = r.newLimitPrice() != null ? r.newLimitPrice() : o.limitPrice();
        if (qty.signum() <= 0) {
            throw new IllegalArgumentException(what + "quantity " + qty.toPlainString()
                    + " must be greater than 0");
        }
        if (qty.compareTo(o.filledQty()) <= 0) {
            throw new IllegalArgumentException(what + "quantity " + qty.toPlainString() + " is not above the "
                    + o.filledQty().toPlainString() + " already filled");
        }
        Execution replaced = execution(w, ExecType.REPLACED, o.status(), null, null, r.requestId(), qty, price,
                null, Liquidity.UNKNOWN);
        publish(w, replaced);
        Quote q = quote(o.symbol());
        if (q != null && q.crossed()) {
            q = null;
        }
        match(w, q, true, new Displayed(q));
    }

    private Working requireWorking(String id) {
        Working w = working.get(id);
        if (w == null) {
            OrderStatus s = finished.get(id);
            throw new IllegalStateException("order " + id + " is not working at " + config.venueId() + ": "
                    + (s == null ? "unknown" : s));
        }
        return w;
    }

    // ------------------------------------------------------------------------------------------------ matching

    /**
     * One matching event for one order: at most one fill.
     *
     * @param arrival   the order reaches the market in this event (submit, replace); fills then remove liquidity
     * @param displayed what is left of the quote's displayed size in this event
     */
    private void match(Working w, Quote q, boolean arrival, Displayed displayed) {
        if (q == null) {
            return;
        }
        Order o = w.order;
        boolean buy = isBuy(o);
        if (!w.triggered) {
            BigDecimal trailBefore = w.trailRef;
            if (!stopTriggered(w, q, buy)) {
                if (!Objects.equals(trailBefore, w.trailRef)) {
                    journal.working(w.snapshot());
                }
                return;
            }
            w.triggered = true;
            journal.working(w.snapshot());
            arrival = true; // a triggered stop enters the market as a fresh market/limit order
        }
        BigDecimal touch = touch(q, buy);
        if (touch == null) {
            return;
        }
        BigDecimal limit = o.type().needsLimitPrice() ? o.limitPrice() : null; // LIMIT or triggered STOP_LIMIT
        if (limit != null && (buy ? touch.compareTo(limit) > 0 : touch.compareTo(limit) < 0)) {
            return; // not marketable: rests
        }
        BigDecimal price = slip(modelPrice(q, touch), buy);
        if (limit != null) {
            price = buy ? price.min(limit) : price.max(limit);
        }

        BigDecimal leaves = o.leavesQty();
        BigDecimal available = displayed.available(buy);
        BigDecimal qty;
        if (o.timeInForce() == TimeInForce.FOK) {
            // All or nothing, whatever the partial-fill ratio.
            if (available != null && available.compareTo(leaves) < 0) {
                return;
            }
            qty = leaves;
        } else {
            qty = slice(leaves);
            if (available != null) {
                qty = qty.min(available);
            }
        }
        if (qty.signum() <= 0) {
            return;
        }
        displayed.take(buy, qty);
        OrderStatus status = o.filledQty().add(qty).compareTo(o.quantity()) >= 0
                ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        Liquidity liquidity = arrival || limit == null ? Liquidity.REMOVED : Liquidity.ADDED;
        emit(w, ExecType.TRADE, status, qty, price, null, liquidity);
    }

    /** Updates a trailing stop's reference and says whether the order's stop is reached by this quote. */
    private static boolean stopTriggered(Working w, Quote q, boolean buy) {
        Order o = w.order;
        BigDecimal stop;
        if (o.type() == OrderType.TRAILING_STOP) {
            BigDecimal ref = buy ? q.ask() : q.bid();
            if (ref == null) {
                return false;
            }
            // Buy: trail the lowest ask upwards by the offset; sell: trail the highest bid downwards.
            w.trailRef = w.trailRef == null ? ref : buy ? w.trailRef.min(ref) : w.trailRef.max(ref);
            stop = buy ? w.trailRef.add(o.trailingOffset()) : w.trailRef.subtract(o.trailingOffset());
        } else {
            stop = o.stopPrice();
        }
        return buy ? q.ask() != null && q.ask().compareTo(stop) >= 0
                : q.bid() != null && q.bid().compareTo(stop) <= 0;
    }

    /** ceil(leaves * ratio) in whole shares, at least 1 and at most the leaves. */
    private BigDecimal slice(BigDecimal leaves) {
        BigDecimal ratio = config.partialFillRatio();
        if (ratio.compareTo(BigDecimal.ONE) >= 0) {
            return leaves;
        }
        BigDecimal part = leaves.multiply(ratio).setScale(0, RoundingMode.CEILING).max(BigDecimal.ONE);
        return part.min(leaves);
    }

    private BigDecimal modelPrice(Quote q, BigDecimal touch) {
        if (config.fillModel() == FillModel.MID) {
            BigDecimal mid = q.mid();
            if (mid != null) {
                return mid;
            }
        }
        return touch;
    }

    /** Moves the price against the taker by the configured basis points, keeping the quote's scale + 2. */
    private BigDecimal slip(BigDecimal price, boolean buy) {
        BigDecimal bps = config.slippageBps();
        if (bps.signum() == 0) {
            return price;
        }
        BigDecimal fraction = bps.divide(TEN_THOUSAND);
        BigDecimal factor = buy ? BigDecimal.ONE.add(fraction) : BigDecimal.ONE.subtract(fraction);
        int scale = Math.min(Math.max(price.scale(), 0) + 2, MAX_PRICE_SCALE);
        return price.multiply(factor).setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal touch(Quote q, boolean buy) {
        BigDecimal px = buy ? q.ask() : q.bid();
        return px == null || px.signum() <= 0 ? null : px;
    }

    private static boolean isBuy(Order o) {
        return o.side() == Side.BUY;
    }

    private Quote quote(String symbol) {
        Optional<Quote> q = latestQuote.apply(symbol);
        return q == null ? null : q.orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ executions

    /** Builds an execution on the order's current terms, applies it and queues it for the sink. */
    private void emit(Working w, ExecType type, OrderStatus status, BigDecimal lastQty, BigDecimal lastPrice,
                      String text, Liquidity liquidity) {
        Order o = w.order;
        publish(w, execution(w, type, status, lastQty, lastPrice, o.clientOrderId(), o.quantity(), o.limitPrice(),
                text, liquidity));
    }

    /**
     * An execution whose cumQty, leavesQty and avgPrice are what the domain's {@link Order#apply} makes of it, so
     * the report and the engine's copy of the order always agree.
     */
    private Execution execution(Working w, ExecType type, OrderStatus status, BigDecimal lastQty,
                                BigDecimal lastPrice, String clientOrderId, BigDecimal quantity,
                                BigDecimal limitPrice, String text, Liquidity liquidity) {
        Instant now = clock.instant();
        String execId = "PX-" + instanceTag + "-" + (++execSeq);
        Order o = w.order;
        Execution draft = new Execution(execId, o.id(), clientOrderId, config.venueId(), w.venueOrderId, type,
                status, lastQty, lastPrice, null, null, null, quantity, limitPrice, now, text, liquidity);
        Order after = o.apply(draft);
        BigDecimal avg = after.avgPrice() == null ? BigDecimal.ZERO : after.avgPrice();
        return new Execution(execId, o.id(), clientOrderId, config.venueId(), w.venueOrderId, type, status,
                lastQty, lastPrice, after.filledQty(), after.leavesQty(), avg, after.quantity(), after.limitPrice(),
                now, text, liquidity);
    }

    private void publish(Working w, Execution e) {
        w.order = w.order.apply(e);
        if (w.order.status().terminal()) {
            working.remove(w.order.id());
            finished.put(w.order.id(), w.order.status());
            journal.finished(seq++, w.order.id(), w.order.status());
        } else {
            journal.working(w.snapshot());
        }
        outbox.add(e);
        if (config.latencyMillis() > 0 && !deliverInline) {
            try {
                scheduler.schedule(this::deliverOne, config.latencyMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ex) {
                LOG.log(System.Logger.Level.WARNING, "paper venue " + config.venueId()
                        + ": scheduler refused a delayed report; delivering without latency from now on", ex);
                deliverInline = true;
            }
        }
    }

    /** Runs a state change under the lock, then delivers what is due on this thread. */
    private void run(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
            if (config.latencyMillis() == 0 || deliverInline) {
                drain();
            }
        }
    }

    private void drain() {
        deliveryLock.lock();
        try {
            Execution e;
            while ((e = outbox.poll()) != null) {
                deliver(e);
            }
        } finally {
            deliveryLock.unlock();
        }
    }

    /**
     * One scheduled delivery: hands over the oldest queued execution. Each queued execution has one such task,
     * due {@code latencyMillis} after it was queued, so the head is always due and the order is kept even on a
     * multi-threaded scheduler.
     */
    private void deliverOne() {
        deliveryLock.lock();
        try {
            Execution e = outbox.poll();
            if (e != null) {
                deliver(e);
            }
        } finally {
            deliveryLock.unlock();
        }
    }

    private void deliver(Execution e) {
        emitted.incrementAndGet();
        try {
            sink.accept(e);
        } catch (RuntimeException ex) {
            // The engine's state already includes this report; one bad consumer must not wedge the venue.
            LOG.log(System.Logger.Level.ERROR, "paper venue " + config.venueId() + ": sink failed on "
                    + e.execId() + " for order " + e.orderId(), ex);
        }
    }

    // ------------------------------------------------------------------------------------------------ state

    /** The engine's copy of one order plus what the domain order does not carry. Guarded by the engine lock. */
    private static final class Working {
        Order order;
        final String venueOrderId;
        /** Arrival sequence, kept across a reload so time priority survives. */
        final long seq;
        /** False for stop orders until their stop is reached. */
        boolean triggered;
        /** Trailing stops: the best price seen (lowest ask for buys, highest bid for sells). */
        BigDecimal trailRef;

        Working(Order order, String venueOrderId, long seq) {
            this.order = order;
            this.venueOrderId = venueOrderId;
            this.seq = seq;
            OrderType t = order.type();
            this.triggered = t != OrderType.STOP && t != OrderType.STOP_LIMIT && t != OrderType.TRAILING_STOP;
        }

        Working(WorkingOrder restored) {
            this.order = restored.order();
            this.venueOrderId = restored.venueOrderId();
            this.seq = restored.seq();
            this.triggered = restored.triggered();
            this.trailRef = restored.trailRef();
        }

        WorkingOrder snapshot() {
            return new WorkingOrder(seq, venueOrderId, triggered, trailRef, order);
        }
    }

    /** The displayed size left on each side of one quote during one matching event; null means uncapped. */
    private static final class Displayed {
        private BigDecimal bid;
        private BigDecimal ask;

        Displayed(Quote q) {
            this.bid = q == null ? null : positiveOrNull(q.bidSize());
            this.ask = q == null ? null : positiveOrNull(q.askSize());
        }

        BigDecimal available(boolean buy) {
            return buy ? ask : bid;
        }

        void take(boolean buy, BigDecimal qty) {
            if (buy && ask != null) {
                ask = ask.subtract(qty);
            } else if (!buy && bid != null) {
                bid = bid.subtract(qty);
            }
        }

        private static BigDecimal positiveOrNull(BigDecimal size) {
            return size == null || size.signum() <= 0 ? null : size;
        }
    }
}
