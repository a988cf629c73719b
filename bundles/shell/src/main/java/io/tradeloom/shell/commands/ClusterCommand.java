package io.tradeloom.shell.commands;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code io.tradeloom:type=cluster} (the cluster bundle's MBean), so the shell needs no Hazelcast classes.
 */
@Service
@Command(scope = "tradeloom", name = "cluster", description = "Shows the Hazelcast cluster this container belongs"
        + " to: its members, this member, and which member runs each scheduled job (end-of-day batch,"
        + " reconciliation); with join = none every job runs here.")
public class ClusterCommand implements Action {

    static final String MBEAN = "io.tradeloom:type=cluster";

    @Override
    public Object execute() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(MBEAN);
        try {
            System.out.println("Cluster " + server.getAttribute(name, "ClusterName") + ", "
                    + server.getAttribute(name, "ClusterSize") + " member(s), state "
                    + server.getAttribute(name, "ClusterState"));
        } catch (InstanceNotFoundException e) {
            System.out.println("No cluster member here (" + MBEAN + " is not registered: is tradeloom-cluster up?)");
            return null;
        }
        String local = String.valueOf(server.getAttribute(name, "LocalMember"));
        ShellTable members = new ShellTable();
        members.column("Member");
        members.column("");
        for (String m : (String[]) server.getAttribute(name, "Members")) {
            members.addRow().addContent(m, m.equals(local) ? "this member" : "");
        }
        members.print(System.out);
        Map<String, String> leaders = map(server.getAttribute(name, "ScheduledJobLeaders"));
        if (leaders.isEmpty()) {
            System.out.println("Scheduled jobs: all run on this member (standalone, or none started yet)");
            return null;
        }
        ShellTable jobs = new ShellTable();
        jobs.column("Scheduled job");
        jobs.column("Leader");
        jobs.column("");
        leaders.forEach((job, member) -> jobs.addRow().addContent(job, member,
                member.equals(local) ? "this member" : ""));
        jobs.print(System.out);
        return null;
    }

    /** An MXBean's Map attribute arrives as TabularData of (key, value) rows. */
    static Map<String, String> map(Object attribute) {
        Map<String, String> out = new TreeMap<>();
        if (attribute instanceof TabularData t) {
            for (Object row : t.values()) {
                CompositeData c = (CompositeData) row;
                out.put(String.valueOf(c.get("key")), String.valueOf(c.get("value")));
            }
        } else if (attribute instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
