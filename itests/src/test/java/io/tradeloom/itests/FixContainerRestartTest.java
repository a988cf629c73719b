package io.tradeloom.itests;

import io.tradeloom.simulators.fix.FixBrokerSimulator;
import io.tradeloom.simulators.fix.FixSimulatorConfig;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A real container restart: the distribution is started with bin/start, stopped with bin/stop and started again,
 * against a FIX acceptor in this JVM. The FIX venue must log on again with its sequence numbers continuing (the
 * acceptor keeps its own store and would refuse a logon whose MsgSeqNum went back), without any reset.
 */
public class FixContainerRestartTest {

    private Path home;
    private FixBrokerSimulator simulator;

    @Before
    public void setUp() throws Exception {
        Path dist = Paths.get(System.getProperty("tradeloom.distribution"));
        Path work = Paths.get("target", "restart-test").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        run(work, 60, "tar", "-xzf", dist.toString());
        try (var dirs = Files.list(work)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        simulator = new FixBrokerSimulator(FixSimulatorConfig.builder(work.resolve("sim-store")).acceptPort(0)
                .senderCompId("SIMBROKER").targetCompId("RESTART").build());
        simulator.start();

        Path etc = home.resolve("etc");
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", freePort());
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", freePort());
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", freePort());
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1");
        Files.writeString(etc.resolve("io.tradeloom.broker.fix-restart.cfg"), String.join("\n",
                "id = fix-restart", "SenderCompID = RESTART", "TargetCompID = SIMBROKER",
                "SocketConnectHost = 127.0.0.1", "SocketConnectPort = " + simulator.port(), "HeartBtInt = 1",
                "ReconnectInterval = 1", "ResetOnLogon = N", ""));
        Files.copy(home.resolve("kars/tradeloom-broker-fix.kar"), home.resolve("deploy/tradeloom-broker-fix.kar"));
    }

    @After
    public void tearDown() throws Exception {
        if (home != null) {
            try {
                run(home, 60, "bin/stop");
            } catch (Exception e) {
                System.err.println("stop: " + e);
            }
            awaitStopped();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    public void aContainerRestartResumesTheFixSessionWithItsSequenceNumbers() throws Exception {
        run(home, 60, "bin/start");
        // Boot also starts the Hazelcast member: generous, on a busy 2-core machine it took over 120 s.
        await("first logon", 240_000, () -> simulator.isLoggedOn());
        await("a few heartbeats exchanged", 30_000, () -> simulator.nextTargetSeqNum() > 4);
        int beforeStop = simulator.nextTargetSeqNum();

        run(home, 60, "bin/stop");
        awaitStopped();
        await("the acceptor sees the logout", 30_000, () -> !simulator.isLoggedOn());
        int atStop = simulator.nextTargetSeqNum();
        assertTrue(atStop >= beforeStop);

        run(home, 60, "bin/start");
        await("logon after the restart", 240_000, () -> simulator.isLoggedOn());
        // QuickFIX/J reports the session logged on before it calls onLogon, which counts: wait for the count.
        await("second logon counted", 10_000, () -> simulator.logons() >= 2);
        assertEquals("one logon per start, none refused", 2, simulator.logons());
        int afterRestart = simulator.nextTargetSeqNum();
        System.out.printf("container restart: initiator MsgSeqNum expected by the acceptor %d before stop, %d at"
                + " stop, %d after the second logon%n", beforeStop, atStop, afterRestart);
        assertTrue("sequence numbers continue across the restart: " + atStop + " -> " + afterRestart,
                afterRestart > atStop);
    }

    /** Until no JVM of this distribution is left (bin/status says "not running" before the JVM has exited). */
    private void awaitStopped() throws Exception {
        String marker = home.toString();
        await("karaf JVM gone", 60_000, () -> ProcessHandle.allProcesses().noneMatch(ph -> ph.info().commandLine()
                .map(c -> c.contains(marker) && c.contains("org.apache.karaf.main.Main")).orElse(false)));
        // The command line of a long JVM invocation may not be readable in full: check the pid Karaf wrote too.
        await("karaf pid gone", 60_000, this::karafPidGone);
    }

    /** Karaf writes its pid to karaf.pid; bin/karaf refuses to start while that process is alive. */
    private boolean karafPidGone() {
        try {
            Path pidFile = home.resolve("karaf.pid");
            if (!Files.exists(pidFile)) {
                return true;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return true;
        }
    }

    private static int run(Path dir, int timeoutSeconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("process.log").toFile()));
        if (System.getenv("JAVA_HOME") == null) {
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        }
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return p.exitValue();
    }

    private static void set(Path cfg, String key, String value) throws IOException {
        String text = Files.readString(cfg);
        String line = key + " = " + value;
        String replaced = text.replaceAll("(?m)^#?\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*$", line);
        Files.writeString(cfg, replaced.contains(line) ? replaced : text + "\n" + line + "\n");
    }

    private static String freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(s.getLocalPort());
        }
    }

    private static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + timeoutMillis + " ms waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
