package io.tradeloom.itests;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static org.junit.Assert.fail;

/**
 * The built distribution unpacked under target/ and driven as an operator would (bin/start, bin/client, bin/stop),
 * for the tests that restart the whole container; shell and JMX on free loopback ports.
 */
final class UnpackedDistribution {

    private static final String MARK = "\n--- command ---\n";

    final Path home;

    private UnpackedDistribution(Path home) {
        this.home = home;
    }

    static UnpackedDistribution unpack(String workDir) throws Exception {
        Path dist = Paths.get(System.getProperty("tradeloom.distribution"));
        Path work = Paths.get("target", workDir).toAbsolutePath();
        deleteRecursively(work);
        Files.createDirectories(work);
        run(work, 60, null, "tar", "-xzf", dist.toString());
        Path home;
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
        return new UnpackedDistribution(home);
    }

    void start() throws Exception {
        start(java.util.Map.of());
    }

    /** bin/start with these environment variables added; its exit code. */
    int start(java.util.Map<String, String> env) throws Exception {
        return run(home, 60, null, env, "bin/start");
    }

    /** What the container's commands printed so far (process.log). */
    String log() throws IOException {
        return Files.readString(home.resolve("process.log"), StandardCharsets.UTF_8);
    }

    /** The container's own log so far (data/log/karaf.log). */
    String karafLog() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
    }

    /**
     * What the features service stopped or refreshed, from a karaf.log: each "Stopping bundles:" or "Refreshing
     * bundles:" line of its deployer with the bundle lines under it. A fresh boot of the distribution has none: a
     * refresh there is what deadlocked Karaf's boot (KARAF-6089).
     */
    static List<String> deployerStopsAndRefreshes(String karafLog) {
        List<String> found = new ArrayList<>();
        boolean inList = false;
        for (String line : karafLog.split("\\R")) {
            // time | level | thread | logger | bundle | message
            String[] fields = line.split(" \\| ", 6);
            String message = fields.length == 6 ? fields[5] : "";
            boolean deployer = fields.length == 6 && fields[3].trim().equals("FeaturesServiceImpl");
            if (deployer && (message.startsWith("Stopping bundles:") || message.startsWith("Refreshing bundles:"))) {
                found.add(message);
                inList = true;
            } else if (inList && deployer && message.startsWith("  ")) {
                found.add(message);
            } else {
                inList = false;
            }
        }
        return found;
    }

    /** bin/stop, then until no JVM of this distribution is left. */
    void stop(long timeoutMillis) throws Exception {
        run(home, 60, null, "bin/stop");
        awaitStopped(timeoutMillis);
    }

    /** One command through bin/client (retrying the connection while the container starts); its output. */
    String client(String command) throws Exception {
        run(home, 300, command + "\n", "bin/client", "-u", "karaf", "-p", "karaf", "-r", "120", "-d", "2", "-b");
        // run() appends the client's output to process.log; read the part this call added.
        String log = Files.readString(home.resolve("process.log"), StandardCharsets.UTF_8);
        int mark = log.lastIndexOf(MARK);
        return mark < 0 ? log : log.substring(mark + MARK.length());
    }

    /**
     * Until no JVM of this distribution is left: none in the process list (bin/status says "not running" before the
     * JVM has exited), the pid Karaf wrote gone (a long command line may not be readable in full), and Karaf's
     * instance lock free (a new instance started while the old one holds it would wait as a slave).
     */
    void awaitStopped(long timeoutMillis) throws Exception {
        String marker = home.toString();
        await("karaf JVM gone", timeoutMillis, () -> ProcessHandle.allProcesses().noneMatch(ph -> ph.info()
                .commandLine().map(c -> c.contains(marker) && c.contains("org.apache.karaf.main.Main")).orElse(false)));
        await("karaf pid gone", timeoutMillis, this::karafPidGone);
        await("karaf lock released", timeoutMillis, this::lockFree);
    }

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
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            return l != null;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    /** Runs a command in {@code dir}, its output appended to dir/process.log after a marker line. */
    static void run(Path dir, int timeoutSeconds, String stdin, String... command) throws Exception {
        run(dir, timeoutSeconds, stdin, java.util.Map.of(), command);
    }

    /** {@link #run(Path, int, String, String...)} with environment variables added; the exit code. */
    static int run(Path dir, int timeoutSeconds, String stdin, java.util.Map<String, String> env, String... command)
            throws Exception {
        Path log = dir.resolve("process.log");
        Files.writeString(log, MARK, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (System.getenv("JAVA_HOME") == null) {
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        }
        pb.environment().putAll(env);
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
        return p.exitValue();
    }

    static void set(Path cfg, String key, String value) throws IOException {
        String text = Files.readString(cfg);
        String line = key + " = " + value;
        String replaced = text.replaceAll("(?m)^#?\\s*" + Pattern.quote(key) + "\\s*=.*$", line);
        Files.writeString(cfg, replaced.contains(line) ? replaced : text + "\n" + line + "\n");
    }

    static String freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(s.getLocalPort());
        }
    }

    static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
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
                walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
