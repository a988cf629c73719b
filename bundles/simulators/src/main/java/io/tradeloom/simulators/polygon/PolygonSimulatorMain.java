package io.tradeloom.simulators.polygon;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link PolygonSimulator} until Ctrl-C:
 *
 * <pre>
 * mvn -q -f bundles/simulators exec:java -Dexec.mainClass=io.tradeloom.simulators.polygon.PolygonSimulatorMain \
 *     -Dexec.args="port=8765 rate=1000 symbols=AAPL,MSFT"
 * </pre>
 *
 * Options are the DS configuration's keys ({@link PolygonSimulatorSettings}) as {@code key=value}, plus
 * {@code replay=FILE} (sent once a client has subscribed) and
 * {@code record=FILE}.
 */
public final class PolygonSimulatorMain {

    private PolygonSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: PolygonSimulatorMain [port=N] [api.key=K] [symbols=A,B] [rate=N] [seed=N]"
                        + " [trade.ratio=0.25] [start.price.cents=10000] [batch.size=50] [auth.timeout.ms=10000]"
                        + " [max.connections=0] [record=FILE] [replay=FILE]");
                return;
            }
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("not key=value: " + a);
                System.exit(2);
            }
            props.put(a.substring(0, eq).replaceFirst("^--", ""), a.substring(eq + 1));
        }
        PolygonSimulator sim;
        try {
            sim = new PolygonSimulator(PolygonSimulatorSettings.read(props));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        sim.start();
        if (props.containsKey("record")) {
            sim.record(Path.of(props.get("record")));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.stop();
            stopped.countDown();
        }, "polygon-sim-shutdown"));
        System.out.printf("Polygon simulator: %s and %s/v2/aggs/...; Ctrl-C stops it%n", sim.wsUrl(), sim.restUrl());
        if (props.containsKey("replay")) {
            System.out.println("waiting for a subscribed client to replay " + props.get("replay"));
            while (sim.subscriptions().isEmpty()) {
                Thread.sleep(100);
            }
            System.out.println("replayed " + sim.replay(Path.of(props.get("replay"))) + " frames");
        }
        stopped.await();
    }
}
