package io.tradeloom.reporting.internal;

import io.tradeloom.domain.report.TransactionReport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kafka destination: one idempotent producer (enable.idempotence=true, acks=all), records keyed by report id,
 * value the report's JSON. ACKED when the broker acknowledges the record. The producer's own retries (within
 * {@code delivery.timeout.ms}) resend a batch with the same producer id and sequence numbers, so a broker outage
 * shorter than that timeout neither loses nor duplicates anything; only after it does the transmitter retry.
 */
public final class KafkaSender implements Sender {

    public static final long DEFAULT_LINGER_MS = 5;
    public static final long DEFAULT_BATCH_SIZE = 256 * 1024;
    public static final String DEFAULT_COMPRESSION = "lz4";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String bootstrap;

    /**
     * @param extra further producer properties ({@code kafka.*} keys of the destination's .cfg without the prefix);
     *              they may carry credentials and are never logged
     */
    public KafkaSender(String bootstrap, String topic, Duration deliveryTimeout, Map<String, String> extra) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(DEFAULT_LINGER_MS));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(DEFAULT_BATCH_SIZE));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, DEFAULT_COMPRESSION);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tradeloom-reporting-" + topic);
        p.putAll(extra);
        // Not overridable: the delivery guarantee depends on them.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.RETRIES_CONFIG, String.valueOf(Integer.MAX_VALUE));
        long timeout = deliveryTimeout.toMillis();
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(30_000, timeout / 2)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        // kafka-clients loads its serializers and partitioner through the thread context class loader.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report) {
        return send(report, ReportCodec.json(report));
    }

    @Override
    public CompletionStage<Outcome> send(TransactionReport report, byte[] json) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        try {
            producer.send(record(report, json),
                    (metadata, error) -> f.complete(error == null ? Outcome.acked() : classify(error)));
        } catch (RuntimeException e) {
            f.complete(classify(e));
        }
        return f;
    }

    /** Straight from the producer's callbacks, no stage per report. */
    @Override
    public void send(List<TransactionReport> reports, List<byte[]> json, Answers answers) {
        for (int i = 0; i < reports.size(); i++) {
            int index = i;
            try {
                producer.send(record(reports.get(i), json.get(i)),
                        (metadata, error) -> answers.answer(index, error == null ? Outcome.acked() : classify(error)));
            } catch (RuntimeException e) {
                answers.answer(index, classify(e));
            }
        }
    }

    /** Keyed by report id; the JSON as stored, or encoded now for a report resumed without it. */
    private ProducerRecord<String, byte[]> record(TransactionReport report, byte[] json) {
        return new ProducerRecord<>(topic, report.reportId(), json != null ? json : ReportCodec.json(report));
    }

    private static Outcome classify(Exception e) {
        if (e instanceof RecordTooLargeException || e instanceof InvalidTopicException) {
            return Outcome.rejected(e.toString());
        }
        return Outcome.retry(e.toString());
    }

    @Override
    public String target() {
        return "kafka " + bootstrap + " topic " + topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
