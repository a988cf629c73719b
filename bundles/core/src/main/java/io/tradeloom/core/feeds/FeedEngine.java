package io.tradeloom.core.feeds;

import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.core.api.FeedQualityView;
import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.core.api.HistoricalTrades;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.calendar.TradingCalendar;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.validation.Violation;
import io.tradeloom.domain.venue.VenueState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Market-data quality and feed-group selection, without OSGi or Camel so that it runs under a test clock:
 * <ul>
 *   <li>{@link #check}: validation rules across events (price-jump outliers) on top of the domain's rules;</li>
 *   <li>{@link #observe}: live quality scores per source and symbol, arrival times for the silence rule, bar and
 *   sequence gap detection with backfill through the source's {@link HistoricalBars}, trade sequence gaps of the
 *   sources in {@code sequence.gap.sources} with backfill through its {@link HistoricalTrades}, the consolidated
 *   quote;</li>
 *   <li>{@link #selects}: only the active source of a symbol's feed group passes;</li>
 *   <li>{@link #admit}: per symbol and kind, never a tick older than the last one passed (and at a switch, never
 *   one at the same time from the other source), so no duplicate or out-of-order tick reaches consumers;</li>
 *   <li>{@link #evaluate}: the failover rules (connection lost, silence, low quality) and failback.</li>
 * </ul>
 */
public final class FeedEngine {

    private static final Logger LOG = LoggerFactory.getLogger(FeedEngine.class);
    private static final int INTERVALS = 64;
    private static final int RECEIVED_BARS_KEPT = 4096;

    private final FeedClock clock;
    private final Function<String, Optional<VenueView>> venues;
    private final Function<String, HistoricalBars> historical;
    private final BackfillScheduler scheduler;
    private volatile FeedSettings settings = FeedSettings.DEFAULTS;

    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Group> groupOfSymbol = new ConcurrentHashMap<>();
    /**
     * Per source, per symbol: quality, outlier reference, latest valid price and quote, last times. Keyed by the
     * two Strings in turn rather than by a concatenated key, so that an event makes no key and no lookup takes a
     * lock; each source's events touch only their own streams (two sources on two threads share nothing here
     * but {@link #streamsOfSymbol}, which they only read).
     */
    private final Map<String, Map<String, Stream>> streams = new ConcurrentHashMap<>();
    /** Every source's stream of a symbol (consistency, consolidation); replaced, never changed in place. */
    private final Map<String, Stream[]> streamsOfSymbol = new ConcurrentHashMap<>();
    private final Map<String, BarStream> barStreams = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSequence = new ConcurrentHashMap<>();
    private final Map<String, Passed> passed = new ConcurrentHashMap<>();
    /** Venue state per source as of the last evaluation; consolidation reads it on the hot path. */
    private final Map<String, VenueState> sourceStates = new ConcurrentHashMap<>();
    private final List<SwitchListener> switchListeners = new CopyOnWriteArrayList<>();
    private volatile Consumer<Bar> backfillSink = b -> { };
    private volatile Consumer<Trade> tradeBackfillSink = t -> { };
    private volatile Function<String, HistoricalTrades> historicalTrades = id -> null;
    /** Open trade sequence gaps over all streams: while 0, no trade is looked at as a possible late gap filler. */
    private final AtomicInteger openTradeGaps = new AtomicInteger();
    /** Trading calendars by id (gap detection); only the built-in always-open one until told otherwise. */
    private volatile Function<String, Optional<TradingCalendar>> calendars = id ->
            TradingCalendar.ALWAYS_OPEN_ID.equals(id) ? Optional.of(TradingCalendar.alwaysOpen()) : Optional.empty();
    private volatile Consumer<Quote> consolidatedSink = q -> { };
    private volatile BooleanSupplier consolidatedWanted = () -> false;

    private final LongAdder outliers = new LongAdder();
    private final LongAdder gapsDetected = new LongAdder();
    private final LongAdder barsBackfilled = new LongAdder();
    private final LongAdder backfillDuplicates = new LongAdder();
    private final LongAdder sequenceGaps = new LongAdder();
    private final LongAdder tradesBackfilled = new LongAdder();
    private final LongAdder tradeBackfillDuplicates = new LongAdder();
    /** The three trade-gap counters per source (JMX feedquality); touched on gaps and backfills only. */
    private final Map<String, TradeGapCounters> tradeGapCounters = new ConcurrentHashMap<>();
    private final LongAdder consolidatedEmitted = new LongAdder();

    public FeedEngine(FeedClock clock, Function<String, Optional<VenueView>> venues,
                      Function<String, HistoricalBars> historical, BackfillScheduler scheduler) {
        this.clock = clock;
        this.venues = venues;
        this.historical = historical;
        this.scheduler = scheduler;
    }

    // ------------------------------------------------------------------ configuration

    public void configure(FeedSettings s) {
        this.settings = s;
        // The per-stream flag of trade sequence tracking follows sequence.gap.sources (live reconfiguration).
        streams.forEach((source, bySymbol) -> {
            boolean tracked = s.sequenceGapSources().contains(source);
            bySymbol.values().forEach(st -> {
                synchronized (st.quality) {
                    if (!tracked) {
                        st.seq = null;
                    } else if (st.seq == null) {
                        st.seq = new SeqState();
                    }
                }
            });
        });
    }

    public FeedSettings settings() {
        return settings;
    }

    /** Where backfilled bars go (the intake validates and dispatches them). */
    public void backfillSink(Consumer<Bar> sink) {
        this.backfillSink = sink;
    }

    /** Where backfilled trades of sequence gaps go (the intake validates and dispatches them). */
    public void tradeBackfillSink(Consumer<Trade> sink) {
        this.tradeBackfillSink = sink;
    }

    /** Where sequence-gap backfill finds each source's {@link HistoricalTrades} (null when it has none). */
    public void historicalTrades(Function<String, HistoricalTrades> bySource) {
        this.historicalTrades = bySource;
    }

    /** Where gap detection finds the calendars that {@code calendar.*} settings name. */
    public void calendars(Function<String, Optional<TradingCalendar>> byId) {
        this.calendars = byId;
    }

    /** Where consolidated quotes go, and whether anyone wants them (they are not computed otherwise). */
    public void consolidatedSink(Consumer<Quote> sink, BooleanSupplier wanted) {
        this.consolidatedSink = sink;
        this.consolidatedWanted = wanted;
    }

    public void addSwitchListener(SwitchListener l) {
        switchListeners.add(l);
    }

    /**
     * Adds or replaces the group of this name. A group that keeps its active source keeps it.
     *
     * @throws IllegalArgumentException when one of its symbols already belongs to another group (names both)
     */
    public synchronized void putGroup(FeedGroupConfig cfg) {
        for (String sym : cfg.symbols()) {
            Group other = groupOfSymbol.get(sym);
            if (other != null && !other.cfg.name().equals(cfg.name())) {
                throw new IllegalArgumentException(cfg.source() + ": symbols=" + sym + ": already in feed group "
                        + other.cfg.name() + " (" + other.cfg.source() + ")");
            }
        }
        Group previous = groups.get(cfg.name());
        Group g = new Group(cfg);
        if (previous != null) {
            synchronized (previous) {
                if (cfg.sources().contains(previous.active)) {
                    g.active = previous.active;
                    g.forced = previous.forced;
                }
                g.switches = previous.switches;
                g.lastSwitch = previous.lastSwitch;
                g.lastReason = previous.lastReason;
            }
            previous.cfg.symbols().forEach(s -> groupOfSymbol.remove(s, previous));
        }
        groups.put(cfg.name(), g);
        cfg.symbols().forEach(s -> groupOfSymbol.put(s, g));
        LOG.info("feed group {} ({}): sources {} for {} symbols, active {}", cfg.name(), cfg.source(), cfg.sources(),
                cfg.symbols().size(), g.active);
    }

    public synchronized void removeGroup(String name) {
        Group g = groups.remove(name);
        if (g != null) {
            g.cfg.symbols().forEach(s -> groupOfSymbol.remove(s, g));
            LOG.info("feed group {} removed: its symbols pass from every source again", name);
        }
    }

    // ------------------------------------------------------------------ validation across events

    /** The cross-event rules this engine adds to the domain's: a price jump beyond the threshold is an outlier. */
    public List<Violation> check(MarketDataEvent e) {
        Stream st = existingStream(e.source(), e.symbol());
        if (st == null) {
            return List.of();
        }
        double pd = priceDouble(e);
        synchronized (st.quality) {
            return outlierHeld(e, st, pd);
        }
    }

    /**
     * The intake's hot path, with one stream lookup and one price per event: time order within the stream (per
     * kind, and per interval for bars), then {@link #check} if nothing failed so far, then
     * {@link #observe}. A valid event advances the stream's last time.
     *
     * @param sane whether the domain's own rules passed
     * @return the violations beyond the domain's (empty when none)
     */
    public List<Violation> screen(MarketDataEvent e, boolean sane, Long sequence) {
        return screen(e, sane, sequence, clock.nanos());
    }

    /**
     * {@link #screen(MarketDataEvent, boolean, Long)} with the arrival time given: the events of one wire frame
     * arrived together, so the intake reads the clock once per frame ({@link #nanos()}).
     */
    public List<Violation> screen(MarketDataEvent e, boolean sane, Long sequence, long now) {
        return screen(stream(e.source(), e.symbol()), e, sane, sequence, now);
    }

    /**
     * A source's stream of one symbol: a caller that sees many events (the intake, a frame at a time) keeps it
     * and skips the two map lookups per event. The same for the engine's whole life.
     */
    public interface StreamRef {
        /**
         * What the caller keeps with this stream (the intake: the symbol's quote slot), so that it needs no map of
         * its own per event; null until {@link #attach}.
         */
        Object attachment();

        void attach(Object attachment);
    }

    public StreamRef streamOf(String source, String symbol) {
        return stream(source, symbol);
    }

    /** {@link #screen(MarketDataEvent, boolean, Long, long)} with the event's stream ({@link #streamOf}) given. */
    public List<Violation> screen(StreamRef stream, MarketDataEvent e, boolean sane, Long sequence, long now) {
        Stream st = (Stream) stream;
        // The price as a double: the outlier rule decides in it unless the two prices are close, and the event
        // becomes the stream's reference as it is. A quote's mid BigDecimal is made only when a rule needs it.
        double pd = priceDouble(e);
        arrived(e, now);
        double timeliness = QualityScore.timelinessSample(latencyMillis(e), settings.timelinessTargetMs());
        List<Violation> violations;
        boolean valid;
        TradeGap gap = null;
        // One lock per event: the stream's last times, reference price and quality score are all guarded by it
        // (each lock and each volatile store is a fence, a good part of a tick's cost at millions a second).
        synchronized (st.quality) {
            if (st.before(e)) {
                violations = List.of(Violation.of("timestamp", e.timestamp(), "out of order: before "
                        + st.lastTime(e)));
            } else {
                violations = sane ? outlierHeld(e, st, pd) : List.of();
            }
            valid = sane && violations.isEmpty();
            scoreHeld(st, e, pd, valid, timeliness, now);
            if (valid) {
                st.passed(e);
            }
            if (st.seq != null && e instanceof Trade t) {
                gap = sequenceHeld(st, t);
            }
        }
        observed(e, st, pd, valid, sequence, now);
        if (gap != null) {
            TradeGap g = gap;
            scheduler.schedule(() -> backfill(g, 1), 0);
        }
        return violations;
    }

    /**
     * Outlier rule against the stream's reference price. The rounded jump ({@code |p - ref| * 10000 / ref} to 2
     * places, half up) exceeds {@code jump} exactly when {@code |p - ref| * 2,000,000 >= (200 * jump + 1) * ref}:
     * two multiplications instead of a division per event; the division is done only to word a violation.
     */
    private List<Violation> outlierHeld(MarketDataEvent e, Stream st, double pd) {
        long jumpBps = settings.outlierJumpBps();
        if (jumpBps <= 0 || !(pd > 0) || st.refEvent == null) {
            return List.of();
        }
        int quick = beyondQuick(pd, st.refDouble, jumpBps);
        if (quick == 0) {
            return List.of();
        }
        BigDecimal p = price(e);
        BigDecimal ref = st.refPrice();
        if (quick < 0 && !beyondExactly(p, ref, jumpBps)) {
            return List.of();
        }
        BigDecimal bps = p.subtract(ref).abs().multiply(BigDecimal.valueOf(10_000))
                .divide(ref, 2, RoundingMode.HALF_UP);
        outliers.increment();
        Violation v = Violation.of("price", p, "outlier: jump of " + bps.stripTrailingZeros().toPlainString()
                + " bps from " + ref.toPlainString() + " exceeds outlier.jump.bps=" + jumpBps);
        if (++st.outliersInRow >= settings.outlierResetCount()) {
            LOG.warn("{} {}: {} outliers in a row; {} is the new reference price", e.source(), e.symbol(),
                    st.outliersInRow, p.toPlainString());
            st.refEvent = e;
            st.refDouble = pd;
            st.outliersInRow = 0;
        }
        return List.of(v);
    }

    private static final BigDecimal TWO_MILLION = BigDecimal.valueOf(2_000_000);

    /**
     * Whether {@code |p - ref| / ref} in bps, rounded half up to 2 places, exceeds {@code limitBps} (ref > 0).
     * Decided in doubles when the two sides are clearly apart, which is nearly always (no BigDecimal made: this
     * runs for every tick, twice with two sources); exactly in BigDecimal when they are close. Each double side is
     * within about {@code 2.2e-10 * (|p| + |ref|)} plus a few ulps of its exact value; the margin is thousands of
     * times that, so the doubles never decide a case the exact comparison would decide otherwise.
     */
    static boolean beyond(BigDecimal p, BigDecimal ref, long limitBps) {
        return beyond(p, p.doubleValue(), ref, ref.doubleValue(), limitBps);
    }

    /**
     * {@link #beyond(BigDecimal, BigDecimal, long)} with the two doubles given ({@code p.doubleValue()} and {@code
     * ref.doubleValue()}): the stream keeps its reference's, so the per-tick check does not read the reference
     * BigDecimal, a cache line of its own, unless the two are close.
     */
    static boolean beyond(BigDecimal p, double pd, BigDecimal ref, double rd, long limitBps) {
        int quick = beyondQuick(pd, rd, limitBps);
        return quick > 0 || quick < 0 && beyondExactly(p, ref, limitBps);
    }

    /**
     * {@link #beyond} in doubles: 1 when clearly beyond, 0 when clearly not, -1 when too close to call (then the
     * exact comparison decides). {@code pd} and {@code rd} may be any double within a few ulps of the exact
     * values (a quote's mid taken as the mean of its sides' doubles, for one).
     */
    static int beyondQuick(double pd, double rd, long limitBps) {
        double lhs = Math.abs(pd - rd) * 2_000_000d;
        double rhs = rd * (200d * limitBps + 1);
        double margin = 1e-6 * (Math.abs(pd) + Math.abs(rd)) + 1e-12 * (lhs + Math.abs(rhs));
        if (lhs > rhs + margin) {
            return 1;
        }
        if (lhs < rhs - margin) {
            return 0;
        }
        return -1;
    }

    /** {@link #beyond} in exact arithmetic: {@code |p - ref| * 2,000,000 >= (200 * limit + 1) * ref}. */
    static boolean beyondExactly(BigDecimal p, BigDecimal ref, long limitBps) {
        return p.subtract(ref).abs().multiply(TWO_MILLION)
                .compareTo(ref.multiply(BigDecimal.valueOf(200 * limitBps + 1))) >= 0;
    }

    /**
     * {@link #price} as a double, NaN when the event has none, without making a quote's mid: the mean of its sides'
     * doubles, within a few ulps of the mid's, which {@link #beyondQuick} allows for.
     */
    static double priceDouble(MarketDataEvent e) {
        if (e instanceof Quote q) {
            BigDecimal bid = q.bid();
            BigDecimal ask = q.ask();
            if (bid != null && ask != null) {
                return (bid.doubleValue() + ask.doubleValue()) / 2;
            }
            return bid != null ? bid.doubleValue() : ask != null ? ask.doubleValue() : Double.NaN;
        }
        BigDecimal p = price(e);
        return p == null ? Double.NaN : p.doubleValue();
    }

    /** Outlier reference price: quote mid (or its one side), trade price, bar close. */
    static BigDecimal price(MarketDataEvent e) {
        if (e instanceof Quote q) {
            BigDecimal mid = q.mid();
            return mid != null ? mid : q.bid() != null ? q.bid() : q.ask();
        }
        if (e instanceof Trade t) {
            return t.price();
        }
        if (e instanceof Bar b) {
            return b.close();
        }
        return null;
    }

    // ------------------------------------------------------------------ observation

    /**
     * Records one event of a source after validation: quality, arrival (silence rule), reference price, gaps,
     * consolidation. {@code sequence} is the source's sequence number when it gives one, else null.
     */
    public void observe(MarketDataEvent e, boolean valid, Long sequence) {
        observe(e, stream(e.source(), e.symbol()), priceDouble(e), valid, sequence, clock.nanos());
    }

    /** The engine's clock (monotonic nanoseconds), for {@link #screen(MarketDataEvent, boolean, Long, long)}. */
    public long nanos() {
        return clock.nanos();
    }

    private void observe(MarketDataEvent e, Stream st, double pd, boolean valid, Long sequence, long now) {
        arrived(e, now);
        double timeliness = QualityScore.timelinessSample(latencyMillis(e), settings.timelinessTargetMs());
        synchronized (st.quality) {
            scoreHeld(st, e, pd, valid, timeliness, now);
        }
        observed(e, st, pd, valid, sequence, now);
    }

    /** The source's arrival for its feed group's silence rule. */
    private void arrived(MarketDataEvent e, long now) {
        Group g = groupOf(e.symbol());
        if (g != null) {
            SourceState ss = g.sources.get(e.source());
            if (ss != null) {
                ss.arrived(now);
            }
        }
    }

    /**
     * Reference price and quality score of one event ({@code pd}: its price's double, NaN for none); the caller
     * holds the stream's quality lock.
     */
    private void scoreHeld(Stream st, MarketDataEvent e, double pd, boolean valid, double timeliness, long now) {
        int consistency = -1;
        if (valid && pd > 0) {
            st.refEvent = e;
            st.refDouble = pd;
            st.outliersInRow = 0;
            // Alone on its symbol, a source is consistent with itself: no price to make.
            consistency = st.peerCount < 2 || consistent(st, price(e), now, settings) ? 1 : 0;
        }
        st.quality.eventHeld(now, valid, timeliness, consistency);
    }

    /** What follows the score, outside the lock: sequence gaps, the latest price, consolidation, bar gaps. */
    private void observed(MarketDataEvent e, Stream st, double pd, boolean valid, Long sequence, long now) {
        QualityScore q = st.quality;
        if (sequence != null) {
            Long prev = lastSequence.put(e.source(), sequence);
            if (prev != null && sequence > prev + 1) {
                sequenceGaps.increment();
                q.missing(sequence - prev - 1);
                LOG.warn("{}: sequence gap: {} missing after {}", e.source(), sequence - prev - 1, prev);
            }
        }
        if (!valid) {
            return;
        }
        if (pd > 0) {
            boolean consolidating = consolidatedWanted.getAsBoolean();
            // The latest price and quote are read only by the symbol's other sources (consistency) and by the
            // consolidated quote. A symbol with one source and no consolidated listener skips the object and the
            // store into the long-lived stream (an allocation and a GC write barrier, ~30 ns a tick); when a second
            // source's stream appears, this one's is seeded from its reference price (seedLatest).
            if (st.peerCount > 1 || consolidating) {
                Latest old = st.latest;
                // A release store: readers (other sources' streams) see a complete Latest, without a full fence.
                Stream.LATEST.setRelease(st, new Latest(price(e), e instanceof Quote qq ? qq : old == null ? null
                        : old.quote, now));
                if (e instanceof Quote && consolidating) {
                    consolidate(e, now, settings);
                }
            }
        }
        if (e instanceof Bar b) {
            barObserved(b, q);
        }
    }

    /** receivedAt - timestamp in whole ms (toward zero, as Duration.toMillis), without a Duration per event. */
    private static long latencyMillis(MarketDataEvent e) {
        Instant t = e.timestamp();
        Instant r = e.receivedAt();
        long seconds = r.getEpochSecond() - t.getEpochSecond();
        if (Math.abs(seconds) > 9_000_000_000L) {
            return Duration.between(t, r).toMillis();
        }
        return (seconds * 1_000_000_000L + (r.getNano() - t.getNano())) / 1_000_000L;
    }

    /**
     * Consistency with the median of the other sources' recent prices for the symbol. Within tolerance, as
     * {@link #beyond} words it: the rounded bps of the old division, compared without dividing.
     */
    private boolean consistent(Stream own, BigDecimal p, long now, FeedSettings s) {
        if (own.peerCount < 2) {
            return true;
        }
        Stream[] all = own.peers;
        long maxAge = s.consolidatedMaxAgeMs() * 1_000_000L;
        BigDecimal only = null;
        List<BigDecimal> others = null;
        for (Stream other : all) {
            Latest l = other.latest;
            if (other == own || l == null || now - l.nanos > maxAge) {
                continue;
            }
            if (only == null) {
                only = l.price;
            } else {
                if (others == null) {
                    others = new ArrayList<>(all.length);
                    others.add(only);
                }
                others.add(l.price);
            }
        }
        if (only == null) {
            return true;
        }
        BigDecimal ref = others == null ? only : medianValue(others);
        return !beyond(p, ref, s.consistencyToleranceBps());
    }

    /**
     * The median's value for a comparison (its scale may differ from {@link #median}'s): two values are averaged
     * exactly by a multiplication, without the DECIMAL64 division.
     */
    private static BigDecimal medianValue(List<BigDecimal> values) {
        if (values.size() == 2) {
            return values.get(0).add(values.get(1)).multiply(HALF);
        }
        return median(values);
    }

    private static final BigDecimal HALF = new BigDecimal("0.5");

    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> v = new ArrayList<>(values);
        v.sort(Comparator.naturalOrder());
        int n = v.size();
        if (n % 2 == 1) {
            return v.get(n / 2);
        }
        return v.get(n / 2 - 1).add(v.get(n / 2)).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64)
                .stripTrailingZeros();
    }

    /** The consolidated quote over the healthy sources' recent quotes, told to the consolidated stream. */
    private void consolidate(MarketDataEvent trigger, long now, FeedSettings s) {
        long maxAge = s.consolidatedMaxAgeMs() * 1_000_000L;
        List<Quote> quotes = new ArrayList<>();
        Stream[] all = streamsOfSymbol.get(trigger.symbol());
        for (Stream st : all == null ? new Stream[0] : all) {
            Latest l = st.latest;
            VenueState state = sourceStates.get(st.source);
            boolean healthy = state == null || state == VenueState.UP || state == VenueState.DEGRADED;
            if (l != null && l.quote != null && healthy && now - l.nanos <= maxAge) {
                quotes.add(l.quote);
            }
        }
        if (quotes.isEmpty()) {
            return;
        }
        Quote c = consolidated(trigger.symbol(), quotes, s.consolidatedMethod(), trigger.timestamp(), clock.now());
        if (c != null) {
            consolidatedEmitted.increment();
            consolidatedSink.accept(c);
        }
    }

    /** Median: median bid and ask (and sizes); BBO: highest bid and lowest ask with their sizes. Null if crossed. */
    static Quote consolidated(String symbol, List<Quote> quotes, FeedSettings.ConsolidationMethod method,
                              Instant timestamp, Instant receivedAt) {
        BigDecimal bid = null, bidSize = null, ask = null, askSize = null;
        if (method == FeedSettings.ConsolidationMethod.BBO) {
            for (Quote q : quotes) {
                if (q.bid() != null && (bid == null || q.bid().compareTo(bid) > 0)) {
                    bid = q.bid();
                    bidSize = q.bidSize();
                }
                if (q.ask() != null && (ask == null || q.ask().compareTo(ask) < 0)) {
                    ask = q.ask();
                    askSize = q.askSize();
                }
            }
        } else {
            bid = medianOf(quotes, Quote::bid);
            bidSize = bid == null ? null : medianOf(quotes.stream().filter(q -> q.bid() != null).toList(), Quote::bidSize);
            ask = medianOf(quotes, Quote::ask);
            askSize = ask == null ? null : medianOf(quotes.stream().filter(q -> q.ask() != null).toList(), Quote::askSize);
        }
        if (bid == null && ask == null || bid != null && ask != null && bid.compareTo(ask) > 0) {
            return null;
        }
        return new Quote(symbol, "consolidated", bid, bidSize, ask, askSize, timestamp, receivedAt);
    }

    private static BigDecimal medianOf(List<Quote> quotes, Function<Quote, BigDecimal> f) {
        List<BigDecimal> v = quotes.stream().map(f).filter(x -> x != null).toList();
        return v.isEmpty() ? null : median(v);
    }

    // ------------------------------------------------------------------ gaps and backfill

    private static String streamKey(String source, String symbol, Duration interval) {
        return source + '|' + symbol + '|' + interval;
    }

    private void barObserved(Bar b, QualityScore q) {
        BarStream st = barStreams.computeIfAbsent(streamKey(b.source(), b.symbol(), b.interval()), k -> new BarStream());
        List<Gap> gaps = List.of();
        synchronized (st) {
            st.received.add(b.timestamp());
            while (st.received.size() > RECEIVED_BARS_KEPT) {
                st.received.pollFirst();
            }
            if (st.lastStart != null && b.timestamp().isAfter(st.lastStart)) {
                gaps = gaps(b, st, q);
                st.open.addAll(gaps);
            }
            if (st.lastStart == null || b.timestamp().isAfter(st.lastStart)) {
                st.lastStart = b.timestamp();
            }
        }
        for (Gap g : gaps) {
            scheduler.schedule(() -> backfill(g, 1), 0);
        }
    }

    /**
     * The gaps between the stream's last bar and {@code b}: the bars its trading calendar expected in between
     * (nights, weekends and holidays expect none), one gap per contiguous run. Called holding the stream's lock.
     */
    private List<Gap> gaps(Bar b, BarStream st, QualityScore q) {
        if (!b.timestamp().isAfter(st.lastStart.plus(b.interval()))) {
            return List.of(); // the next bar (the usual case): nothing can be missing, no calendar needed
        }
        String calendarId = settings.calendars().idOf(b.source(), b.symbol());
        TradingCalendar cal = calendars.apply(calendarId).orElse(null);
        if (cal == null) {
            if (!calendarId.equals(st.unknownCalendar)) {
                st.unknownCalendar = calendarId;
                LOG.error("{} {} {} bars: calendar {} (calendar.* in io.tradeloom.marketdata.cfg) is not loaded"
                        + " (etc/io.tradeloom.calendar-{}.cfg): the stream is not gap-checked", b.source(), b.symbol(),
                        b.interval(), calendarId, calendarId);
            }
            return List.of();
        }
        st.unknownCalendar = null;
        BarGaps.Found found = BarGaps.find(cal, b.interval(), st.lastStart, b.timestamp(), settings.gapMaxBars());
        if (found.overCap()) {
            LOG.warn("{} {} {} bars: more than gap.max.bars={} bars of calendar {} missing between {} and {}: not"
                    + " backfilled", b.source(), b.symbol(), b.interval(), settings.gapMaxBars(), cal.id(),
                    st.lastStart, b.timestamp());
            return List.of();
        }
        if (found.missing() == 0) {
            return List.of();
        }
        q.missing(found.missing());
        List<Gap> out = new ArrayList<>(found.runs().size());
        for (BarGaps.Run r : found.runs()) {
            Gap gap = new Gap(b.source(), b.symbol(), b.interval(), r.from(), r.to(), r.expects());
            gapsDetected.increment();
            LOG.warn("{} {} {} bars: gap of {} bar(s) [{}, {}) ({}): asking the source to backfill", b.source(),
                    b.symbol(), b.interval(), r.bars(), gap.from, gap.to, cal.id());
            out.add(gap);
        }
        return out;
    }

    /** True when this bar falls into an open gap of its stream and was not received yet: a late bar, not stale. */
    public boolean fillsOpenGap(Bar b) {
        BarStream st = barStreams.get(streamKey(b.source(), b.symbol(), b.interval()));
        if (st == null) {
            return false;
        }
        synchronized (st) {
            return !st.received.contains(b.timestamp()) && st.open.stream().anyMatch(g -> g.contains(b.timestamp()));
        }
    }

    private void backfill(Gap gap, int attempt) {
        FeedSettings s = settings;
        HistoricalBars h = historical.apply(gap.source);
        List<Bar> bars;
        try {
            if (h == null) {
                throw new IllegalStateException("no HistoricalBars service for source " + gap.source);
            }
            bars = h.bars(gap.symbol, gap.interval, gap.from, gap.to);
        } catch (Exception e) {
            if (attempt < s.backfillAttempts()) {
                LOG.warn("backfill of {} {} [{}, {}) failed (try {} of {}), retrying in {} ms: {}", gap.source,
                        gap.symbol, gap.from, gap.to, attempt, s.backfillAttempts(), s.backfillRetryMs(), e.toString());
                scheduler.schedule(() -> backfill(gap, attempt + 1), s.backfillRetryMs());
            } else {
                LOG.error("backfill of {} {} [{}, {}) given up after {} tries: {}", gap.source, gap.symbol, gap.from,
                        gap.to, attempt, e.toString());
                closeGap(gap);
            }
            return;
        }
        BarStream st = barStreams.get(streamKey(gap.source, gap.symbol, gap.interval));
        int sent = 0;
        List<Bar> sorted = new ArrayList<>(bars == null ? List.of() : bars);
        sorted.sort(Comparator.comparing(Bar::timestamp));
        for (Bar b : sorted) {
            if (!gap.contains(b.timestamp()) || !b.symbol().equals(gap.symbol) || !b.interval().equals(gap.interval)) {
                continue;
            }
            boolean fresh;
            synchronized (st) {
                fresh = st.received.add(b.timestamp());
            }
            if (!fresh) {
                backfillDuplicates.increment();
                continue;
            }
            Bar own = b.source().equals(gap.source) ? b : new Bar(b.symbol(), gap.source, b.interval(), b.open(),
                    b.high(), b.low(), b.close(), b.volume(), b.timestamp(), b.receivedAt());
            barsBackfilled.increment();
            sent++;
            backfillSink.accept(own);
        }
        closeGap(gap);
        LOG.info("backfill of {} {} [{}, {}): {} bar(s) sent, {} answered", gap.source, gap.symbol, gap.from, gap.to,
                sent, sorted.size());
    }

    private void closeGap(Gap gap) {
        BarStream st = barStreams.get(streamKey(gap.source, gap.symbol, gap.interval));
        if (st != null) {
            synchronized (st) {
                st.open.remove(gap);
            }
        }
    }

    // ------------------------------------------------------------------ trade sequence gaps

    /**
     * The trade's sequence number against its stream's last one (the stream is of a source in
     * {@code sequence.gap.sources}; the caller holds its quality lock). A jump opens a gap, returned for backfill;
     * a sequence that repeats or goes backwards is no gap, unless it is a new session's numbering (see
     * {@link #restarts}), which the stream then follows.
     */
    private TradeGap sequenceHeld(Stream st, Trade t) {
        long q = t.sequence();
        if (q == Trade.NO_SEQUENCE) {
            return null;
        }
        SeqState s = st.seq;
        long last = s.last;
        Instant lastTime = s.lastTime;
        if (last != Trade.NO_SEQUENCE && q <= last) {
            if (lastTime != null && restarts(lastTime, t.timestamp())) {
                LOG.info("{} {}: trade sequence restarts at {} (was {} at {})", st.source, st.symbol, q, last,
                        lastTime);
                s.last = q;
                s.lastTime = t.timestamp();
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("{} {}: trade sequence {} not after {}: no gap", st.source, st.symbol, q, last);
            }
            return null;
        }
        s.last = q;
        s.lastTime = t.timestamp();
        if (last == Trade.NO_SEQUENCE || q == last + 1) {
            return null;
        }
        long missing = q - last - 1;
        long max = settings.sequenceGapMax();
        if (missing > max) {
            LOG.warn("{} {}: trade sequence gap of {} trades ({}..{}, between {} and {}) is over sequence.gap.max={}:"
                    + " not backfilled", st.source, st.symbol, missing, last + 1, q - 1, lastTime, t.timestamp(), max);
            return null;
        }
        sequenceGaps.increment();
        tradeGapCounters(st.source).gaps.increment();
        st.quality.missing(missing);
        TradeGap gap = new TradeGap(st, last, q, lastTime, t.timestamp());
        s.open.add(gap);
        openTradeGaps.incrementAndGet();
        LOG.warn("{} {}: trade sequence gap: {} trade(s) missing, sequence {}..{}, between {} and {}: asking the"
                + " source to backfill", st.source, st.symbol, missing, last + 1, q - 1, lastTime, t.timestamp());
        return gap;
    }

    /**
     * Whether a step back in the sequence at {@code now} after the last trade at {@code last} is a venue's new
     * numbering (they restart per session or day) rather than a repeat: a new UTC day, or an hour or more without
     * a trade (a US equity session's after-hours can end past midnight UTC, the same UTC day the next one starts).
     */
    static boolean restarts(Instant last, Instant now) {
        return Math.floorDiv(now.getEpochSecond(), 86_400) > Math.floorDiv(last.getEpochSecond(), 86_400)
                || now.getEpochSecond() - last.getEpochSecond() >= 3600;
    }

    /**
     * True when this trade's sequence number lies in an open gap of its stream and has not arrived yet: a late
     * trade, to be delivered as a backfilled one (once: it is marked as arrived here, so the backfill skips it).
     * Costs one volatile read while no gap is open. {@code stream}: the trade's stream when the caller has it.
     */
    public boolean fillsOpenGap(Trade t, StreamRef stream) {
        if (openTradeGaps.get() == 0 || t.sequence() == Trade.NO_SEQUENCE) {
            return false;
        }
        Stream st = stream != null ? (Stream) stream : existingStream(t.source(), t.symbol());
        if (st == null) {
            return false;
        }
        synchronized (st.quality) {
            SeqState s = st.seq;
            if (s == null) {
                return false;
            }
            for (TradeGap g : s.open) {
                // Within the gap's time window too: after a restart of the numbering, the same number is another trade.
                if (g.contains(t.sequence()) && !t.timestamp().isBefore(g.from) && !t.timestamp().isAfter(g.to)) {
                    return g.arrived(t.sequence());
                }
            }
            return false;
        }
    }

    private void backfill(TradeGap gap, int attempt) {
        FeedSettings s = settings;
        Stream st = gap.stream;
        HistoricalTrades h = historicalTrades.apply(st.source);
        List<Trade> trades;
        try {
            if (h == null) {
                throw new IllegalStateException("no HistoricalTrades service for source " + st.source);
            }
            trades = h.trades(st.symbol, gap.from, gap.to);
        } catch (Exception e) {
            if (attempt < s.backfillAttempts()) {
                LOG.warn("trade backfill of {} {} sequence {}..{} failed (try {} of {}), retrying in {} ms: {}",
                        st.source, st.symbol, gap.after + 1, gap.before - 1, attempt, s.backfillAttempts(),
                        s.backfillRetryMs(), e.toString());
                scheduler.schedule(() -> backfill(gap, attempt + 1), s.backfillRetryMs());
            } else {
                LOG.error("trade backfill of {} {} sequence {}..{} given up after {} tries: {}", st.source, st.symbol,
                        gap.after + 1, gap.before - 1, attempt, e.toString());
                closeGap(gap);
            }
            return;
        }
        List<Trade> sorted = new ArrayList<>(trades == null ? List.of() : trades);
        sorted.sort(Comparator.comparingLong(Trade::sequence));
        int sent = 0;
        for (Trade t : sorted) {
            if (!gap.contains(t.sequence()) || !t.symbol().equals(st.symbol)) {
                continue;
            }
            boolean fresh;
            synchronized (st.quality) {
                fresh = gap.arrived(t.sequence());
            }
            if (!fresh) {
                tradeBackfillDuplicates.increment();
                tradeGapCounters(st.source).duplicates.increment();
                continue;
            }
            Trade own = t.source().equals(st.source) ? t : new Trade(t.symbol(), st.source, t.price(), t.size(),
                    t.tradeId(), t.timestamp(), t.receivedAt(), t.sequence());
            tradesBackfilled.increment();
            tradeGapCounters(st.source).backfilled.increment();
            sent++;
            tradeBackfillSink.accept(own);
        }
        long stillMissing;
        synchronized (st.quality) {
            stillMissing = gap.size() - gap.received.cardinality();
        }
        closeGap(gap);
        if (stillMissing > 0) {
            LOG.warn("trade backfill of {} {} sequence {}..{}: {} trade(s) sent, {} not in the source's answer of {}",
                    st.source, st.symbol, gap.after + 1, gap.before - 1, sent, stillMissing, sorted.size());
        } else {
            LOG.info("trade backfill of {} {} sequence {}..{}: {} trade(s) sent, {} answered", st.source, st.symbol,
                    gap.after + 1, gap.before - 1, sent, sorted.size());
        }
    }

    private void closeGap(TradeGap gap) {
        synchronized (gap.stream.quality) {
            SeqState s = gap.stream.seq;
            if (s != null) {
                s.open.remove(gap);
            }
            if (!gap.closed) {
                gap.closed = true;
                openTradeGaps.decrementAndGet();
            }
        }
    }

    // ------------------------------------------------------------------ selection and order

    /** True when the event may pass: its symbol is in no group, or it comes from the group's active source. */
    public boolean selects(MarketDataEvent e) {
        Group g = groupOf(e.symbol());
        if (g == null || e.source().equals(g.active)) {
            return true;
        }
        g.droppedStandby.increment();
        return false;
    }

    /** The feed group of a symbol, or null; no hash lookup while no group is configured (the usual case). */
    private Group groupOf(String symbol) {
        return groupOfSymbol.isEmpty() ? null : groupOfSymbol.get(symbol);
    }

    /** Whether {@link #admit} guards this event's symbol (it is in a feed group); if not, admit just dispatches. */
    public boolean guarded(MarketDataEvent e) {
        return groupOf(e.symbol()) != null;
    }

    /**
     * Runs {@code dispatch} unless the event is not newer than the last one passed for its symbol and kind (equal
     * time passes only from the same source). For grouped symbols only; others are dispatched as they come.
     *
     * @return whether it was dispatched
     */
    public boolean admit(MarketDataEvent e, Runnable dispatch) {
        Group g = groupOf(e.symbol());
        if (g == null) {
            dispatch.run();
            return true;
        }
        Passed p = passed.computeIfAbsent(e.symbol() + '|' + e.getClass().getSimpleName(), k -> new Passed());
        synchronized (p) {
            if (p.timestamp != null && (e.timestamp().isBefore(p.timestamp)
                    || e.timestamp().equals(p.timestamp) && !e.source().equals(p.source))) {
                g.droppedOutOfOrder.increment();
                return false;
            }
            p.timestamp = e.timestamp();
            p.source = e.source();
            dispatch.run();
            return true;
        }
    }

    // ------------------------------------------------------------------ failover rules

    /** A venue left: fail its groups over now rather than at the next evaluation. */
    public void venueRemoved(String venueId) {
        evaluate();
    }

    /** Evaluates every group's rules once; the component calls it every {@code monitor.period.ms}. */
    public synchronized void evaluate() {
        long now = clock.nanos();
        refreshSourceStates();
        for (Group g : groups.values()) {
            synchronized (g) {
                Map<String, Status> status = new LinkedHashMap<>();
                for (String src : g.cfg.sources()) {
                    status.put(src, status(g, src, now));
                }
                Status current = status.get(g.active);
                if (current == null || current.kind != StatusKind.OK) {
                    for (Map.Entry<String, Status> en : status.entrySet()) {
                        if (!en.getKey().equals(g.active) && en.getValue().kind == StatusKind.OK) {
                            switchTo(g, en.getKey(), current == null ? "source " + g.active + " not in the group"
                                    : current.detail, false);
                            break;
                        }
                    }
                } else if (!g.forced) {
                    for (String src : g.cfg.sources()) {
                        if (src.equals(g.active)) {
                            break;
                        }
                        SourceState ss = g.sources.get(src);
                        if (status.get(src).kind == StatusKind.OK && ss.eligibleSince >= 0
                                && now - ss.eligibleSince >= g.cfg.failbackMs() * 1_000_000L) {
                            switchTo(g, src, "failback: " + src + " healthy for "
                                    + (now - ss.eligibleSince) / 1_000_000 + " ms", false);
                            break;
                        }
                    }
                }
            }
        }
    }

    /** Venue state of every source seen, for the consolidated quote's "healthy" (absent = not healthy). */
    private void refreshSourceStates() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        streams.forEach((source, bySymbol) -> {
            if (bySymbol.values().stream().anyMatch(st -> st.latest != null)) {
                seen.add(source);
            }
        });
        for (String src : seen) {
            Optional<VenueView> v;
            try {
                v = venues.apply(src);
            } catch (RuntimeException e) {
                v = Optional.empty();
            }
            sourceStates.put(src, v.map(VenueView::state).orElse(VenueState.DOWN));
        }
    }

    private Status status(Group g, String src, long now) {
        SourceState ss = g.sources.get(src);
        Status st = rawStatus(g, src, ss, now);
        ss.status = st;
        if (st.kind == StatusKind.OK) {
            if (ss.eligibleSince < 0) {
                ss.eligibleSince = now;
            }
        } else {
            ss.eligibleSince = -1;
        }
        return st;
    }

    private Status rawStatus(Group g, String src, SourceState ss, long now) {
        Optional<VenueView> v;
        try {
            v = venues.apply(src);
        } catch (RuntimeException e) {
            v = Optional.empty();
        }
        if (v.isEmpty()) {
            sourceStates.put(src, VenueState.DOWN);
            ss.presentSince = -1;
            return new Status(StatusKind.DOWN, "venue " + src + " not deployed");
        }
        VenueState state = v.get().state();
        sourceStates.put(src, state);
        if (state != VenueState.UP && state != VenueState.DEGRADED) {
            ss.presentSince = -1;
            String detail = v.get().detail();
            return new Status(StatusKind.DOWN, "venue " + src + " " + state + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (ss.presentSince < 0) {
            ss.presentSince = now;
        }
        long last = Math.max(ss.lastArrival(), ss.presentSince);
        long limitMs = Math.max(g.cfg.silenceMinMs(), g.cfg.silenceMultiplier() * ss.medianInterArrivalNanos() / 1_000_000);
        long silentMs = (now - last) / 1_000_000;
        if (silentMs > limitMs) {
            return new Status(StatusKind.SILENT, "source " + src + " silent for " + silentMs + " ms (limit " + limitMs
                    + " ms)");
        }
        double q = groupQuality(g, src);
        if (q < g.cfg.qualityThreshold()) {
            if (ss.lowQualitySince < 0) {
                ss.lowQualitySince = now;
            }
            long lowMs = (now - ss.lowQualitySince) / 1_000_000;
            if (lowMs >= g.cfg.qualitySeconds() * 1000) {
                return new Status(StatusKind.LOW_QUALITY, String.format("source %s quality %.2f below %.2f for %d ms",
                        src, q, g.cfg.qualityThreshold(), lowMs));
            }
        } else {
            ss.lowQualitySince = -1;
        }
        return new Status(StatusKind.OK, "");
    }

    /** The weakest overall score of this source over the group's symbols it has sent; 1 when none yet. */
    private double groupQuality(Group g, String src) {
        double min = 1;
        for (String sym : g.cfg.symbols()) {
            Stream st = existingStream(src, sym);
            QualityScore q = st == null ? null : st.quality;
            if (q != null && q.events() > 0) {
                min = Math.min(min, q.overall());
            }
        }
        return min;
    }

    private void switchTo(Group g, String to, String reason, boolean forced) {
        String from = g.active;
        g.active = to;
        // Forcing the primary needs no pin: there is nothing to fail back to.
        g.forced = forced && !to.equals(g.cfg.sources().get(0));
        g.switches++;
        g.lastSwitch = clock.now();
        g.lastReason = reason;
        LOG.warn("feed group {}: active source {} -> {}: {}", g.cfg.name(), from, to, reason);
        for (SwitchListener l : switchListeners) {
            try {
                l.switched(g.cfg.name(), from, to, reason);
            } catch (RuntimeException e) {
                LOG.warn("switch listener failed: {}", e.toString());
            }
        }
    }

    /** Operator's forced switch; see {@link io.tradeloom.core.api.FeedService#failover}. */
    public FeedGroupView failover(String group, String source) {
        Group g = group == null ? null : groups.get(group);
        if (g == null) {
            throw new IllegalArgumentException("group=" + group + ": no such feed group (known: "
                    + new TreeSet<>(groups.keySet()) + ")");
        }
        synchronized (this) {
            synchronized (g) {
                if (!g.cfg.sources().contains(source)) {
                    throw new IllegalArgumentException("source=" + source + ": not a source of feed group " + group
                            + " " + g.cfg.sources());
                }
                switchTo(g, source, "forced by operator", true);
                return view(g);
            }
        }
    }

    // ------------------------------------------------------------------ views

    public List<FeedGroupView> groups() {
        return groups.values().stream().sorted(Comparator.comparing(g -> g.cfg.name())).map(g -> {
            synchronized (g) {
                return view(g);
            }
        }).toList();
    }

    public Optional<FeedGroupView> group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            return Optional.empty();
        }
        synchronized (g) {
            return Optional.of(view(g));
        }
    }

    private FeedGroupView view(Group g) {
        Map<String, String> st = new LinkedHashMap<>();
        for (String src : g.cfg.sources()) {
            Status s = g.sources.get(src).status;
            st.put(src, s == null ? "UNKNOWN" : s.kind + (s.detail.isEmpty() ? "" : ": " + s.detail));
        }
        return new FeedGroupView(g.cfg.name(), g.cfg.sources(), g.cfg.symbols(), g.active, g.switches, g.lastSwitch,
                g.lastReason, g.forced, st, g.droppedStandby.sum(), g.droppedOutOfOrder.sum());
    }

    public List<FeedQualityView> quality() {
        long now = clock.nanos();
        List<FeedQualityView> out = new ArrayList<>();
        streams.forEach((source, bySymbol) -> bySymbol.forEach((symbol, st) -> {
            QualityScore q = st.quality;
            long last = q.lastEventNanos();
            out.add(new FeedQualityView(source, symbol, q.completeness(), q.timeliness(), q.accuracy(),
                    q.consistency(), q.overall(), q.events(), last < 0 ? -1 : (now - last) / 1_000_000));
        }));
        out.sort(Comparator.comparing(FeedQualityView::source).thenComparing(FeedQualityView::symbol));
        return out;
    }

    public Optional<QualityScore> quality(String source, String symbol) {
        Stream st = existingStream(source, symbol);
        return Optional.ofNullable(st == null ? null : st.quality);
    }

    private Stream existingStream(String source, String symbol) {
        Map<String, Stream> bySymbol = streams.get(source);
        return bySymbol == null ? null : bySymbol.get(symbol);
    }

    /** The stream of this source and symbol, made on its first event. */
    private Stream stream(String source, String symbol) {
        Map<String, Stream> bySymbol = streams.get(source);
        if (bySymbol == null) {
            bySymbol = streams.computeIfAbsent(source, k -> new ConcurrentHashMap<>());
        }
        Stream st = bySymbol.get(symbol);
        if (st != null) {
            return st;
        }
        double alpha = settings.qualityAlpha();
        FeedSettings seen = settings;
        Stream created = bySymbol.computeIfAbsent(symbol, k -> {
            Stream made = new Stream(source, symbol, new QualityScore(alpha));
            if (seen.sequenceGapSources().contains(source)) {
                made.seq = new SeqState();
            }
            // Every stream of the symbol gets the new array (the consistency rule reads it per event, no lookup);
            // inside compute, so two sources' first events for a symbol cannot leave a shorter array behind.
            streamsOfSymbol.compute(symbol, (sym, had) -> {
                Stream[] more = had == null ? new Stream[] {made} : Arrays.copyOf(had, had.length + 1);
                more[more.length - 1] = made;
                for (Stream peer : more) {
                    peer.peers = more;
                    peer.peerCount = more.length;
                }
                if (had != null) {
                    for (Stream peer : had) {
                        seedLatest(peer);
                    }
                }
                return more;
            });
            return made;
        });
        FeedSettings now = settings;
        if (now != seen) {
            // configure() ran meanwhile and may have walked the streams before this one was in the map: the
            // sequence tracking follows the settings in force now (configure() sets them before its walk).
            boolean tracked = now.sequenceGapSources().contains(source);
            synchronized (created.quality) {
                if (!tracked) {
                    created.seq = null;
                } else if (created.seq == null) {
                    created.seq = new SeqState();
                }
            }
        }
        return created;
    }

    public long outliers() {
        return outliers.sum();
    }

    public long gapsDetected() {
        return gapsDetected.sum();
    }

    public long barsBackfilled() {
        return barsBackfilled.sum();
    }

    public long backfillDuplicates() {
        return backfillDuplicates.sum();
    }

    public long sequenceGaps() {
        return sequenceGaps.sum();
    }

    public long tradesBackfilled() {
        return tradesBackfilled.sum();
    }

    public long tradeBackfillDuplicates() {
        return tradeBackfillDuplicates.sum();
    }

    /** One source's trade sequence gaps, trades backfilled and backfilled duplicates skipped. */
    public record TradeGapStats(long gaps, long backfilled, long duplicates) {
    }

    public TradeGapStats tradeGapStats(String source) {
        TradeGapCounters c = tradeGapCounters.get(source);
        return c == null ? new TradeGapStats(0, 0, 0)
                : new TradeGapStats(c.gaps.sum(), c.backfilled.sum(), c.duplicates.sum());
    }

    private TradeGapCounters tradeGapCounters(String source) {
        return tradeGapCounters.computeIfAbsent(source, k -> new TradeGapCounters());
    }

    private static final class TradeGapCounters {
        final LongAdder gaps = new LongAdder();
        final LongAdder backfilled = new LongAdder();
        final LongAdder duplicates = new LongAdder();
    }

    public long consolidatedEmitted() {
        return consolidatedEmitted.sum();
    }

    // ------------------------------------------------------------------ state

    enum StatusKind { OK, DOWN, SILENT, LOW_QUALITY }

    record Status(StatusKind kind, String detail) {
    }

    private static final class Group {
        final FeedGroupConfig cfg;
        final Map<String, SourceState> sources = new LinkedHashMap<>();
        volatile String active;
        boolean forced;
        long switches;
        Instant lastSwitch;
        String lastReason = "";
        final LongAdder droppedStandby = new LongAdder();
        final LongAdder droppedOutOfOrder = new LongAdder();

        Group(FeedGroupConfig cfg) {
            this.cfg = cfg;
            cfg.sources().forEach(s -> sources.put(s, new SourceState()));
            this.active = cfg.sources().get(0);
        }
    }

    /** Arrival times of one source within one group; the other fields are the evaluating thread's. */
    private static final class SourceState {
        private final long[] intervals = new long[INTERVALS];
        private int count;
        private long lastArrival = -1;
        long presentSince = -1;
        long lowQualitySince = -1;
        long eligibleSince = -1;
        volatile Status status;

        synchronized void arrived(long now) {
            if (lastArrival >= 0) {
                intervals[count++ % INTERVALS] = now - lastArrival;
            }
            lastArrival = now;
        }

        synchronized long lastArrival() {
            return lastArrival;
        }

        synchronized long medianInterArrivalNanos() {
            int n = Math.min(count, INTERVALS);
            if (n == 0) {
                return 0;
            }
            long[] copy = Arrays.copyOf(intervals, n);
            Arrays.sort(copy);
            return copy[n / 2];
        }
    }

    /** Epoch nanoseconds of t, or Long.MIN_VALUE when they do not fit a long (before 1678 or after 2261). */
    static long nanos(Instant t) {
        long s = t.getEpochSecond();
        if (s < -9_000_000_000L || s > 9_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return s * 1_000_000_000L + t.getNano();
    }

    /**
     * A stream that ticked alone kept no latest price (see {@link #observed}); the symbol's new source compares
     * with it from its first tick, so it gets one from its reference price and last event time.
     */
    private static void seedLatest(Stream st) {
        synchronized (st.quality) {
            if (st.latest == null && st.refEvent != null) {
                Stream.LATEST.setRelease(st, new Latest(st.refPrice(), null, st.quality.lastEventNanos()));
            }
        }
    }

    /** One source's stream of one symbol. */
    private static final class Stream implements StreamRef {
        final String source;
        final String symbol;
        final QualityScore quality;
        /** Outlier reference price and the outliers in a row since it was set; guarded by {@link #quality}. */
        MarketDataEvent refEvent;
        /** The reference price's double ({@link #priceDouble}), for the outlier rule's quick comparison. */
        double refDouble;
        int outliersInRow;
        /** Every source's stream of this symbol, this one included (see {@link #streamsOfSymbol}). */
        volatile Stream[] peers = new Stream[0];
        /** {@code peers.length}, in this object's own cache line: the per-tick checks need only the count. */
        volatile int peerCount;
        /** See {@link StreamRef#attachment}. */
        private volatile Object attachment;

        @Override
        public Object attachment() {
            return attachment;
        }

        @Override
        public void attach(Object attachment) {
            this.attachment = attachment;
        }
        /** Latest valid price (and quote), read by the other sources' streams of the symbol. */
        volatile Latest latest;
        static final java.lang.invoke.VarHandle LATEST;

        static {
            try {
                LATEST = java.lang.invoke.MethodHandles.lookup().findVarHandle(Stream.class, "latest", Latest.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        /**
         * Last time passed per kind: time must not run backwards within a stream (the intake's rule). Quotes and
         * trades as epoch nanoseconds in a long (a compare without following a pointer to an older Instant, the
         * costliest line of the rule), with the Instant kept for the message and for times a long cannot hold.
         * Guarded by {@link #quality}, like the reference price.
         */
        long lastQuoteNanos = Long.MIN_VALUE;
        long lastTradeNanos = Long.MIN_VALUE;
        Instant lastQuote;
        Instant lastTrade;
        /** Per bar interval (per-second and per-minute aggregates are separate streams); rarely more than two. */
        final Map<Duration, Instant> lastBar = new ConcurrentHashMap<>(4);
        /**
         * Trade sequence tracking, null unless the source is in {@code sequence.gap.sources} (then an unconfigured
         * source's tick pays one null check). Guarded by {@link #quality}.
         */
        SeqState seq;

        Stream(String source, String symbol, QualityScore quality) {
            this.source = source;
            this.symbol = symbol;
            this.quality = quality;
        }

        /**
         * The outlier reference price: the price of {@link #refEvent}, the last valid event (kept as the event, so
         * a quote's mid is made only when a rule needs the exact value).
         */
        BigDecimal refPrice() {
            return refEvent == null ? null : price(refEvent);
        }

        Instant lastTime(MarketDataEvent e) {
            if (e instanceof Quote) {
                return lastQuote;
            }
            if (e instanceof Trade) {
                return lastTrade;
            }
            return lastBar.get(((Bar) e).interval());
        }

        /** Whether the event is older than the last one passed of its kind. */
        boolean before(MarketDataEvent e) {
            if (e instanceof Bar b) {
                Instant last = lastBar.get(b.interval());
                return last != null && e.timestamp().isBefore(last);
            }
            long t = nanos(e.timestamp());
            long last = e instanceof Quote ? lastQuoteNanos : lastTradeNanos;
            if (t != Long.MIN_VALUE && last != Long.MIN_VALUE) {
                return t < last;
            }
            Instant lastTime = lastTime(e);
            return lastTime != null && e.timestamp().isBefore(lastTime);
        }

        void passed(MarketDataEvent e) {
            if (e instanceof Quote) {
                lastQuote = e.timestamp();
                lastQuoteNanos = nanos(e.timestamp());
            } else if (e instanceof Trade) {
                lastTrade = e.timestamp();
                lastTradeNanos = nanos(e.timestamp());
            } else {
                lastBar.put(((Bar) e).interval(), e.timestamp());
            }
        }
    }

    private record Latest(BigDecimal price, Quote quote, long nanos) {
    }

    /** A stream's last trade sequence number and its time, and its open gaps; guarded by the stream's quality. */
    private static final class SeqState {
        long last = Trade.NO_SEQUENCE;
        Instant lastTime;
        final List<TradeGap> open = new ArrayList<>(2);
    }

    /**
     * Trades {@code after < sequence < before} of a stream, missing; asked for in [from, to] (the times of the
     * trades on either side). {@link #received}: which of them arrived since (late or backfilled), guarded by the
     * stream's quality lock.
     */
    private static final class TradeGap {
        final Stream stream;
        final long after;
        final long before;
        final Instant from;
        final Instant to;
        final BitSet received = new BitSet();
        boolean closed;

        TradeGap(Stream stream, long after, long before, Instant from, Instant to) {
            this.stream = stream;
            this.after = after;
            this.before = before;
            this.from = from;
            this.to = to;
        }

        boolean contains(long sequence) {
            return sequence > after && sequence < before;
        }

        long size() {
            return before - after - 1;
        }

        /** Marks one as arrived; false when it had already. */
        boolean arrived(long sequence) {
            int i = (int) (sequence - after - 1);
            if (received.get(i)) {
                return false;
            }
            received.set(i);
            return true;
        }
    }

    private static final class BarStream {
        Instant lastStart;
        /** The unknown calendar id last reported for this stream (reported once). */
        String unknownCalendar;
        final NavigableSet<Instant> received = new TreeSet<>();
        final List<Gap> open = new ArrayList<>();
    }

    /** Missing bars of a stream: the request window [from, to), and which starts in it are missing. */
    private record Gap(String source, String symbol, Duration interval, Instant from, Instant to,
                       Predicate<Instant> expects) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to) && expects.test(t);
        }
    }

    private static final class Passed {
        Instant timestamp;
        String source;
    }
}
