package io.tradeloom.cluster.api;

import io.tradeloom.cluster.member.HazelcastMember;
import io.tradeloom.cluster.testing.Members;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * A scheduled job on a real cluster of two members on loopback, each with its own CamelContext and the job's
 * timer route under {@link ScheduledJobs#leaderPolicy}: one member fires; when it dies another one fires.
 */
public class ScheduledJobsTest {

    private static final long WAIT = 30_000;
    private static final String JOB = "test-job";

    private final List<HazelcastMember> members = new ArrayList<>();
    private final List<DefaultCamelContext> contexts = new ArrayList<>();
    private final List<AtomicInteger> fires = new ArrayList<>();

    @After
    public void stop() {
        for (DefaultCamelContext c : contexts) {
            c.stop();
        }
        for (HazelcastMember m : members) {
            if (m.instance().getLifecycleService().isRunning()) {
                m.close();
            }
        }
    }

    private void formCluster(int size) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(Members.freePort());
        }
        String peers = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        String name = "jobs-" + System.nanoTime();
        for (int port : ports) {
            members.add(Members.clustered(name, port, peers, Map.of("failure-detection.seconds", "5")));
        }
        Members.await(size + " members", WAIT, () -> members.stream().allMatch(m -> m.getClusterSize() == size));
        for (HazelcastMember m : members) {
            AtomicInteger count = new AtomicInteger();
            fires.add(count);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.disableJMX();
            // Routes join a running context, as in the container (camel-runtime starts the context; the bundles'
            // routes come later).
            camel.start();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // A test-only trigger every 50 ms, on quartz as the real jobs. Not Camel's timer: the policy
                    // stops a consumer with stop-and-shutdown, after which a timer (its task made once, in doInit)
                    // or scheduler consumer never fires again; quartz schedules its trigger again on start.
                    from("quartz://tradeloom-test/" + JOB + "?trigger.repeatInterval=50&trigger.repeatCount=-1")
                            .routeId(JOB)
                            .routePolicy(ScheduledJobs.leaderPolicy(m.instance(), getContext(), JOB, true))
                            .process(ex -> count.incrementAndGet());
                }
            });
            contexts.add(camel);
        }
    }

    /** As Members.await, and on failure what each member's route, consumer and policy were doing. */
    private void awaitFiring(String what, java.util.function.BooleanSupplier condition) {
        try {
            Members.await(what, WAIT, condition);
        } catch (AssertionError e) {
            StringBuilder b = new StringBuilder(e.getMessage()).append("; fires ").append(fires);
            for (int i = 0; i < contexts.size(); i++) {
                if (!members.get(i).instance().getLifecycleService().isRunning()) {
                    b.append("; member ").append(i).append(": gone");
                    continue;
                }
                org.apache.camel.Route r = contexts.get(i).getRoute(JOB);
                b.append("; member ").append(i).append(": route ")
                        .append(contexts.get(i).getRouteController().getRouteStatus(JOB))
                        .append(", consumer ").append(r == null ? "none"
                                : ((org.apache.camel.support.service.ServiceSupport) r.getConsumer()).getStatus())
                        .append(", leaders ").append(ScheduledJobs.leaders(members.get(i).instance()))
                        .append(", cluster size ").append(members.get(i).getClusterSize());
                if (r != null) {
                    r.getRoutePolicyList().forEach(p -> b.append(", policy leader ")
                            .append(((org.apache.camel.component.hazelcast.policy.HazelcastRoutePolicy) p).isLeader()));
                }
            }
            throw new AssertionError(b.toString(), e);
        }
    }

    private List<Integer> firing() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < fires.size(); i++) {
            if (fires.get(i).get() > 0) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    public void oneMemberFiresAndAnotherTakesOverWhenItDies() throws Exception {
        formCluster(2);
        awaitFiring("a member fires 20 times", () -> fires.stream().anyMatch(c -> c.get() >= 20));
        List<Integer> firing = firing();
        assertEquals("only the leader fires: " + fires, 1, firing.size());
        int leader = firing.get(0);
        String leaderName = ScheduledJobs.memberName(members.get(leader).instance());
        for (HazelcastMember m : members) {
            assertEquals(Map.of(JOB, leaderName), ScheduledJobs.leaders(m.instance()));
        }
        assertEquals(Map.of(JOB, leaderName), members.get(1 - leader).getScheduledJobLeaders());

        // The leader dies (no goodbye to the cluster); its lock passes to the other member.
        members.get(leader).instance().getLifecycleService().terminate();
        contexts.get(leader).stop();
        fires.get(leader).set(0);
        awaitFiring("another member fires 20 times", () -> fires.stream().anyMatch(c -> c.get() >= 20));
        List<Integer> after = firing();
        assertEquals("one new leader: " + fires, List.of(1 - leader), after);
        HazelcastMember survivor = members.get(1 - leader);
        Members.await("the leaders map names the new leader", WAIT, () -> ScheduledJobs.leaders(survivor.instance())
                .equals(Map.of(JOB, ScheduledJobs.memberName(survivor.instance()))));
    }

    @Test
    public void aStoppingLeaderHandsOverAtOnce() throws Exception {
        formCluster(2);
        awaitFiring("a member fires", () -> fires.stream().anyMatch(c -> c.get() >= 5));
        int leader = firing().get(0);
        int other = 1 - leader;
        // A clean stop (bundle or container stop): the route policy stops and releases the lock.
        contexts.get(leader).stop();
        awaitFiring("the other member fires", () -> fires.get(other).get() >= 5);
        assertTrue(members.get(other).instance().getLifecycleService().isRunning());
    }

    @Test
    public void standaloneAndClusteredMembersAreToldApartAndTheLastFireNeverMovesBack() {
        int port = Members.freePort();
        HazelcastMember clustered = Members.clustered("fire-" + System.nanoTime(), port, "127.0.0.1:" + port);
        members.add(clustered);
        HazelcastMember alone = Members.standalone("alone-" + System.nanoTime(), null);
        members.add(alone);
        assertTrue(ScheduledJobs.clustered(clustered.instance()));
        assertFalse("join = none runs every job itself", ScheduledJobs.clustered(alone.instance()));
        assertEquals(Map.of(), alone.getScheduledJobLeaders());
        assertTrue(ScheduledJobs.clustered(Map.of(ScheduledJobs.JOIN_PROPERTY, "tcp-ip")));
        assertFalse(ScheduledJobs.clustered(Map.of(ScheduledJobs.JOIN_PROPERTY, "none")));

        Instant t1 = Instant.parse("2026-11-20T22:30:00Z");
        assertTrue(ScheduledJobs.lastFire(clustered.instance(), "eod").isEmpty());
        ScheduledJobs.recordFire(clustered.instance(), "eod", t1);
        ScheduledJobs.recordFire(clustered.instance(), "eod", t1.minusSeconds(86_400));
        assertEquals(t1, ScheduledJobs.lastFire(clustered.instance(), "eod").orElseThrow());
        ScheduledJobs.recordFire(clustered.instance(), "eod", t1.plusSeconds(86_400));
        assertEquals(t1.plusSeconds(86_400), ScheduledJobs.lastFire(clustered.instance(), "eod").orElseThrow());
    }
}
