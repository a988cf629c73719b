package io.tradeloom.itests;

import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.venue.VenueState;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Assert;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import javax.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Boots the Tradeloom distribution built by assembly/ once per suite, with free loopback ports, and offers shell
 * and polling helpers. Mirrors Karaf's own KarafTestSupport options for Java 17 (shared/ARCHITECTURE.md §4).
 */
public abstract class TradeloomTestSupport {

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService features;

    @Inject
    protected SessionFactory sessionFactory;

    /** Injected last: the boot features are installed when this arrives. */
    @Inject
    protected BootFinished bootFinished;

    @Inject
    protected VenueDirectory venues;

    @ProbeBuilder
    public TestProbeBuilder probeConfiguration(TestProbeBuilder probe) {
        probe.setHeader(Constants.DYNAMICIMPORT_PACKAGE, "*");
        return probe;
    }

    @Configuration
    public Option[] config() {
        String distribution = System.getProperty("tradeloom.distribution");
        String karafVersion = System.getProperty("karaf.version");
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository", "");
        return new Option[]{
                KarafDistributionOption.karafDistributionConfiguration()
                        .frameworkUrl("file:" + new File(distribution).getAbsolutePath())
                        .name("Tradeloom").karafVersion(karafVersion)
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                KarafDistributionOption.keepRuntimeFolder(),
                KarafDistributionOption.configureConsole().ignoreLocalConsole(),
                KarafDistributionOption.logLevel(LogLevel.INFO),
                CoreOptions.systemTimeout(300_000),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots",
                        "none"),
                // The one test probe holds every test class, and FixIT's classes name the simulator's and the FIX
                // adapter's types: both must be there when the probe resolves, so they boot with the container.
                KarafDistributionOption.editConfigurationFileExtend("etc/org.apache.karaf.features.cfg",
                        "featuresBoot", "tradeloom-simulators,tradeloom-broker-fix"),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.management.cfg",
                        "rmiRegistryPort", freePort()),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.management.cfg",
                        "rmiServerPort", freePort()),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.management.cfg",
                        "rmiRegistryHost", "127.0.0.1"),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.management.cfg",
                        "rmiServerHost", "127.0.0.1"),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort",
                        freePort()),
                KarafDistributionOption.editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost",
                        "127.0.0.1"),
                // The REST API listens on a free loopback port; RestApiIT reads it back from this file.
                KarafDistributionOption.editConfigurationFilePut("etc/io.tradeloom.api.rest.cfg", "port",
                        freePort()),
                KarafDistributionOption.editConfigurationFilePut("etc/io.tradeloom.api.rest.cfg", "host",
                        "127.0.0.1"),
                KarafDistributionOption.editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository", localRepo),
                KarafDistributionOption.editConfigurationFilePut("etc/io.tradeloom.hazelcast.cfg", "member.port",
                        freePort()),
                // Injected services (BootFinished last) may take longer than Pax Exam's 10 s default on a busy
                // 2-core machine: boot now starts a Hazelcast member too.
                KarafDistributionOption.editConfigurationFilePut("etc/system.properties", "pax.exam.service.timeout",
                        "180000"),
                KarafDistributionOption.editConfigurationFilePut("etc/branding.properties", "welcome", ""),
                // The tests run inside the container: hand them the version they test.
                KarafDistributionOption.editConfigurationFilePut("etc/system.properties", "tradeloom.version",
                        System.getProperty("tradeloom.version")),
                // A real KRaft Kafka broker for KafkaIT, launched here (driver side) and booting alongside Karaf;
                // the Kafka bridge stays off until a test writes etc/io.tradeloom.kafka.cfg.
                KarafDistributionOption.editConfigurationFilePut("etc/system.properties", ItestKafka.PROPERTY,
                        ItestKafka.bootstrapServers()),
                // Pax Exam waits 10 s for each injected service by default; on a loaded 2-core machine the first
                // test can arrive before the boot features are up (seen at load average 24).
                KarafDistributionOption.editConfigurationFilePut("etc/system.properties",
                        "pax.exam.service.timeout", "120000"),
                new VMOption("--add-reads=java.xml=java.logging"),
                new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                new VMOption("--patch-module"),
                new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                new VMOption("--patch-module"),
                new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                new VMOption("--add-opens"), new VMOption("java.base/java.security=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.base/java.net=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.base/java.lang=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.base/java.util=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                new VMOption("--add-opens"), new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                new VMOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                new VMOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                // Hazelcast (the shared-state member), as in bin/setenv.
                new VMOption("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"),
                new VMOption("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"),
                new VMOption("--add-opens=java.management/sun.management=ALL-UNNAMED"),
                new VMOption("--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED"),
                new VMOption("-classpath"),
                new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
        };
    }

    protected static String freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return Integer.toString(s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Runs a shell command as a user would; returns stdout, with the error line if it failed. */
    protected String shell(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(System.in, ps, ps);
        try {
            session.execute(command);
        } catch (Exception e) {
            ps.println("Error executing command: " + e.getMessage());
        } finally {
            session.close();
        }
        ps.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    protected static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                Assert.fail("timed out after " + timeoutMillis + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assert.fail("interrupted waiting for " + what);
            }
        }
    }

    protected boolean venueUp(String id) {
        Optional<VenueView> v = venues.venue(id);
        return v.isPresent() && v.get().state() == VenueState.UP;
    }

    protected void awaitDefaultVenuesUp() {
        await("venues paper and sim UP", 60_000, () -> venueUp("paper") && venueUp("sim"));
    }

    protected static Path karafBase() {
        return Paths.get(System.getProperty("karaf.base"));
    }

    /**
     * Writes a file the way an editor would, making sure its modification time moves on so that Felix
     * FileInstall (which compares times) sees every write, even two within one clock tick.
     */
    protected static void edit(Path file, String content) throws IOException {
        long before = Files.getLastModifiedTime(file).toMillis();
        Files.writeString(file, content);
        long now = Math.max(System.currentTimeMillis(), before + 1000);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(now));
    }

    /**
     * FileInstall writes a configuration back to its file after Config Admin takes it; an edit made in that
     * window is overwritten. Wait for more than one poll interval (1 s) so that the next edit stands.
     */
    protected static void letFileInstallSettle() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected static String karafLog() throws IOException {
        return Files.readString(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
    }
}
