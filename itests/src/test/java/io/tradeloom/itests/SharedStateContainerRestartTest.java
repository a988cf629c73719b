package io.tradeloom.itests;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * A real restart of the whole container (bin/start, bin/stop, bin/start), driven through bin/client as an
 * operator would: orders and their client order ids come back from data/tradeloom, and resubmitting a known
 * client order id returns the existing order instead of creating a second one.
 */
public class SharedStateContainerRestartTest {

    private static final Pattern ORDER_ID = Pattern.compile("\\bO[0-9A-Z]+-\\d{6}\\b");

    private Path home;

    @Before
    public void setUp() throws Exception {
        Path dist = Paths.get(System.getProperty("tradeloom.distribution"));
        Path work = Paths.get("target", "shared-state-restart-test").toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        run(work, 60, null, "tar", "-xzf", dist.toString());
        try (var dirs = Files.list(work)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path etc = home.resolve("etc");
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", freePort());
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", freePort());
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", freePort());
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost", "127.0.0.1");
        set(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerHost", "127.0.0.1");
        set(etc.resolve("io.tradeloom.hazelcast.cfg"), "member.port", freePort());
    }

    @After
    public void tearDown() throws Exception {
        if (home != null) {
            try {
                run(home, 60, null, "bin/stop");
            } catch (Exception | AssertionError e) {
                System.err.println("stop: " + e);
            }
            awaitStopped();
        }
    }

    @Test
    public void ordersAndClientIdsSurviveARestartOfTheWholeContainer() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        run(home, 60, null, "bin/start");
        awaitVenuesUp();
        String first = submit("rs-" + run + "-1");
        String second = submit("rs-" + run + "-2");
        Set<String> before = orderIds(client("tradeloom:orders --state all"));
        assertTrue(before + " has " + first + " and " + second, before.contains(first) && before.contains(second));

        run(home, 60, null, "bin/stop");
        awaitStopped();
        assertTrue("the durable file", Files.size(home.resolve("data/tradeloom/shared-state.mv.db")) > 0);

        run(home, 60, null, "bin/start");
        awaitVenuesUp();
        Set<String> after = orderIds(client("tradeloom:orders --state all"));
        assertEquals("the same orders after the restart", before, after);
        assertEquals("a known client order id returns the existing order", first, submit("rs-" + run + "-1"));
        assertEquals("and creates none", before, orderIds(client("tradeloom:orders --state all")));
        String third = submit("rs-" + run + "-3");
        assertTrue("a new client order id still makes a new order", !before.contains(third));
    }

    private String submit(String clientId) throws Exception {
        String out = client("tradeloom:order-submit --venue paper --side buy --qty 10 --client-id " + clientId
                + " AAPL");
        Matcher m = ORDER_ID.matcher(out);
        assertTrue("an order id in: " + out, m.find());
        return m.group();
    }

    private static Set<String> orderIds(String out) {
        Set<String> ids = new TreeSet<>();
        Matcher m = ORDER_ID.matcher(out);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    private void awaitVenuesUp() throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        String out = "";
        while (System.currentTimeMillis() < deadline) {
            out = client("tradeloom:venues");
            if (out.lines().anyMatch(l -> l.contains("paper") && l.contains("UP"))
                    && out.lines().anyMatch(l -> l.contains("sim") && l.contains("UP"))) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("venues paper and sim not UP after 300 s; last tradeloom:venues: " + out);
    }

    /** One command through bin/client (retrying the connection while the container starts); its output. */
    private String client(String command) throws Exception {
        run(home, 300, command + "\n", "bin/client", "-u", "karaf", "-p", "karaf", "-r", "120", "-d", "2", "-b");
        // run() appends the client's output to process.log; read the part this call added.
        String log = Files.readString(home.resolve("process.log"), StandardCharsets.UTF_8);
        int mark = log.lastIndexOf(MARK);
        return mark < 0 ? log : log.substring(mark + MARK.length());
    }

    private static final String MARK = "\n--- command ---\n";

    /**
     * Until no JVM of this distribution is left: none in the process list, and Karaf's instance lock file free (a
     * new instance started while the old one still holds it would wait as a slave).
     */
    private void awaitStopped() throws Exception {
        String marker = home.toString();
        await("karaf JVM gone", 120_000, () -> ProcessHandle.allProcesses().noneMatch(ph -> ph.info().commandLine()
                .map(c -> c.contains(marker) && c.contains("org.apache.karaf.main.Main")).orElse(false)));
        await("karaf pid gone", 120_000, this::karafPidGone);
        await("karaf lock released", 120_000, this::lockFree);
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

    private boolean lockFree() {
        Path lock = home.resolve("lock");
        if (!Files.exists(lock)) {
            return true;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock l = ch.tryLock()) {
            return l != null;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return false;
        }
    }

    private static void run(Path dir, int timeoutSeconds, String stdin, String... command) throws Exception {
        Path log = dir.resolve("process.log");
        Files.writeString(log, MARK, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (System.getenv("JAVA_HOME") == null) {
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        }
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
    }

    private static void set(Path cfg, String key, String value) throws IOException {
        String text = Files.readString(cfg);
        String line = key + " = " + value;
        String replaced = text.replaceAll("(?m)^#?\\s*" + Pattern.quote(key) + "\\s*=.*$", line);
        Files.writeString(cfg, replaced.contains(line) ? replaced : text + "\n" + line + "\n");
    }

    private static String freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(s.getLocalPort());
        }
    }

    private static void await(String what, long timeoutMillis, BooleanSupplier condition)
            throws InterruptedException {
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
