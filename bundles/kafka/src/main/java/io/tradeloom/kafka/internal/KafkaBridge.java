package io.tradeloom.kafka.internal;

import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.MarketDataListener;
import io.tradeloom.core.api.OrderEvent;
import io.tradeloom.core.api.OrderEventListener;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.marketdata.Bar;
import io.tradeloom.domain.marketdata.MarketDataEvent;
import io.tradeloom.domain.marketdata.Quote;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.kafka.api.KafkaBridgeMXBean;
import io.tradeloom.kafka.json.BadRecordException;
import io.tradeloom.kafka.json.MarketDataJson;
import io.tradeloom.kafka.json.OrderJson;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Kafka bridge, configured by {@code etc/io.tradeloom.kafka.cfg} (PID {@value KafkaSettings#PID}); any change
 * restarts it with the new settings. Without {@code bootstrap.servers} it only shows itself as disabled in JMX.
 *
 * <p>Camel routes (camel-kafka, embedded in camel-runtime) do the Kafka work:
 * <ul>
 *   <li>{@code kafka-orders-in}: consumes {@code orders.in}, submits each order through {@link OrderService},
 *       sends the outcome to {@code orders.events}, dead-letters records that are not orders, and commits the
 *       record's offset only after it is handled (manual commit: at-least-once; the client order id makes a
 *       redelivered record harmless).</li>
 *   <li>{@code kafka-orders-events} and {@code kafka-marketdata}: each drains a bounded SEDA queue filled by the
 *       {@link OrderEventListener} / {@link MarketDataListener} whiteboards into an async Kafka producer, so a slow
 *       or absent Kafka never blocks order flow or the market-data intake; a full queue drops the record, counted
 *       per stream.</li>
 * </ul>
 * The security settings reach the clients through the component's configuration object, never through an
 * endpoint URI, so no credential shows in route listings, Camel's JMX or logs.
 */
@Component(service = {}, immediate = true, configurationPid = KafkaSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class KafkaBridge {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBridge.class);
    private static final AtomicInteger GENERATION = new AtomicInteger();
    static final String TOPIC_HEADER = "TradeloomKafkaTopic";
    static final String ORDERS_STREAM = "orders.events";
    static final String MARKETDATA_STREAM = "marketdata";

    private final KafkaSettings settings;
    private final KafkaMetrics metrics;
    private final CamelContext camel;
    private final OrderService orders;
    private final DeadLetterQueue deadLetters;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName mbeanName;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private String componentName;
    private ProducerTemplate template;
    private String ordersQueue;
    private String marketDataQueue;
    private ScheduledExecutorService checker;
    private Admin admin;

    @Activate
    public KafkaBridge(@Reference CamelContext camel, @Reference OrderService orders,
                       @Reference DeadLetterQueue deadLetters, BundleContext bundleContext, Map<String, Object> props)
            throws Exception {
        this.camel = camel;
        this.orders = orders;
        this.deadLetters = deadLetters;
        KafkaSettings parsed;
        try {
            parsed = KafkaSettings.parse(props);
        } catch (IllegalArgumentException e) {
            // The message names file, key and value (secrets masked by SettingsException).
            LOG.error("{}; Kafka bridge not started", e.getMessage());
            throw e;
        }
        this.settings = parsed;
        this.metrics = new KafkaMetrics(settings);
        this.mbeanName = new ObjectName(KafkaBridgeMXBean.OBJECT_NAME);
        registerMBean();
        if (!settings.enabled()) {
            LOG.info("Kafka bridge off: no bootstrap.servers in {}", new Settings(props).source());
            return;
        }
        try {
            start(bundleContext);
        } catch (Exception | LinkageError e) {
            LOG.error("Kafka bridge could not start ({}): {}", settings, e.toString());
            deactivate();
            throw e;
        }
        LOG.info("Kafka bridge started: {}", settings);
    }

    private void start(BundleContext bundleContext) {
        int gen = GENERATION.incrementAndGet();
        componentName = "tradeloom-kafka-" + gen;
        KafkaConfiguration base = new KafkaConfiguration();
        base.setBrokers(settings.bootstrapServers());
        base.setAdditionalProperties(new HashMap<>(settings.clientProperties()));
        KafkaComponent component = new KafkaComponent(camel);
        component.setConfiguration(base);
        camel.addComponent(componentName, component);

        template = camel.createProducerTemplate();
        ordersQueue = "seda:tradeloom.kafka." + gen + ".orders?size=" + settings.ordersBuffer();
        marketDataQueue = "seda:tradeloom.kafka." + gen + ".marketdata?size=" + settings.marketDataBuffer()
                + "&purgeWhenStopping=true";
        String ordersProducer = componentName + ":" + settings.ordersEvents()
                + "?requestRequiredAcks=all&enableIdempotence=true&maxBlockMs=10000&requestTimeoutMs=15000"
                + "&deliveryTimeoutMs=30000"
                + "&lingerMs=1";
        // Market data: throughput over durability (acks=1, batched by linger); losses are counted, not retried.
        String marketDataProducer = componentName + ":" + settings.quotes()
                + "?requestRequiredAcks=1&enableIdempotence=false&maxBlockMs=10000&requestTimeoutMs=15000"
                + "&deliveryTimeoutMs=30000"
                + "&lingerMs=" + settings.marketDataLingerMs();
        String ordersConsumer = componentName + ":" + settings.ordersIn() + "?groupId=" + settings.groupId()
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=false"
                + "&maxPollRecords=100&pollTimeoutMs=500";

        registrations.add(bundleContext.registerService(RoutesBuilder.class, new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).process(KafkaBridge.this::onSendFailure);

                if (settings.orderEventsEnabled() || settings.ordersInEnabled()) {
                    from(ordersQueue).routeId("kafka-orders-events")
                            .process(KafkaBridge::toOrderRecord)
                            .to(ordersProducer)
                            .process(KafkaBridge.this::onSent);
                }
                if (settings.marketDataEnabled()) {
                    from(marketDataQueue).routeId("kafka-marketdata")
                            .process(ex -> toMarketDataRecord(ex))
                            .to(marketDataProducer)
                            .process(KafkaBridge.this::onSent);
                }
                if (settings.ordersInEnabled()) {
                    from(ordersConsumer).routeId("kafka-orders-in")
                            .process(KafkaBridge.this::handleOrderRecord);
                }
            }
        }, null));

        if (settings.orderEventsEnabled()) {
            registrations.add(bundleContext.registerService(OrderEventListener.class,
                    event -> enqueue(ordersQueue, ORDERS_STREAM, event, Map.of()), null));
        }
        if (settings.marketDataEnabled()) {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(MarketDataListener.STREAM, MarketDataListener.NORMALIZED);
            registrations.add(bundleContext.registerService(MarketDataListener.class,
                    event -> enqueue(marketDataQueue, MARKETDATA_STREAM, event, Map.of()), p));
        }

        admin = withKafkaClassLoader(() -> Admin.create(adminProperties()));
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-bridge-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, 0, 3, TimeUnit.SECONDS);
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tradeloom-kafka-check");
        return p;
    }

    /** Kafka clients load their plugins through the context class loader (shared/ARCHITECTURE.md §4). */
    static <T> T withKafkaClassLoader(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Admin.class.getClassLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Connectivity, routes and consumer lag, for JMX; logs each change of connectivity once. */
    private void check() {
        checkRoutes();
        boolean was = metrics.connected;
        try {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            metrics.connected = true;
            if (!was) {
                LOG.info("Kafka bridge connected to {}", settings.bootstrapServers());
            }
            if (settings.ordersInEnabled()) {
                metrics.lag = lag();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            metrics.connected = false;
            metrics.lastError = "cluster unreachable: " + rootMessage(e);
            if (was) {
                LOG.warn("Kafka bridge lost {}: {}", settings.bootstrapServers(), rootMessage(e));
            }
        }
    }

    /** The routes are added by the Camel runtime when it sees the RoutesBuilder; this says whether they run. */
    private void checkRoutes() {
        List<String> expected = new ArrayList<>();
        if (settings.orderEventsEnabled() || settings.ordersInEnabled()) {
            expected.add("kafka-orders-events");
        }
        if (settings.marketDataEnabled()) {
            expected.add("kafka-marketdata");
        }
        if (settings.ordersInEnabled()) {
            expected.add("kafka-orders-in");
        }
        boolean running = expected.stream().allMatch(id -> camel.getRoute(id) != null
                && camel.getRouteController().getRouteStatus(id) != null
                && camel.getRouteController().getRouteStatus(id).isStarted());
        if (metrics.routesRunning && !running) {
            LOG.error("Kafka bridge: routes {} are not all running; see the Camel runtime's log", expected);
        }
        metrics.routesRunning = running;
        if (!running) {
            metrics.lastError = "routes " + expected + " not all running";
        }
    }

    private long lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(settings.groupId())
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return -1;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                .get(5, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getValue() != null && ends.containsKey(e.getKey())) {
                lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
            }
        }
        return lag;
    }

    /** Hands an item to a bounded queue without waiting; a full queue drops it (counted, logged sparsely). */
    private void enqueue(String queue, String stream, Object body, Map<String, Object> headers) {
        try {
            Exchange ex = template.send(queue, e -> {
                e.getMessage().setBody(body);
                e.getMessage().setHeaders(new HashMap<>(headers));
            });
            if (ex.getException() != null) {
                drop(stream, ex.getException());
            }
        } catch (RuntimeException e) {
            drop(stream, e);
        }
    }

    private void drop(String stream, Exception e) {
        KafkaMetrics.inc(metrics.dropped, stream);
        long n = metrics.dropped.get(stream).sum();
        metrics.lastError = stream + ": dropped: " + rootMessage(e);
        // One line per power of two: a flood while Kafka is away must not flood the log too.
        if (Long.bitCount(n) == 1) {
            LOG.warn("Kafka bridge: {} record dropped ({} so far): {}", stream, n, rootMessage(e));
        }
    }

    private static void toOrderRecord(Exchange ex) {
        Object body = ex.getMessage().getBody();
        if (body instanceof OrderEvent event) {
            ex.getMessage().setBody(OrderJson.orderEvent(event));
            ex.getMessage().setHeader(KafkaConstants.KEY, event.order().id());
        }
        // Submit outcomes arrive as JSON with their key already set.
    }

    private void toMarketDataRecord(Exchange ex) throws org.apache.camel.InvalidPayloadException {
        MarketDataEvent event = ex.getMessage().getMandatoryBody(MarketDataEvent.class);
        String topic = event instanceof Quote ? settings.quotes()
                : event instanceof Bar ? settings.bars() : settings.trades();
        ex.getMessage().setBody(MarketDataJson.toJson(event));
        ex.getMessage().setHeader(KafkaConstants.KEY, event.symbol());
        ex.getMessage().setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        ex.getMessage().setHeader(TOPIC_HEADER, topic);
    }

    private void onSent(Exchange ex) {
        KafkaMetrics.inc(metrics.sent, topicOf(ex));
    }

    private void onSendFailure(Exchange ex) {
        Exception e = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String topic = topicOf(ex);
        KafkaMetrics.inc(metrics.failed, topic);
        long n = metrics.failed.get(topic).sum();
        metrics.lastError = topic + ": " + rootMessage(e);
        if (Long.bitCount(n) == 1) {
            LOG.error("Kafka bridge: record for {} not sent ({} so far): {}", topic, n, rootMessage(e));
        }
    }

    private String topicOf(Exchange ex) {
        String t = ex.getMessage().getHeader(TOPIC_HEADER, String.class);
        return t != null ? t : settings.ordersEvents();
    }

    /** One {@code orders.in} record: parse, submit, answer, commit. Never throws. */
    private void handleOrderRecord(Exchange ex) {
        metrics.received.increment();
        String raw = ex.getMessage().getBody(String.class);
        Object keyHeader = ex.getMessage().getHeader(KafkaConstants.KEY);
        String key = keyHeader == null ? null : keyHeader.toString();
        String where = settings.ordersIn() + "-" + ex.getMessage().getHeader(KafkaConstants.PARTITION) + "@"
                + ex.getMessage().getHeader(KafkaConstants.OFFSET);
        try {
            OrderRequest request;
            try {
                request = OrderJson.parseOrder(key, raw);
            } catch (BadRecordException e) {
                metrics.bad.increment();
                String reason = "bad order record " + where + ": " + e.getMessage();
                LOG.error("Kafka bridge: {}; dead-lettered", reason);
                deadLetters.add("kafka:" + settings.ordersIn(), "order-json", raw, reason);
                return;
            }
            String outcome;
            String outKey;
            try {
                Order order = orders.submit(request);
                metrics.accepted.increment();
                outcome = OrderJson.accepted(request.clientOrderId(), order, Instant.now());
                outKey = order.id();
            } catch (ValidationException e) {
                metrics.rejected.increment();
                LOG.info("Kafka bridge: order {} from {} rejected: {}", request.clientOrderId(), where,
                        e.getMessage());
                outcome = OrderJson.rejected(request.clientOrderId(), e.getMessage(), e.violations(), Instant.now());
                outKey = request.clientOrderId();
            } catch (RuntimeException e) {
                metrics.rejected.increment();
                LOG.warn("Kafka bridge: order {} from {} not accepted: {}", request.clientOrderId(), where,
                        e.toString());
                outcome = OrderJson.rejected(request.clientOrderId(), String.valueOf(e.getMessage()), List.of(),
                        Instant.now());
                outKey = request.clientOrderId();
            }
            enqueue(ordersQueue, ORDERS_STREAM, outcome, Map.of(KafkaConstants.KEY, outKey));
        } finally {
            commit(ex, where);
        }
    }

    private void commit(Exchange ex, String where) {
        KafkaManualCommit manual = ex.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual == null) {
            return;
        }
        try {
            manual.commit();
        } catch (RuntimeException e) {
            // Not committed: the record comes again after a rebalance or restart; its client order id makes
            // the second submit a no-op.
            metrics.lastError = "commit " + where + ": " + rootMessage(e);
            LOG.warn("Kafka bridge: offset of {} not committed: {}", where, rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private void registerMBean() {
        try {
            if (mbeans.isRegistered(mbeanName)) {
                mbeans.unregisterMBean(mbeanName);
            }
            mbeans.registerMBean(new StandardMBean(metrics, KafkaBridgeMXBean.class, true), mbeanName);
        } catch (Exception e) {
            LOG.warn("Kafka MBean not registered: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        if (checker != null) {
            checker.shutdownNow();
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // already unregistered with the bundle
            }
        }
        registrations.clear();
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
        if (template != null) {
            try {
                template.stop();
            } catch (Exception e) {
                LOG.debug("producer template: {}", e.toString());
            }
        }
        if (componentName != null) {
            // Endpoints outlive their routes in the context's registry: drop this generation's.
            try {
                camel.removeEndpoints(componentName + ":*");
                camel.removeEndpoints(ordersQueue.substring(0, ordersQueue.indexOf('?')) + "*");
                camel.removeEndpoints(marketDataQueue.substring(0, marketDataQueue.indexOf('?')) + "*");
            } catch (Exception e) {
                LOG.debug("Kafka bridge endpoints: {}", e.toString());
            }
            camel.removeComponent(componentName);
        }
        try {
            if (mbeans.isRegistered(mbeanName)) {
                mbeans.unregisterMBean(mbeanName);
            }
        } catch (Exception e) {
            LOG.debug("Kafka MBean: {}", e.toString());
        }
        if (settings.enabled()) {
            LOG.info("Kafka bridge stopped");
        }
    }
}
