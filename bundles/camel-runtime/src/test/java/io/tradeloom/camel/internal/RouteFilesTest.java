package io.tradeloom.camel.internal;

import io.tradeloom.camel.api.RouteFileStatus;
import io.tradeloom.camel.api.RouteInfo;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/**
 * Drives {@link RouteFiles#scan()} by hand against a real, started CamelContext with the YAML DSL on the classpath.
 */
public class RouteFilesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private DefaultCamelContext context;
    private RouteTable table;
    private RouteFiles files;
    private ProducerTemplate producer;
    private Path dir;
    /** Every write gets a strictly later mtime, so a rewrite within the file system's mtime granularity is seen. */
    private long clock = 1_700_000_000_000L;

    @Before
    public void setUp() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        table = new RouteTable(context, 5);
        dir = folder.newFolder("routes").toPath();
        files = new RouteFiles(context, table, dir);
        producer = context.createProducerTemplate();
    }

    @After
    public void tearDown() throws Exception {
        if (producer != null) {
            producer.stop();
        }
        context.stop();
    }

    // ---------------------------------------------------------------- helpers

    /** A route from direct:&lt;id&gt; that answers with {@code reply}. */
    private static String route(String id, String reply) {
        return "- route:\n"
                + "    id: " + id + "\n"
                + "    from:\n"
                + "      uri: direct:" + id + "\n"
                + "      steps:\n"
                + "        - setBody:\n"
                + "            constant: \"" + reply + "\"\n";
    }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        clock += 10_000;
        Files.setLastModifiedTime(p, FileTime.fromMillis(clock));
        return p;
    }

    private RouteFileStatus status(String name) {
        return files.status().stream().filter(s -> s.file().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + name + " in " + files.status()));
    }

    private Map<String, RouteInfo> routes() {
        return table.info().stream().collect(Collectors.toMap(RouteInfo::id, Function.identity()));
    }

    private Object call(String routeId) {
        return producer.requestBody("direct:" + routeId, "ping");
    }

    // ---------------------------------------------------------------- add

    @Test
    public void newFileAddsItsRoutesWithTheFileAsOrigin() throws Exception {
        write("orders.yaml", route("o1", "one") + route("o2", "two"));
        files.scan();

        RouteFileStatus s = status("orders.yaml");
        assertTrue(s.loaded());
        assertNull(s.error());
        assertEquals(List.of("o1", "o2"), s.routeIds());
        assertNotNull(s.changedAt());

        Map<String, RouteInfo> routes = routes();
        assertEquals("routes/orders.yaml", routes.get("o1").origin());
        assertEquals("routes/orders.yaml", routes.get("o2").origin());
        assertEquals("Started", routes.get("o1").state());
        assertEquals("one", call("o1"));
        assertEquals("two", call("o2"));
    }

    @Test
    public void ymlExtensionIsPickedUpButOtherAndHiddenFilesAreNot() throws Exception {
        write("a.yml", route("from-yml", "y"));
        write("notes.txt", route("from-txt", "t"));
        write(".hidden.yaml", route("from-hidden", "h"));
        Files.createDirectory(dir.resolve("sub.yaml"));
        files.scan();

        assertEquals(1, files.status().size());
        assertEquals(List.of("from-yml"), status("a.yml").routeIds());
        assertEquals(List.of("from-yml"), List.copyOf(routes().keySet()));
    }

    @Test
    public void missingFolderIsNotAnError() throws Exception {
        RouteFiles none = new RouteFiles(context, table, dir.resolve("does-not-exist"));
        none.scan();
        assertTrue(none.status().isEmpty());
        assertTrue(context.getRoutes().isEmpty());
    }

    // ---------------------------------------------------------------- change

    @Test
    public void changedFileReplacesExactlyItsOwnRoutesAndLeavesOtherFilesRunning() throws Exception {
        write("a.yaml", route("a1", "a1-v1") + route("a2", "a2-v1"));
        write("b.yaml", route("b1", "b1"));
        files.scan();

        Route b1 = context.getRoute("b1");
        assertNotNull(b1);
        assertEquals("b1", call("b1"));
        assertEquals("b1", call("b1"));
        assertEquals(2, routes().get("b1").exchangesTotal());

        // a2 dropped, a1 changed, a3 new
        write("a.yaml", route("a1", "a1-v2") + route("a3", "a3-v2"));
        files.scan();

        RouteFileStatus a = status("a.yaml");
        assertTrue(a.error(), a.loaded());
        assertEquals(List.of("a1", "a3"), a.routeIds());
        assertEquals("a1-v2", call("a1"));
        assertEquals("a3-v2", call("a3"));
        assertNull("a route dropped from the file is removed", context.getRoute("a2"));

        assertSame("the other file's route was not touched", b1, context.getRoute("b1"));
        assertEquals(List.of("b1"), status("b.yaml").routeIds());
        assertEquals("b1", call("b1"));
        RouteInfo b = routes().get("b1");
        assertEquals("the other file's route kept counting: it was never recreated", 3, b.exchangesTotal());
        assertEquals("routes/b.yaml", b.origin());
        assertEquals("routes/a.yaml", routes().get("a3").origin());
    }

    @Test
    public void unchangedFileIsNotReloaded() throws Exception {
        Path p = write("a.yaml", route("a1", "v1"));
        files.scan();
        Route first = context.getRoute("a1");
        call("a1");

        files.scan();
        assertSame(first, context.getRoute("a1"));

        // Touched (new mtime) but same content: still not reloaded.
        Files.setLastModifiedTime(p, FileTime.fromMillis(clock += 10_000));
        files.scan();
        assertSame(first, context.getRoute("a1"));
        assertEquals(1, routes().get("a1").exchangesTotal());
    }

    // ---------------------------------------------------------------- delete

    @Test
    public void deletedFileRemovesItsRoutesOnly() throws Exception {
        Path a = write("a.yaml", route("a1", "a") + route("a2", "a"));
        write("b.yaml", route("b1", "b"));
        files.scan();
        Route b1 = context.getRoute("b1");

        Files.delete(a);
        files.scan();

        assertNull(context.getRoute("a1"));
        assertNull(context.getRoute("a2"));
        assertEquals(List.of("b1"), List.copyOf(routes().keySet()));
        assertSame(b1, context.getRoute("b1"));
        assertEquals(1, files.status().size());
        assertEquals("b.yaml", files.status().get(0).file());
    }

    @Test
    public void fileDeletedAndAddedAgainIsLoadedAgain() throws Exception {
        Path a = write("a.yaml", route("a1", "v1"));
        files.scan();
        Files.delete(a);
        files.scan();
        assertNull(context.getRoute("a1"));

        write("a.yaml", route("a1", "v2"));
        files.scan();
        assertTrue(status("a.yaml").loaded());
        assertEquals("v2", call("a1"));
    }

    // ---------------------------------------------------------------- broken files

    @Test
    public void syntacticallyBrokenFileIsReportedWithTheReason() throws Exception {
        write("broken.yaml", "- route:\n    id: broken1\n    from: [unclosed\n      uri: direct:broken1\n");
        write("good.yaml", route("good1", "ok"));
        files.scan();

        RouteFileStatus s = status("broken.yaml");
        assertFalse(s.loaded());
        assertNotNull(s.error());
        assertFalse(s.error().isBlank());
        assertTrue("the reason names the file: " + s.error(), s.error().contains("broken.yaml"));
        assertEquals(List.of(), s.routeIds());
        assertNull(context.getRoute("broken1"));

        assertTrue(status("good.yaml").loaded());
        assertEquals("ok", call("good1"));
    }

    @Test
    public void fileThatBecomesBrokenKeepsItsPreviousRoutesRunning() throws Exception {
        write("a.yaml", route("a1", "good") + route("a2", "good2"));
        files.scan();
        assertEquals("good", call("a1"));

        write("a.yaml", "- route:\n    id: a1\n    from: {uri: direct:a1\n  steps: [[[\n");
        files.scan();

        RouteFileStatus s = status("a.yaml");
        assertFalse(s.loaded());
        assertNotNull(s.error());
        assertTrue("the reason names the file: " + s.error(), s.error().contains("a.yaml"));
        assertEquals("the previous version's routes are reported", List.of("a1", "a2"), s.routeIds());
        assertEquals("good", call("a1"));
        assertEquals("good2", call("a2"));
        assertEquals("routes/a.yaml", routes().get("a1").origin());

        // Fixing the file loads the new content and clears the error.
        write("a.yaml", route("a1", "fixed"));
        files.scan();
        s = status("a.yaml");
        assertTrue(s.loaded());
        assertNull(s.error());
        assertEquals(List.of("a1"), s.routeIds());
        assertEquals("fixed", call("a1"));
        assertNull(context.getRoute("a2"));
    }

    /**
     * Failed files are retried every ten scans. A broken file whose previous version is running must not have
     * those routes stopped and recreated by each retry (a gap in which direct: producers find no consumer): they
     * keep running, the same route instances, with their figures.
     */
    @Test
    public void retryingABrokenFileDoesNotRestartItsPreviousRoutes() throws Exception {
        write("a.yaml", route("a1", "good"));
        files.scan();
        write("a.yaml", "- route:\n    id: a1\n    from: {uri: direct:a1\n  steps: [[[\n");
        files.scan();
        // The failed load put the previous version back; from here on nothing changes on disk.
        Route running = context.getRoute("a1");
        assertNotNull(running);
        assertEquals("good", call("a1"));

        for (int i = 0; i < 12; i++) {
            files.scan();
        }

        assertFalse(status("a.yaml").loaded());
        assertSame("the previous version kept running untouched", running, context.getRoute("a1"));
        assertEquals("good", call("a1"));
        assertEquals(2, routes().get("a1").exchangesTotal());
    }

    @Test
    public void unknownComponentFailsWithAReasonNamingIt() throws Exception {
        write("bad.yaml", "- route:\n"
                + "    id: bad1\n"
                + "    from:\n"
                + "      uri: direct:bad1\n"
                + "      steps:\n"
                + "        - to: nosuchcomponent:somewhere\n");
        files.scan();

        RouteFileStatus s = status("bad.yaml");
        assertFalse(s.loaded());
        assertTrue("the reason names the component: " + s.error(), s.error().contains("nosuchcomponent"));
        assertEquals(List.of(), s.routeIds());
        assertNull("nothing of the failed file is left in the context", context.getRoute("bad1"));
    }

    @Test
    public void changeThatReferencesAnUnknownComponentKeepsThePreviousRoutes() throws Exception {
        write("a.yaml", route("a1", "v1"));
        files.scan();

        write("a.yaml", "- route:\n"
                + "    id: a1\n"
                + "    from:\n"
                + "      uri: direct:a1\n"
                + "      steps:\n"
                + "        - to: nosuchcomponent:somewhere\n");
        files.scan();

        RouteFileStatus s = status("a.yaml");
        assertFalse(s.loaded());
        assertTrue(s.error(), s.error().contains("nosuchcomponent"));
        assertEquals(List.of("a1"), s.routeIds());
        assertEquals("v1", call("a1"));
        assertEquals("routes/a.yaml", routes().get("a1").origin());
    }

    /** One good and one bad route in the same file: the file fails as a whole and leaves nothing behind. */
    @Test
    public void fileWithOneBadRouteAddsNoneOfItsRoutes() throws Exception {
        write("mixed.yaml", route("fine1", "fine") + "- route:\n"
                + "    id: bad2\n"
                + "    from:\n"
                + "      uri: direct:bad2\n"
                + "      steps:\n"
                + "        - to: nosuchcomponent:somewhere\n");
        files.scan();

        RouteFileStatus s = status("mixed.yaml");
        assertFalse(s.loaded());
        assertTrue(s.error(), s.error().contains("nosuchcomponent"));
        assertEquals(List.of(), s.routeIds());
        assertNull("no half-loaded file: " + routes().keySet(), context.getRoute("fine1"));
        assertNull(context.getRoute("bad2"));
    }

    @Test
    public void failedFileIsRetriedWithinTenScansOnceWhatItNeedsHasArrived() throws Exception {
        write("late.yaml", "- route:\n"
                + "    id: late1\n"
                + "    from:\n"
                + "      uri: direct:late1\n"
                + "      steps:\n"
                + "        - to: latecomer:target\n");
        files.scan();
        assertFalse(status("late.yaml").loaded());
        assertTrue(status("late.yaml").error(), status("late.yaml").error().contains("latecomer"));

        // The component the file needs arrives (as a bundle would bring it); the file itself is not touched.
        context.addComponent("latecomer", new DirectComponent());
        for (int i = 0; i < 10; i++) {
            files.scan();
        }

        RouteFileStatus s = status("late.yaml");
        assertTrue("retried and loaded: " + s.error(), s.loaded());
        assertEquals(List.of("late1"), s.routeIds());
        assertEquals("routes/late.yaml", routes().get("late1").origin());
    }

    // ---------------------------------------------------------------- duplicate ids

    /**
     * Two files defining the same route id: the second one (scan order is by name) must fail with a reason naming
     * the id and the first file's route must keep running untouched.
     */
    @Test
    public void duplicateRouteIdAcrossFilesFailsTheSecondAndKeepsTheFirst() throws Exception {
        write("a.yaml", "- route:\n"
                + "    id: shared\n"
                + "    from:\n"
                + "      uri: direct:a-shared\n"
                + "      steps:\n"
                + "        - setBody:\n"
                + "            constant: \"from-a\"\n");
        files.scan();
        Route original = context.getRoute("shared");
        assertNotNull(original);

        write("b.yaml", "- route:\n"
                + "    id: shared\n"
                + "    from:\n"
                + "      uri: direct:b-shared\n"
                + "      steps:\n"
                + "        - setBody:\n"
                + "            constant: \"from-b\"\n");
        files.scan();

        RouteFileStatus b = status("b.yaml");
        assertFalse("the second file must fail, it reuses route id 'shared'", b.loaded());
        assertNotNull(b.error());
        assertTrue("the reason names the id: " + b.error(), b.error().contains("shared"));
        assertEquals(List.of(), b.routeIds());

        RouteFileStatus a = status("a.yaml");
        assertTrue(a.loaded());
        assertEquals(List.of("shared"), a.routeIds());
        assertSame("the first file's route must not have been replaced", original, context.getRoute("shared"));
        assertEquals("from-a", producer.requestBody("direct:a-shared", "x"));
        Optional<RouteInfo> info = Optional.ofNullable(routes().get("shared"));
        assertEquals("routes/a.yaml", info.orElseThrow().origin());
    }

    // ---------------------------------------------------------------- reason()

    @Test
    public void reasonJoinsDistinctCauseMessagesInnermostLast() {
        Exception e = new RuntimeException("outer", new IllegalStateException("inner\n  detail"));
        assertEquals("outer <- inner detail", RouteFiles.reason(e));

        Exception same = new RuntimeException("same", new RuntimeException("same"));
        assertEquals("same", RouteFiles.reason(same));

        assertEquals("NullPointerException", RouteFiles.reason(new NullPointerException()));
    }
}
