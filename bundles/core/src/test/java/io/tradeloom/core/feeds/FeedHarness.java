package io.tradeloom.core.feeds;

import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.core.api.HistoricalTrades;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.core.deadletter.DeadLetterStore;
import io.tradeloom.core.marketdata.MarketDataIntake;
import io.tradeloom.core.testing.FakeBundleContext;
import io.tradeloom.core.testing.RecordingActivity;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real intake and feed engine with a controllable clock, venues whose state the test sets, backfill tasks the
 * test runs when it chooses, and a listener that records what reached the normalized stream.
 */
final class FeedHarness {

    static final Instant T0 = Instant.parse("2024-03-01T14:30:00Z");

    /** Controllable time: the test moves it. */
    static final class ManualClock implements FeedClock {
        long nanos = 1_000_000_000L;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public Instant now() {
            return T0.plusNanos(nanos);
        }

        void advanceMillis(long ms) {
            nanos += ms * 1_000_000L;
        }
    }

    final ManualClock clock = new ManualClock();
    final Map<String, VenueState> venueStates = new HashMap<>();
    final Map<String, HistoricalBars> historical = new HashMap<>();
    final Map<String, HistoricalTrades> historicalTrades = new HashMap<>();
    final Deque<Runnable> backfillTasks = new ArrayDeque<>();
    final List<Long> backfillDelays = new ArrayList<>();
    final FeedEngine engine;
    final DeadLetterStore deadLetters = new DeadLetterStore();
    final MarketDataIntake intake;
    final List<MarketDataEvent> heard = new CopyOnWriteArrayList<>();
    final List<Quote> consolidated = new CopyOnWriteArrayList<>();

    FeedHarness() {
        this(FeedSettings.DEFAULTS);
    }

    FeedHarness(FeedSettings settings) {
        engine = new FeedEngine(clock, this::venue, historical::get, (task, delay) -> {
            backfillTasks.add(task);
            backfillDelays.add(delay);
        });
        engine.configure(settings);
        engine.historicalTrades(historicalTrades::get);
        engine.consolidatedSink(consolidated::add, () -> true);
        intake = MarketDataIntake.withFeeds(new RecordingActivity(), deadLetters, engine,
                new FakeBundleContext().context());
        intake.addListener(heard::add);
    }

    private Optional<VenueView> venue(String id) {
        VenueState s = venueStates.get(id);
        return s == null ? Optional.empty()
                : Optional.of(new VenueView(id, VenueKind.VENDOR, "sim", "test", s, "", 0, 0, 0, 0));
    }

    void up(String... ids) {
        for (String id : ids) {
            venueStates.put(id, VenueState.UP);
        }
    }

    static Map<String, Object> groupProps(String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/karaf/etc/io.tradeloom.feedgroup-eq.cfg");
        m.put("name", "eq");
        m.put("sources", "a,b");
        m.put("symbols", "AAPL,MSFT");
        m.put("failback.healthy.ms", "1000");
        m.put("quality.seconds", "2");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    void group(String... kv) {
        engine.putGroup(FeedGroupConfig.parse(groupProps(kv)));
    }

    /** A valid quote around {@code mid} with a 2-cent spread, at T0 + {@code ms}. */
    static Quote quote(String source, String symbol, String mid, long ms) {
        BigDecimal m = new BigDecimal(mid);
        Instant at = T0.plusMillis(ms);
        return new Quote(symbol, source, m.subtract(new BigDecimal("0.01")), BigDecimal.TEN,
                m.add(new BigDecimal("0.01")), BigDecimal.TEN, at, at);
    }

    static Bar bar(String source, String symbol, int minute, String close) {
        BigDecimal c = new BigDecimal(close);
        Instant at = T0.plus(Duration.ofMinutes(minute));
        return new Bar(symbol, source, Duration.ofMinutes(1), c, c.add(BigDecimal.ONE), c.subtract(BigDecimal.ONE), c,
                BigDecimal.TEN, at, at.plus(Duration.ofMinutes(1)));
    }

    /** Sends through the intake's three steps and advances the clock by {@code ms} first. */
    void send(long ms, MarketDataEvent e) {
        clock.advanceMillis(ms);
        intake.onEvent(e);
    }

    String active() {
        return engine.group("eq").orElseThrow().active();
    }

    void runBackfills() {
        while (!backfillTasks.isEmpty()) {
            backfillTasks.poll().run();
        }
    }
}
