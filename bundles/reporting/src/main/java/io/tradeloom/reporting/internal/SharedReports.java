package io.tradeloom.reporting.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.domain.report.TransactionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * In a cluster, each member hears only the fills of its own order gateway, while one member (the leader) writes the
 * end-of-day batch: so every member also puts its committed reports into {@link ClusterNames#REPORTS} (JSON by
 * report id, kept {@code reports.ttl.seconds}), and the leader's batch reads them from there.
 */
final class SharedReports {

    private static final Logger LOG = LoggerFactory.getLogger(SharedReports.class);

    private final IMap<String, String> map;

    SharedReports(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(ClusterNames.REPORTS);
    }

    /** Publishes committed groups; asynchronous, so the committer never waits on the network. */
    void publish(List<ReportGroup> groups) {
        Map<String, String> batch = new HashMap<>();
        for (ReportGroup g : groups) {
            for (int i = 0; i < g.size; i++) {
                batch.put(g.ids[i], new String(g.json[i], StandardCharsets.UTF_8));
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        map.setAllAsync(batch).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.error("reporting: {} reports not shared with the cluster (the end-of-day batch of another "
                        + "member misses them; tradeloom:eod-run here writes them): {}", batch.size(), e.toString());
            }
        });
    }

    /** Every member's reports whose execution time is in [from, to). */
    List<TransactionReport> between(Instant from, Instant to) {
        List<TransactionReport> out = new ArrayList<>();
        for (String json : map.values()) {
            TransactionReport r = ReportCodec.fromJson(json.getBytes(StandardCharsets.UTF_8));
            if (!r.executionTime().isBefore(from) && r.executionTime().isBefore(to)) {
                out.add(r);
            }
        }
        return out;
    }
}
