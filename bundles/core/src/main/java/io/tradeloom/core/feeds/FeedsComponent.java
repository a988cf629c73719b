package io.tradeloom.core.feeds;

import io.tradeloom.core.api.CalendarService;
import io.tradeloom.core.api.FeedGroupView;
import io.tradeloom.core.api.FeedQualityView;
import io.tradeloom.core.api.FeedService;
import io.tradeloom.core.api.HistoricalBars;
import io.tradeloom.core.api.HistoricalTrades;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueListener;
import io.tradeloom.core.calendar.CalendarRegistry;
import io.tradeloom.domain.calendar.TradingCalendar;
import io.tradeloom.domain.config.SettingsException;
import io.tradeloom.domain.marketdata.Quote;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The container's {@link FeedEngine}: settings from {@code etc/io.tradeloom.marketdata.cfg}, the failover monitor
 * on its own thread, {@link HistoricalBars} and {@link HistoricalTrades} services for backfill, the consolidated
 * stream's listeners, JMX.
 * Feed groups arrive through {@link FeedGroupComponent}s (one per {@code io.tradeloom.feedgroup-<name>.cfg}).
 */
@Component(service = {FeedService.class, FeedsComponent.class, CalendarService.class}, configurationPid = "io.tradeloom.marketdata",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public class FeedsComponent implements FeedService, CalendarService {

    private static final Logger LOG = LoggerFactory.getLogger(FeedsComponent.class);

    private final FeedEngine engine;
    private final VenueDirectory directory;
    private final CalendarRegistry calendars;
    private final ScheduledExecutorService executor;
    private final Map<String, HistoricalBars> historical = new ConcurrentHashMap<>();
    private final Map<String, HistoricalTrades> historicalTrades = new ConcurrentHashMap<>();
    private final List<MarketDataListener> consolidatedListeners = new CopyOnWriteArrayList<>();
    private final LongAdder consolidatedFailures = new LongAdder();
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, ObjectName> groupMBeans = new ConcurrentHashMap<>();
    private final Map<String, ObjectName> qualityMBeans = new ConcurrentHashMap<>();
    private final VenueListener venueListener;
    private volatile ScheduledFuture<?> monitor;
    private volatile long monitorPeriod;

    @Activate
    public FeedsComponent(@Reference VenueDirectory directory, @Reference CalendarRegistry calendars,
                          Map<String, Object> props) {
        this.directory = directory;
        this.calendars = calendars;
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "tradeloom-feeds");
            t.setDaemon(true);
            return t;
        });
        this.engine = new FeedEngine(FeedClock.SYSTEM, directory::venue, historical::get,
                (task, delay) -> executor.schedule(task, delay, TimeUnit.MILLISECONDS));
        engine.consolidatedSink(this::publishConsolidated, () -> !consolidatedListeners.isEmpty());
        engine.calendars(calendars::calendar);
        engine.historicalTrades(historicalTrades::get);
        apply(props, true);
        this.venueListener = venueId -> executor.execute(() -> engine.venueRemoved(venueId));
        directory.addListener(venueListener);
    }

    @Modified
    void modified(Map<String, Object> props) {
        apply(props, false);
    }

    private void apply(Map<String, Object> props, boolean first) {
        FeedSettings s;
        try {
            s = FeedSettings.parse(props);
        } catch (SettingsException e) {
            LOG.error("{}; {}", e.getMessage(), first ? "market-data quality runs on the defaults"
                    : "the previous market-data quality settings stay in force");
            if (!first) {
                return;
            }
            s = FeedSettings.DEFAULTS;
        }
        engine.configure(s);
        if (monitor == null || monitorPeriod != s.monitorPeriodMs()) {
            if (monitor != null) {
                monitor.cancel(false);
            }
            monitorPeriod = s.monitorPeriodMs();
            monitor = executor.scheduleAtFixedRate(this::tick, monitorPeriod, monitorPeriod, TimeUnit.MILLISECONDS);
        }
    }

    private long ticks;

    private void tick() {
        try {
            engine.evaluate();
            if (ticks++ % Math.max(1, 1000 / monitorPeriod) == 0) {
                syncQualityMBeans();
            }
        } catch (RuntimeException e) {
            LOG.error("feed monitor failed; it runs again next period", e);
        }
    }

    @Deactivate
    void deactivate() {
        directory.removeListener(venueListener);
        executor.shutdownNow();
        groupMBeans.keySet().forEach(this::unregisterGroup);
        qualityMBeans.values().forEach(this::unregister);
        qualityMBeans.clear();
    }

    public FeedEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ groups (from FeedGroupComponent)

    void putGroup(FeedGroupConfig cfg) {
        engine.putGroup(cfg);
        executor.execute(engine::evaluate);
        if (!groupMBeans.containsKey(cfg.name())) {
            try {
                ObjectName name = new ObjectName("io.tradeloom:type=feedgroup,name=" + cfg.name());
                mbeans.registerMBean(new StandardMBean(new GroupMBean(cfg.name()), FeedGroupMXBean.class, true), name);
                groupMBeans.put(cfg.name(), name);
            } catch (Exception e) {
                LOG.warn("feed group {}: JMX registration failed: {}", cfg.name(), e.toString());
            }
        }
    }

    void removeGroup(String name) {
        engine.removeGroup(name);
        unregisterGroup(name);
    }

    private void unregisterGroup(String name) {
        ObjectName on = groupMBeans.remove(name);
        if (on != null) {
            unregister(on);
        }
    }

    private void unregister(ObjectName on) {
        try {
            mbeans.unregisterMBean(on);
        } catch (Exception e) {
            LOG.debug("JMX unregistration of {}: {}", on, e.toString());
        }
    }

    private void syncQualityMBeans() {
        Set<String> sources = new java.util.HashSet<>();
        for (FeedQualityView q : engine.quality()) {
            sources.add(q.source());
        }
        for (String src : sources) {
            qualityMBeans.computeIfAbsent(src, s -> {
                try {
                    ObjectName on = new ObjectName("io.tradeloom:type=feedquality,name=" + ObjectName.quote(s)
                            .replace("\"", ""));
                    mbeans.registerMBean(new StandardMBean(new QualityMBean(s), FeedQualityMXBean.class, true), on);
                    return on;
                } catch (Exception e) {
                    LOG.warn("feed quality of {}: JMX registration failed: {}", s, e.toString());
                    return null;
                }
            });
        }
    }

    // ------------------------------------------------------------------ whiteboard

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addHistoricalBars(HistoricalBars h) {
        historical.put(h.source(), h);
    }

    public void removeHistoricalBars(HistoricalBars h) {
        historical.remove(h.source(), h);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addHistoricalTrades(HistoricalTrades h) {
        historicalTrades.put(h.source(), h);
    }

    public void removeHistoricalTrades(HistoricalTrades h) {
        historicalTrades.remove(h.source(), h);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + MarketDataListener.STREAM + "=" + MarketDataListener.CONSOLIDATED + ")")
    public void addConsolidatedListener(MarketDataListener l) {
        consolidatedListeners.add(l);
    }

    public void removeConsolidatedListener(MarketDataListener l) {
        consolidatedListeners.remove(l);
    }

    private void publishConsolidated(Quote q) {
        for (MarketDataListener l : consolidatedListeners) {
            try {
                l.onMarketData(q);
            } catch (RuntimeException e) {
                consolidatedFailures.increment();
                LOG.warn("consolidated listener {} failed on {}: {}", l.getClass().getName(), q.symbol(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ FeedService

    @Override
    public List<FeedGroupView> groups() {
        return engine.groups();
    }

    @Override
    public List<FeedQualityView> quality() {
        return engine.quality();
    }

    @Override
    public FeedGroupView failover(String group, String source) {
        return engine.failover(group, source);
    }

    // ------------------------------------------------------------------ CalendarService

    @Override
    public List<TradingCalendar> calendars() {
        return calendars.calendars();
    }

    @Override
    public Optional<TradingCalendar> calendar(String id) {
        return calendars.calendar(id);
    }

    @Override
    public String calendarIdOf(String source, String symbol) {
        return engine.settings().calendars().idOf(source, symbol);
    }

    private final class GroupMBean implements FeedGroupMXBean {
        private final String name;

        GroupMBean(String name) {
            this.name = name;
        }

        private FeedGroupView v() {
            return engine.group(name).orElseThrow(() -> new IllegalStateException("feed group " + name + " is gone"));
        }

        @Override public String getName() { return name; }
        @Override public String[] getSources() { return v().sources().toArray(String[]::new); }
        @Override public String[] getSymbols() { return v().symbols().toArray(String[]::new); }
        @Override public String getActiveSource() { return v().active(); }
        @Override public long getSwitches() { return v().switches(); }
        @Override public String getLastSwitch() { return v().lastSwitch() == null ? "" : v().lastSwitch().toString(); }
        @Override public String getLastSwitchReason() { return v().lastReason(); }
        @Override public boolean isForced() { return v().forced(); }
        @Override public Map<String, String> getSourceStatus() { return v().sourceStatus(); }
        @Override public long getDroppedStandby() { return v().droppedStandby(); }
        @Override public long getDroppedOutOfOrder() { return v().droppedOutOfOrder(); }

        @Override
        public String failover(String source) {
            FeedGroupView v = engine.failover(name, source);
            return "feed group " + name + ": active source " + v.active() + " (forced)";
        }
    }

    private final class QualityMBean implements FeedQualityMXBean {
        private final String source;

        QualityMBean(String source) {
            this.source = source;
        }

        private List<FeedQualityView> mine() {
            return engine.quality().stream().filter(q -> q.source().equals(source)).toList();
        }

        private double min(java.util.function.ToDoubleFunction<FeedQualityView> f) {
            return mine().stream().mapToDouble(f).min().orElse(1);
        }

        @Override public String getSource() { return source; }
        @Override public double getCompleteness() { return min(FeedQualityView::completeness); }
        @Override public double getTimeliness() { return min(FeedQualityView::timeliness); }
        @Override public double getAccuracy() { return min(FeedQualityView::accuracy); }
        @Override public double getConsistency() { return min(FeedQualityView::consistency); }
        @Override public double getOverall() { return min(FeedQualityView::overall); }
        @Override public long getTradeSequenceGaps() { return engine.tradeGapStats(source).gaps(); }
        @Override public long getTradesBackfilled() { return engine.tradeGapStats(source).backfilled(); }
        @Override public long getTradeBackfillDuplicates() { return engine.tradeGapStats(source).duplicates(); }

        @Override
        public Map<String, String> getScoresBySymbol() {
            Map<String, String> out = new TreeMap<>();
            for (FeedQualityView q : mine()) {
                out.put(q.symbol(), String.format("%.3f/%.3f/%.3f/%.3f", q.completeness(), q.timeliness(),
                        q.accuracy(), q.consistency()));
            }
            return out;
        }
    }
}
