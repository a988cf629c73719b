package io.tradeloom.core.marketdata;

import io.tradeloom.camel.api.Endpoints;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.core.api.MarketDataService;
import io.tradeloom.core.venues.VenueActivity;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.validation.MarketDataValidator;
import io.tradeloom.domain.validation.Violation;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The core's market-data consumer: validates each event, keeps the latest quote per symbol and tells
 * subscribers. Invalid events go to the dead-letter queue with the reason and never reach the book.
 */
@Component(service = {MarketDataService.class, io.tradeloom.domain.marketdata.QuoteBook.class})
public class MarketDataIntake implements MarketDataService {

    private static final Logger LOG = LoggerFactory.getLogger(MarketDataIntake.class);

    private final VenueActivity activity;
    private final DeadLetterQueue deadLetters;
    private final ConcurrentHashMap<String, Quote> latest = new ConcurrentHashMap<>();
    /** Last event time per kind, symbol and source: time must not run backwards within one stream. */
    private final ConcurrentHashMap<String, Instant> lastTimestamp = new ConcurrentHashMap<>();
    private final List<Consumer<Quote>> subscribers = new CopyOnWriteArrayList<>();
    private final List<MarketDataListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder listenerFailures = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final ServiceRegistration<RoutesBuilder> routes;

    @Activate
    public MarketDataIntake(@Reference VenueActivity activity, @Reference DeadLetterQueue deadLetters,
                            BundleContext bundleContext) {
        this.activity = activity;
        this.deadLetters = deadLetters;
        this.routes = bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.CORE_MARKETDATA).routeId("core-marketdata")
                        .process(exchange -> onEvent(exchange.getMessage().getBody()));
            }
        }, null);
    }

    @Deactivate
    void deactivate() {
        routes.unregister();
    }

    /** Entry for one message from the route; never throws, so one bad tick cannot fail the vendor's route. */
    public void onEvent(Object body) {
        if (body instanceof Collection<?> batch) {
            // A vendor may send one wire frame's events as one exchange (vendor-polygon delivery = frame).
            for (Object event : batch) {
                onEvent(event);
            }
            return;
        }
        if (!(body instanceof MarketDataEvent event)) {
            rejected.increment();
            deadLetters.add("unknown", "marketdata", body, "not a market-data event: "
                    + (body == null ? "null" : body.getClass().getName()));
            return;
        }
        activity.received(event.source());
        List<Violation> violations = new ArrayList<>(MarketDataValidator.validate(event));
        // Bars of different intervals (per-second and per-minute aggregates) are separate streams.
        String key = event instanceof io.tradeloom.domain.marketdata.Bar bar
                ? "Bar|" + bar.interval() + '|' + event.symbol() + '|' + event.source()
                : event.getClass().getSimpleName() + '|' + event.symbol() + '|' + event.source();
        Instant previous = lastTimestamp.get(key);
        if (previous != null && event.timestamp().isBefore(previous)) {
            violations.add(Violation.of("timestamp", event.timestamp(), "out of order: before " + previous));
        }
        if (!violations.isEmpty()) {
            rejected.increment();
            activity.error(event.source());
            deadLetters.add(event.source(), event.getClass().getSimpleName().toLowerCase(), event,
                    violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
            return;
        }
        lastTimestamp.put(key, event.timestamp());
        accepted.increment();
        for (MarketDataListener l : listeners) {
            try {
                l.onMarketData(event);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                LOG.warn("market-data listener {} failed on {} {}: {}", l.getClass().getName(), event.source(),
                        event.symbol(), e.toString());
            }
        }
        if (event instanceof Quote q) {
            latest.put(q.symbol(), q);
            for (Consumer<Quote> s : subscribers) {
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
    public void addListener(MarketDataListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MarketDataListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Optional<Quote> latest(String symbol) {
        return Optional.ofNullable(symbol == null ? null : latest.get(symbol));
    }

    @Override
    public Collection<Quote> all() {
        return List.copyOf(latest.values());
    }

    @Override
    public AutoCloseable subscribe(Consumer<Quote> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
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
