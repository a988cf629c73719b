package io.tradeloom.core.marketdata;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.feeds.FeedClock;
import io.tradeloom.core.feeds.FeedEngine;
import io.tradeloom.core.feeds.FeedSettings;
import io.tradeloom.core.feeds.FeedsComponent;
import io.tradeloom.core.venues.VenueActivity;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import io.tradeloom.domain.validation.MarketDataValidator;
import io.tradeloom.domain.validation.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The core's market-data consumer in three steps, each its own endpoint so that {@code routes/marketdata.yaml}
 * shows and orders them: {@link #VALIDATE} (domain rules, monotonic time per source, outliers; quality scores,
 * gap detection and backfill, the consolidated quote), {@link #FEEDGROUPS} (only the active source of a symbol's
 * feed group passes) and {@link #PUBLISH} (never an older tick than the last passed one of a grouped symbol; quote
 * book and normalized-stream listeners). A step that drops an event marks the exchange (property {@link #DROPPED})
 * and the later steps skip it. {@link Endpoints#CORE_MARKETDATA} runs all three in one, as before.
 * Invalid events go to the dead-letter queue with the reason and never reach the book or a listener.
 */
@Component(service = {MarketDataService.class, io.tradeloom.domain.marketdata.QuoteBook.class})
public class MarketDataIntake implements MarketDataService {

    private static final Logger LOG = LoggerFactory.getLogger(MarketDataIntake.class);

    /** Validates, scores quality, detects gaps; an invalid event is dead-lettered and stops here. */
    public static final String VALIDATE = "direct:tradeloom.core.validate";
    /** Feed-group selection; a tick from a source that is not its group's active one stops here. */
    public static final String FEEDGROUPS = "direct:tradeloom.core.feedgroups";
    /** Order guard, quote book and normalized listeners. */
    public static final String PUBLISH = "direct:tradeloom.core.publish";
    /**
     * Exchange property set (to the reason) when a step dropped the event; the later core steps skip it, and a
     * user's own step can too: {@code filter: simple: "${exchangeProperty.TradeloomDropped} == null"}.
     */
    public static final String DROPPED = "TradeloomDropped";
    /** Optional header a vendor sets to the source's sequence number (a long) so that gaps in it are counted. */
    public static final String SEQUENCE_HEADER = "TradeloomSequence";

    private final VenueActivity activity;
    private final DeadLetterQueue deadLetters;
    private final FeedEngine feeds;
    /**
     * The quote book: one slot per symbol whose quote is replaced by a volatile write, not a map put (which locks
     * the bin, and two sources of a symbol would take turns on that lock for every quote).
     */
    private final ConcurrentHashMap<String, QuoteSlot> latest = new ConcurrentHashMap<>();

    private static final class QuoteSlot {
        /** The intake whose quote book holds this slot (a feed engine's stream could be shared by two intakes). */
        final MarketDataIntake owner;
        volatile Quote quote;
        /** Written with a release store (no full fence per quote); readers see a complete Quote. */
        static final java.lang.invoke.VarHandle QUOTE;

        static {
            try {
                QUOTE = java.lang.invoke.MethodHandles.lookup().findVarHandle(QuoteSlot.class, "quote", Quote.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        QuoteSlot(MarketDataIntake owner) {
            this.owner = owner;
        }
    }

    /**
     * Per source and symbol: the feed engine's stream, with the symbol's quote slot attached to it, so that a
     * frame's event costs one lookup in dense arrays instead of three map lookups (each a likely cache miss with
     * hundreds of symbols) and touches no object beyond the stream and, for a quote, its slot.
     */
    private final ConcurrentHashMap<String, SymbolTable<FeedEngine.StreamRef>> streams = new ConcurrentHashMap<>();

    private FeedEngine.StreamRef stream(SymbolTable<FeedEngine.StreamRef> bySymbol, String source, String symbol) {
        FeedEngine.StreamRef stream = bySymbol.get(symbol);
        return stream != null ? stream : bySymbol.add(symbol, k -> {
            FeedEngine.StreamRef made = feeds.streamOf(source, k);
            made.attach(quoteSlot(k));
            return made;
        });
    }

    private QuoteSlot quoteSlot(String symbol) {
        QuoteSlot slot = latest.get(symbol);
        return slot != null ? slot : latest.computeIfAbsent(symbol, k -> new QuoteSlot(this));
    }

    /** The quote slot attached to the stream by this intake, else (another intake's, or none) the book's. */
    private QuoteSlot quoteSlot(FeedEngine.StreamRef stream, String symbol) {
        return stream != null && stream.attachment() instanceof QuoteSlot q && q.owner == this ? q : quoteSlot(symbol);
    }

    /** Changed under this object's lock; the per-tick loops read the array snapshots below (no iterator per tick). */
    private final List<Consumer<Quote>> subscribers = new ArrayList<>();
    private final List<MarketDataListener> listeners = new ArrayList<>();
    /** Snapshots of the two lists, replaced on every change. */
    private volatile MarketDataListener[] listenerArray = new MarketDataListener[0];
    @SuppressWarnings("unchecked")
    private volatile Consumer<Quote>[] subscriberArray = new Consumer[0];
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final ServiceRegistration<RoutesBuilder> routes;

    /** Without feed groups and with the outlier rule off (tests, tools): the sanity rules only, as before. */
    public MarketDataIntake(VenueActivity activity, DeadLetterQueue deadLetters, BundleContext bundleContext) {
        this(new Parts(activity, deadLetters, standalone(), bundleContext));
    }

    private static FeedEngine standalone() {
        FeedEngine e = new FeedEngine(FeedClock.SYSTEM, id -> Optional.empty(), id -> null, (task, delay) -> { });
        e.configure(FeedSettings.parse(java.util.Map.of("outlier.jump.bps", "0")));
        return e;
    }

    @Activate
    public MarketDataIntake(@Reference VenueActivity activity, @Reference DeadLetterQueue deadLetters,
                            @Reference FeedsComponent feeds, BundleContext bundleContext) {
        this(new Parts(activity, deadLetters, feeds.engine(), bundleContext));
    }

    /**
     * With a feed engine of the caller's (tests, benchmarks). A factory rather than a third public 4-argument
     * constructor: DS looks at every public constructor with as many arguments as the component has, and logs an
     * error for one it cannot fill.
     */
    public static MarketDataIntake withFeeds(VenueActivity activity, DeadLetterQueue deadLetters, FeedEngine feeds,
                                             BundleContext bundleContext) {
        return new MarketDataIntake(new Parts(activity, deadLetters, feeds, bundleContext));
    }

    private record Parts(VenueActivity activity, DeadLetterQueue deadLetters, FeedEngine feeds,
                         BundleContext bundleContext) {
    }

    private MarketDataIntake(Parts parts) {
        this.activity = parts.activity();
        this.deadLetters = parts.deadLetters();
        this.feeds = parts.feeds();
        BundleContext bundleContext = parts.bundleContext();
        feeds.backfillSink(this::onBackfill);
        feeds.tradeBackfillSink(this::onBackfill);
        this.routes = bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                // Bodies are domain objects or lists of them, never streams: no stream-caching check per exchange
                // (a type-converter lookup on every route entry, a tenth of a tick's cost at one tick per frame).
                from(Endpoints.CORE_MARKETDATA).routeId("core-marketdata").streamCache(false)
                        .process(exchange -> onEvent(exchange.getMessage().getBody(), sequence(exchange)));
                from(VALIDATE).routeId("core-marketdata-validate").streamCache(false)
                        .process(exchange -> {
                            if (exchange.getMessage().getBody() instanceof Collection<?> frame) {
                                // A whole wire frame (vendor-polygon delivery = frame) takes all three steps here
                                // in one pass; the later steps see it as handled.
                                onEvent(frame, null);
                                exchange.setProperty(DROPPED, "frame handled whole by the validate step");
                                return;
                            }
                            step(exchange, "invalid",
                                    () -> validate(exchange.getMessage().getBody(), sequence(exchange)));
                        });
                from(FEEDGROUPS).routeId("core-marketdata-feedgroups").streamCache(false)
                        .process(exchange -> step(exchange, "standby source",
                                () -> select(exchange.getMessage().getBody())));
                from(PUBLISH).routeId("core-marketdata-publish").streamCache(false)
                        .process(exchange -> step(exchange, "not newer than the last tick passed",
                                () -> publish(exchange.getMessage().getBody())));
            }
        }, null);
    }

    private static Long sequence(Exchange exchange) {
        Object v = exchange.getMessage().getHeader(SEQUENCE_HEADER);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v != null) {
            try {
                return Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                LOG.warn("header {}={} is not a number; ignored", SEQUENCE_HEADER, v);
            }
        }
        return null;
    }

    /**
     * Runs one step unless an earlier one dropped the event; a drop is marked with exchange property
     * {@link #DROPPED} (the reason) rather than by stopping the exchange, which would also stop the vendor's own
     * route after its send (its delivery bookkeeping) although nothing failed.
     */
    private static void step(Exchange exchange, String reason, java.util.function.BooleanSupplier step) {
        if (exchange.getProperty(DROPPED) == null && !step.getAsBoolean()) {
            exchange.setProperty(DROPPED, reason);
        }
    }

    @Deactivate
    void deactivate() {
        routes.unregister();
    }

    /** Entry for one message from the route; never throws, so one bad tick cannot fail the vendor's route. */
    public void onEvent(Object body) {
        onEvent(body, null);
    }

    public void onEvent(Object body, Long sequence) {
        if (body instanceof Collection<?> batch) {
            // A vendor may send one wire frame's events as one exchange (vendor-polygon delivery = frame).
            onFrame(batch);
            return;
        }
        if (validate(body, sequence) && select(body)) {
            publish(body);
        }
    }

    /**
     * One wire frame's events, each through the three steps in order as {@link #onEvent} would take them one by
     * one, with what can be done once per frame done once: one clock read (the events arrived together), the
     * venue's received counter and the accepted counter added once per run of events.
     */
    private void onFrame(Collection<?> frame) {
        long now = feeds.nanos();
        long ok = 0;
        String runSource = null;
        SymbolTable<FeedEngine.StreamRef> bySymbol = null;
        int run = 0;
        try {
            for (Object body : frame) {
                if (!(body instanceof MarketDataEvent event)) {
                    if (body instanceof Collection<?> nested) {
                        onFrame(nested);
                    } else {
                        validate(body, null); // dead-lettered and counted as before
                    }
                    continue;
                }
                String source = event.source();
                if (!source.equals(runSource)) {
                    if (run > 0) {
                        activity.received(runSource, run);
                    }
                    runSource = source;
                    bySymbol = streams.computeIfAbsent(source, k -> new SymbolTable<>());
                    run = 0;
                }
                run++;
                FeedEngine.StreamRef stream = stream(bySymbol, source, event.symbol());
                if (!screen(event, null, now, stream)) {
                    continue;
                }
                ok++;
                if (feeds.selects(event)) {
                    publish(event, stream);
                }
            }
        } finally {
            if (run > 0) {
                activity.received(runSource, run);
            }
            accepted.add(ok);
        }
    }

    /**
     * Step 1: the event is valid. Records quality either way; an invalid one is dead-lettered. A bar or a trade
     * that fills an open gap of its stream (a late one) is delivered here at once, outside the order guard, and
     * returns false.
     */
    public boolean validate(Object body, Long sequence) {
        if (!(body instanceof MarketDataEvent event)) {
            rejected.increment();
            deadLetters.add("unknown", "marketdata", body, "not a market-data event: "
                    + (body == null ? "null" : body.getClass().getName()));
            return false;
        }
        activity.received(event.source());
        if (screen(event, sequence, feeds.nanos(), null)) {
            accepted.increment();
            return true;
        }
        return false;
    }

    /**
     * {@link #validate} without the counters of accepted and received events (the caller keeps them); {@code
     * stream}: the event's stream in the feed engine when the caller has it, else null.
     */
    private boolean screen(MarketDataEvent event, Long sequence, long now, FeedEngine.StreamRef stream) {
        if (event instanceof Bar bar && feeds.fillsOpenGap(bar)) {
            onBackfill(bar);
            return false;
        }
        if (event instanceof Trade trade && feeds.fillsOpenGap(trade, stream)) {
            onBackfill(trade);
            return false;
        }
        List<Violation> violations = MarketDataValidator.isValid(event) ? List.of()
                : MarketDataValidator.validate(event);
        // Time order per stream (kind, symbol, source; bars per interval), outliers and quality: the feed engine,
        // in one lookup of the source's stream of the symbol.
        List<Violation> more = stream == null ? feeds.screen(event, violations.isEmpty(), sequence, now)
                : feeds.screen(stream, event, violations.isEmpty(), sequence, now);
        if (!violations.isEmpty() || !more.isEmpty()) {
            if (!more.isEmpty()) {
                violations = new ArrayList<>(violations);
                violations.addAll(more);
            }
            deadLetter(event, violations);
            return false;
        }
        return true;
    }

    private void deadLetter(MarketDataEvent event, List<Violation> violations) {
        rejected.increment();
        activity.error(event.source());
        deadLetters.add(event.source(), event.getClass().getSimpleName().toLowerCase(), event,
                violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }

    /** Step 2: feed-group selection. */
    public boolean select(Object body) {
        return body instanceof MarketDataEvent event && feeds.selects(event);
    }

    /** Step 3: order guard, then listeners and the quote book. */
    public boolean publish(Object body) {
        return body instanceof MarketDataEvent event && publish(event, null);
    }

    /** {@code stream}: the event's stream when the caller has it (its quote slot attached), else null. */
    private boolean publish(MarketDataEvent event, FeedEngine.StreamRef stream) {
        if (!feeds.guarded(event)) {
            // Not in a feed group: no order guard, and no closure to make per tick.
            dispatch(event, stream);
            return true;
        }
        return feeds.admit(event, () -> dispatch(event, stream));
    }

    /**
     * A backfilled (or late, gap-filling) bar or trade: the same validation except the monotonic-time rule (it is
     * older by nature), then to the listeners if its source is the active one, outside the order guard.
     */
    void onBackfill(MarketDataEvent event) {
        List<Violation> violations = new ArrayList<>(MarketDataValidator.validate(event));
        if (violations.isEmpty()) {
            violations.addAll(feeds.check(event));
        }
        feeds.observe(event, violations.isEmpty(), null);
        if (!violations.isEmpty()) {
            deadLetter(event, violations);
            return;
        }
        accepted.increment();
        if (feeds.selects(event)) {
            dispatch(event, null);
        }
    }

    private void dispatch(MarketDataEvent event, FeedEngine.StreamRef stream) {
        for (MarketDataListener l : listenerArray) {
            try {
                l.onMarketData(event);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                LOG.warn("market-data listener {} failed on {} {}: {}", l.getClass().getName(), event.source(),
                        event.symbol(), e.toString());
            }
        }
        if (event instanceof Quote q) {
            QuoteSlot.QUOTE.setRelease(quoteSlot(stream, q.symbol()), q);
            for (Consumer<Quote> s : subscriberArray) {
                try {
                    s.accept(q);
                } catch (RuntimeException e) {
                    LOG.warn("quote subscriber {} failed on {}: {}", s, q.symbol(), e.toString());
                }
            }
        }
    }

    /** The normalized stream's listeners; consolidated-stream listeners are for the feed groups. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(|(!(" + MarketDataListener.STREAM + "=*))(" + MarketDataListener.STREAM + "="
                    + MarketDataListener.NORMALIZED + "))")
    public synchronized void addListener(MarketDataListener listener) {
        listeners.add(listener);
        listenerArray = listeners.toArray(new MarketDataListener[0]);
    }

    public synchronized void removeListener(MarketDataListener listener) {
        listeners.remove(listener);
        listenerArray = listeners.toArray(new MarketDataListener[0]);
    }

    @Override
    public Optional<Quote> latest(String symbol) {
        QuoteSlot slot = symbol == null ? null : latest.get(symbol);
        return Optional.ofNullable(slot == null ? null : slot.quote);
    }

    @Override
    public Collection<Quote> all() {
        return latest.values().stream().map(s -> s.quote).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized AutoCloseable subscribe(Consumer<Quote> listener) {
        subscribers.add(listener);
        subscriberArray = subscribers.toArray(new Consumer[0]);
        return () -> {
            synchronized (this) {
                subscribers.remove(listener);
                subscriberArray = subscribers.toArray(new Consumer[0]);
            }
        };
    }

    @Override
    public long accepted() {
        return accepted.sum();
    }

    @Override
    public long rejected() {
        return rejected.sum();
    }
}
