package io.tradeloom.itests;

import io.tradeloom.simulators.fix.FixBrokerSimulator;
import io.tradeloom.simulators.fix.FixSimulatorConfig;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A real container restart: the distribution is started with bin/start, stopped with bin/stop and started again,
 * against a FIX acceptor in this JVM. The FIX venue must log on again with its sequence numbers continuing (the
 * acceptor keeps its own store and would refuse a logon whose MsgSeqNum went back), without any reset.
 */
public class FixContainerRestartTest {

    private UnpackedDistribution karaf;
    private Path home;
    private FixBrokerSimulator simulator;

    @Before
    public void setUp() throws Exception {
        karaf = UnpackedDistribution.unpack("restart-test");
        home = karaf.home;
        simulator = new FixBrokerSimulator(FixSimulatorConfig.builder(home.getParent().resolve("sim-store"))
                .acceptPort(0).senderCompId("SIMBROKER").targetCompId("RESTART").build());
        simulator.start();
        Files.writeString(home.resolve("etc/io.tradeloom.broker.fix-restart.cfg"), String.join("\n",
                "id = fix-restart", "SenderCompID = RESTART", "TargetCompID = SIMBROKER",
                "SocketConnectHost = 127.0.0.1", "SocketConnectPort = " + simulator.port(), "HeartBtInt = 1",
                "ReconnectInterval = 1", "ResetOnLogon = N", ""));
        Files.copy(home.resolve("kars/tradeloom-broker-fix.kar"), home.resolve("deploy/tradeloom-broker-fix.kar"));
    }

    @After
    public void tearDown() throws Exception {
        if (karaf != null) {
            try {
                karaf.stop(60_000);
            } catch (Exception | AssertionError e) {
                System.err.println("stop: " + e);
            }
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    public void aContainerRestartResumesTheFixSessionWithItsSequenceNumbers() throws Exception {
        karaf.start();
        // Boot also starts the Hazelcast member: generous, on a busy 2-core machine it took over 120 s.
        UnpackedDistribution.await("first logon", 240_000, () -> simulator.isLoggedOn());
        UnpackedDistribution.await("a few heartbeats exchanged", 30_000, () -> simulator.nextTargetSeqNum() > 4);
        int beforeStop = simulator.nextTargetSeqNum();
        // The first boot installed the boot features and the kar in deploy/ without stopping or refreshing any
        // bundle. A refresh there (a startup bundle's optional import first satisfied by a boot feature, as
        // org.osgi.service.event was before EventAdmin moved to startup.properties) restarts pax-logging and the
        // features bundle mid-boot, and the features bundle's refresh is the boot deadlock of KARAF-6089.
        List<String> refreshed = UnpackedDistribution.deployerStopsAndRefreshes(karaf.karafLog());
        assertTrue("a fresh boot stopped or refreshed bundles: " + refreshed, refreshed.isEmpty());

        karaf.stop(60_000);
        UnpackedDistribution.await("the acceptor sees the logout", 30_000, () -> !simulator.isLoggedOn());
        int atStop = simulator.nextTargetSeqNum();
        assertTrue(atStop >= beforeStop);

        karaf.start();
        UnpackedDistribution.await("logon after the restart", 240_000, () -> simulator.isLoggedOn());
        // QuickFIX/J reports the session logged on before it calls onLogon, which counts: wait for the count.
        UnpackedDistribution.await("second logon counted", 10_000, () -> simulator.logons() >= 2);
        assertEquals("one logon per start, none refused", 2, simulator.logons());
        int afterRestart = simulator.nextTargetSeqNum();
        System.out.printf("container restart: initiator MsgSeqNum expected by the acceptor %d before stop, %d at"
                + " stop, %d after the second logon%n", beforeStop, atStop, afterRestart);
        assertTrue("sequence numbers continue across the restart: " + atStop + " -> " + afterRestart,
                afterRestart > atStop);
    }
}
