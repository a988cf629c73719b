package io.tradeloom.reporting.internal;

import io.tradeloom.cluster.api.ClusterNames;
import io.tradeloom.cluster.api.ScheduledJobs;
import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.member.MemberSettings;
import io.tradeloom.domain.report.TransactionReport;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The end-of-day batch in a real two-member Hazelcast cluster on loopback, each member with its own report store,
 * {@code eod.dir} and CamelContext (as two containers), the batch firing every second: only the leader writes it,
 * with both members' reports; when the leader dies the other member writes it.
 */
public class ClusteredEodTest {

    private static final long WAIT = 30_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<HazelcastMember> members = new ArrayList<>();
    private final List<ReportStore> stores = new ArrayList<>();
    private final List<ReportingEngine> engines = new ArrayList<>();
    private final List<DefaultCamelContext> camels = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    @After
    public void stop() {
        camels.forEach(DefaultCamelContext::stop);
        engines.forEach(ReportingEngine::close);
        stores.forEach(ReportStore::close);
        for (HazelcastMember m : members) {
            if (m.instance().getLifecycleService().isRunning()) {
                m.close();
            }
        }
    }

    /** Below the ephemeral range: see {@link io.tradeloom.cluster.testing.Members#freePort}. */
    static int freePort() {
        return io.tradeloom.cluster.testing.Members.freePort();
    }

    private void formCluster() {
        int[] ports = {freePort(), freePort()};
        String peers = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String name = "eod-" + System.nanoTime();
        for (int port : ports) {
            members.add(new HazelcastMember(MemberSettings.from(Map.of("cluster.name", name,
                    "member.port", Integer.toString(port), "member.port.auto-increment", "false",
                    "join", "tcp-ip", "join.members", peers, "persistence", "false", "jmx", "false",
                    "failure-detection.seconds", "5"), null), getClass().getClassLoader()));
        }
        Waits.until("two members", WAIT, () -> members.stream().allMatch(m -> m.getClusterSize() == 2));
    }

    /** Report ids in a member's batch files of any date. */
    private static String batches(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                out.append(Files.readString(f));
            }
        } catch (IOException e) {
            return "";
        }
        return out.toString();
    }

    @Test
    public void onlyTheLeaderWritesTheBatchWithEveryMembersReportsAndAnotherTakesOver() throws Exception {
        formCluster();
        List<TransactionReport> fills = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ReportStore store = new ReportStore(tmp.getRoot().toPath().resolve("r" + i + ".mv"));
            stores.add(store);
            ReportingEngine engine = new ReportingEngine(store, Clock.systemUTC());
            engine.onCommitted(new SharedReports(members.get(i).instance())::publish);
            engines.add(engine);
            // Each member hears only its own gateway's fill.
            var fill = Fills.fill("o" + i, "e" + i, "10", "101.25", Instant.now());
            engine.onOrderEvent(fill);
            fills.add(Reports.fromFill(fill));
        }
        Waits.until("both reports shared", WAIT,
                () -> members.get(0).instance().getMap(ClusterNames.REPORTS).size() == 2);
        for (int i = 0; i < 2; i++) {
            Path dir = tmp.getRoot().toPath().resolve("eod" + i);
            dirs.add(dir);
            EodSchedule schedule = EodSchedule.parse(Map.of("eod.cron", "* * * * * ?", "eod.dir", dir.toString()),
                    tmp.getRoot().toPath());
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.disableJMX();
            camel.addRoutes(new EodRoutes(schedule, stores.get(i), Clock.systemUTC(), members.get(i).instance()));
            camel.start();
            camels.add(camel);
        }

        Waits.until("a batch with both members' reports", WAIT, () -> dirs.stream().anyMatch(d ->
                fills.stream().allMatch(r -> batches(d).contains(r.reportId()))));
        int leader = fills.stream().allMatch(r -> batches(dirs.get(0)).contains(r.reportId())) ? 0 : 1;
        int other = 1 - leader;
        // Two more fire times pass on the leader (the fire time kept in the cluster moves on) ...
        // (The batch is written before its fire time is recorded.)
        Waits.until("the fire time kept in the cluster", WAIT,
                () -> ScheduledJobs.lastFire(members.get(other).instance(), EodRoutes.JOB).isPresent());
        Instant first = ScheduledJobs.lastFire(members.get(other).instance(), EodRoutes.JOB).orElseThrow();
        Waits.until("two more fires", WAIT, () -> ScheduledJobs.lastFire(members.get(other).instance(),
                EodRoutes.JOB).filter(t -> t.isAfter(first.plusSeconds(1))).isPresent());
        // ... and the other member wrote nothing, not even its catch-up marker.
        assertEquals("", batches(dirs.get(other)));
        assertTrue(!Files.exists(dirs.get(other).resolve(".last-fire")));
        assertEquals(Map.of(EodRoutes.JOB, ScheduledJobs.memberName(members.get(leader).instance())),
                ScheduledJobs.leaders(members.get(other).instance()));

        // The leader dies: the other member takes over and writes the batch, the dead member's report included.
        members.get(leader).instance().getLifecycleService().terminate();
        camels.get(leader).stop();
        Waits.until("the batch on the other member", WAIT, () -> fills.stream()
                .allMatch(r -> batches(dirs.get(other)).contains(r.reportId())));
        // Its fire times are remembered here now too (recorded right after each batch).
        Waits.until("the new leader's .last-fire", WAIT, () -> Files.exists(dirs.get(other).resolve(".last-fire")));
    }
}
