package io.tradeloom.cluster.marketdata;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.topic.ITopic;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.DomainJson;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.marketdata.Trade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes one market-data stream to three Hazelcast reliable topics ({@code tradeloom.md.<stream>.quotes},
 * {@code .trades}, {@code .bars}). The intake thread only offers the event to a bounded queue (a full queue drops
 * and counts, never blocks); one publisher thread drains it in batches and publishes each kind's batch at once.
 */
public final class MarketDataPublisher implements MarketDataListener, MarketDataPublisherMXBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketDataPublisher.class);

    private final String stream;
    private final BlockingQueue<MarketDataEvent> queue;
    private final int batch;
    private final ITopic<HazelcastJsonValue> quotes;
    private final ITopic<HazelcastJsonValue> trades;
    private final ITopic<HazelcastJsonValue> bars;
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    public MarketDataPublisher(HazelcastInstance hazelcast, String stream, int queueCapacity, int batch) {
        this.stream = stream;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batch = batch;
        this.quotes = hazelcast.getReliableTopic(ClusterNames.marketDataTopic(stream, ClusterNames.QUOTES));
        this.trades = hazelcast.getReliableTopic(ClusterNames.marketDataTopic(stream, ClusterNames.TRADES));
        this.bars = hazelcast.getReliableTopic(ClusterNames.marketDataTopic(stream, ClusterNames.BARS));
        this.thread = new Thread(this::run, "tradeloom-md-publisher-" + stream);
        thread.setDaemon(true);
    }

    /** Starts the publisher thread; until then events queue up (and drop once the queue is full). */
    public MarketDataPublisher start() {
        thread.start();
        return this;
    }

    @Override
    public void onMarketData(MarketDataEvent event) {
        if (event == null || !queue.offer(event)) {
            dropped.increment();
        }
    }

    private void run() {
        List<MarketDataEvent> drained = new ArrayList<>(batch);
        List<HazelcastJsonValue> q = new ArrayList<>();
        List<HazelcastJsonValue> t = new ArrayList<>();
        List<HazelcastJsonValue> b = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            long publishedBefore = published.sum();
            long failedBefore = failed.sum();
            try {
                MarketDataEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, batch - 1);
                for (MarketDataEvent e : drained) {
                    HazelcastJsonValue json = new HazelcastJsonValue(DomainJson.toJson(e));
                    if (e instanceof Quote) {
                        q.add(json);
                    } else if (e instanceof Trade) {
                        t.add(json);
                    } else if (e instanceof Bar) {
                        b.add(json);
                    }
                }
                publish(quotes, q);
                publish(trades, t);
                publish(bars, b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Whatever this round did not publish or count as failed already is lost.
                failed.add(drained.size() - (published.sum() - publishedBefore) - (failed.sum() - failedBefore));
                LOG.warn("market data ({} stream): {} events not published: {}", stream, drained.size(), e.toString());
            } finally {
                drained.clear();
                q.clear();
                t.clear();
                b.clear();
            }
        }
    }

    /**
     * One call per kind and batch; it returns once the batch is in the ringbuffer, so at most one batch per stream
     * is in flight. (The synchronous publishAll: publishAllAsync with DISCARD_OLDEST never completed in 5.4.0 here.)
     */
    private void publish(ITopic<HazelcastJsonValue> topic, List<HazelcastJsonValue> items)
            throws InterruptedException {
        if (items.isEmpty()) {
            return;
        }
        try {
            topic.publishAll(items);
            published.add(items.size());
        } catch (java.util.concurrent.ExecutionException e) {
            failed.add(items.size());
            LOG.warn("market data ({} stream): {} events not published to {}: {}", stream, items.size(),
                    topic.getName(), e.getCause() != null ? e.getCause().toString() : e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }

    @Override
    public String getStream() {
        return stream;
    }

    @Override
    public long getPublished() {
        return published.sum();
    }

    @Override
    public long getDropped() {
        return dropped.sum();
    }

    @Override
    public long getFailed() {
        return failed.sum();
    }

    @Override
    public int getQueued() {
        return queue.size();
    }

    @Override
    public int getQueueCapacity() {
        return queue.size() + queue.remainingCapacity();
    }
}
