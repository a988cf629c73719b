package io.tradeloom.cluster.api;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.hazelcast.policy.HazelcastRoutePolicy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Scheduled batch work that must run on one member of a cluster (the end-of-day batch, the scheduled
 * reconciliation). Leadership is Camel's {@link HazelcastRoutePolicy}: each job is a lock in
 * {@link ClusterNames#SCHEDULER_LEADERS}; the member holding it runs the job's routes, the others wait on the lock
 * with their consumers stopped. A member that stops releases it at once; a member that dies loses it when Hazelcast
 * removes it from the cluster (its failure detector: {@code failure-detection.seconds}), and a waiting member takes
 * over. With {@code join = none} nothing here is used: a standalone member runs every job as before.
 */
public final class ScheduledJobs {

    /** Service property of the {@link HazelcastInstance} service: {@code none} or {@code tcp-ip}. */
    public static final String JOIN_PROPERTY = "tradeloom.cluster.join";

    private ScheduledJobs() {
    }

    /** True when the {@link HazelcastInstance} service with these properties joins a cluster. */
    public static boolean clustered(Map<String, ?> serviceProperties) {
        Object join = serviceProperties == null ? null : serviceProperties.get(JOIN_PROPERTY);
        return join != null && !"none".equalsIgnoreCase(join.toString().trim());
    }

    /** True when {@code hazelcast} was configured to join other members (tcp-ip), false for a standalone member. */
    public static boolean clustered(HazelcastInstance hazelcast) {
        return hazelcast != null && hazelcast.getConfig().getNetworkConfig().getJoin().getTcpIpConfig().isEnabled();
    }

    /** This member as the leaders map names it: {@code host:port}. */
    public static String memberName(HazelcastInstance hazelcast) {
        return name(hazelcast.getCluster().getLocalMember());
    }

    private static String name(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    /**
     * A route policy that lets only the leader of {@code job} consume. Give every route of one job the same
     * instance, so that they move together. {@code stopConsumers = false} elects without touching the route (ask
     * {@link HazelcastRoutePolicy#isLeader()}). With {@code stopConsumers}, for quartz routes (as the jobs here):
     * the policy stops a follower's consumer with stop-and-shutdown, after which a {@code timer:} or
     * {@code scheduler:} consumer never fires again, while quartz schedules its trigger again on start.
     */
    public static HazelcastRoutePolicy leaderPolicy(HazelcastInstance hazelcast, CamelContext camel, String job,
                                                    boolean stopConsumers) {
        HazelcastRoutePolicy policy = new LeaderPolicy(hazelcast);
        policy.setCamelContext(camel);
        policy.setLockMapName(ClusterNames.SCHEDULER_LEADERS);
        policy.setLockKey(job);
        policy.setLockValue(memberName(hazelcast));
        // Short waits on the lock, so that a stopping route is never held by a long lock call.
        policy.setTryLockTimeout(1, TimeUnit.SECONDS);
        policy.setShouldStopConsumer(stopConsumers);
        return policy;
    }

    /**
     * Camel's policy, with one race closed: its {@code onStart} reads "not the leader" before it stops the
     * consumer, outside its lock, so leadership taken in between (its thread starts the stopped consumers, none
     * yet) left the consumer stopped for good (seen here: a two-member cluster whose leader never fired). The
     * policy sets its leader flag before it starts stopped consumers, so checking again after the stop is enough.
     */
    private static final class LeaderPolicy extends HazelcastRoutePolicy {
        LeaderPolicy(HazelcastInstance hazelcast) {
            super(hazelcast);
        }

        @Override
        public void onStart(Route route) {
            super.onStart(route);
            if (isShouldStopConsumer() && isLeader()) {
                try {
                    startConsumer(route.getConsumer());
                } catch (Exception e) {
                    handleException(e);
                }
            }
        }
    }

    /**
     * Job -> the member leading it. A member that has left the cluster (its lock is about to pass on) is marked
     * {@code (left)}.
     */
    public static Map<String, String> leaders(HazelcastInstance hazelcast) {
        Set<String> present = new HashSet<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            present.add(name(m));
        }
        Map<String, String> out = new TreeMap<>();
        IMap<String, String> map = hazelcast.getMap(ClusterNames.SCHEDULER_LEADERS);
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.put(e.getKey(), present.contains(e.getValue()) ? e.getValue() : e.getValue() + " (left)");
        }
        return out;
    }

    /** The last fire time {@code job} ran for on any member, as {@link #recordFire} kept it. */
    public static Optional<Instant> lastFire(HazelcastInstance hazelcast, String job) {
        String s = hazelcast.<String, String>getMap(ClusterNames.SCHEDULER_LAST_FIRE).get(job);
        try {
            return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Remembers that {@code job} ran for {@code fireTime}; never moves backwards. */
    public static void recordFire(HazelcastInstance hazelcast, String job, Instant fireTime) {
        IMap<String, String> map = hazelcast.getMap(ClusterNames.SCHEDULER_LAST_FIRE);
        String next = fireTime.toString();
        while (true) {
            String current = map.putIfAbsent(job, next);
            if (current == null) {
                return;
            }
            Instant before;
            try {
                before = Instant.parse(current);
            } catch (DateTimeParseException e) {
                before = Instant.MIN;
            }
            if (!fireTime.isAfter(before) || map.replace(job, current, next)) {
                return;
            }
        }
    }
}
