package io.tradeloom.itests;

import io.tradeloom.camel.api.CamelRuntime;
import io.tradeloom.camel.api.RouteFileStatus;
import io.tradeloom.camel.api.RouteInfo;
import org.apache.camel.Route;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import javax.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/** Route files in routes/ are added, reloaded and removed one file at a time; a broken one harms nobody else. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RouteFilesIT extends TradeloomTestSupport {

    @Inject
    CamelRuntime camel;

    private Path dir;

    @Before
    public void setUp() {
        awaitDefaultVenuesUp();
        dir = karafBase().resolve("routes");
    }

    @After
    public void cleanUp() throws Exception {
        Files.deleteIfExists(dir.resolve("itest-extra.yaml"));
        Files.deleteIfExists(dir.resolve("itest-broken.yaml"));
        await("itest routes removed", 10_000, () -> route("itest-tick").isEmpty() && route("itest-tock").isEmpty());
    }

    private Optional<RouteInfo> route(String id) {
        return camel.routes().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private Optional<RouteFileStatus> file(String name) {
        return camel.routeFiles().stream().filter(f -> f.file().equals(name)).findFirst();
    }

    private static String timerRoute(String id, long period) {
        return "- route:\n    id: " + id + "\n    from:\n      uri: timer:" + id + "?period=" + period
                + "\n      steps:\n        - setBody:\n            constant: hello\n";
    }

    @Test
    public void addChangeDeleteTouchOnlyThatFilesRoutes() throws Exception {
        Route marketData = camel.context().getRoute("marketdata-in");
        Route orders = camel.context().getRoute("orders-out");

        long t0 = System.nanoTime();
        Files.writeString(dir.resolve("itest-extra.yaml"), timerRoute("itest-tick", 50));
        await("itest-tick added", 10_000, () -> route("itest-tick").filter(r -> r.state().equals("Started")).isPresent());
        System.out.printf("route file added -> route started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertEquals("routes/itest-extra.yaml", route("itest-tick").orElseThrow().origin());

        t0 = System.nanoTime();
        edit(dir.resolve("itest-extra.yaml"), timerRoute("itest-tock", 50));
        await("itest-tick replaced by itest-tock", 10_000,
                () -> route("itest-tick").isEmpty() && route("itest-tock").isPresent());
        System.out.printf("route file changed -> reloaded in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        t0 = System.nanoTime();
        Files.delete(dir.resolve("itest-extra.yaml"));
        await("itest-tock removed", 10_000, () -> route("itest-tock").isEmpty());
        System.out.printf("route file deleted -> routes removed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        // The other files' routes were never touched: same Route instances, still started.
        assertSame(marketData, camel.context().getRoute("marketdata-in"));
        assertSame(orders, camel.context().getRoute("orders-out"));
    }

    @Test
    public void brokenFileIsReportedAndEveryOtherRouteKeepsRunning() throws Exception {
        long before = route("marketdata-in").orElseThrow().exchangesTotal();
        Files.writeString(dir.resolve("itest-broken.yaml"), "- route:\n    id: itest-bad\n    from:\n      uri: [\n");
        await("broken file reported", 10_000, () -> file("itest-broken.yaml").filter(f -> !f.loaded()).isPresent());
        String out = shell("tradeloom:routes");
        assertTrue(out, out.contains("routes/itest-broken.yaml FAILED: "));
        assertTrue(karafLog().contains("route file itest-broken.yaml is broken"));
        await("market data still flowing", 10_000,
                () -> route("marketdata-in").orElseThrow().exchangesTotal() > before + 10);

        // An unknown component is named in the reason.
        edit(dir.resolve("itest-broken.yaml"), "- route:\n    id: itest-bad\n    from:\n"
                + "      uri: nosuchcomponent:x\n      steps:\n        - to: log:x\n");
        await("reason names the component", 10_000, () -> file("itest-broken.yaml")
                .filter(f -> f.error() != null && f.error().contains("nosuchcomponent")).isPresent());
        assertFalse(route("itest-bad").isPresent());
    }

    @Test
    public void fileThatBreaksKeepsItsPreviousRoutes() throws Exception {
        Files.writeString(dir.resolve("itest-extra.yaml"), timerRoute("itest-tick", 100));
        await("itest-tick added", 10_000, () -> route("itest-tick").isPresent());
        edit(dir.resolve("itest-extra.yaml"), "- route: {id: itest-tick, from: {uri: 'timer:x'\n");
        await("broken version reported", 10_000, () -> file("itest-extra.yaml").filter(f -> !f.loaded()).isPresent());
        assertTrue("previous routes keep running", route("itest-tick").isPresent());
        assertTrue(file("itest-extra.yaml").orElseThrow().routeIds().contains("itest-tick"));
    }
}
