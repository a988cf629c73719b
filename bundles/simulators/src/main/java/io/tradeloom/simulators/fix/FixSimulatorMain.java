package io.tradeloom.simulators.fix;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FixBrokerSimulator} until Ctrl-C:
 *
 * <pre>
 * mvn -q -f bundles/simulators exec:java -Dexec.args="--port 9880 --store target/sim-store"
 * </pre>
 */
public final class FixSimulatorMain {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: FixSimulatorMain [options]",
            "  --port N               loopback port to listen on (default 9880, 0 = any free port)",
            "  --sender ID            the simulator's SenderCompID (default SIMBROKER)",
            "  --target ID            the initiator's CompID (default TRADELOOM)",
            "  --store DIR            session store and order book (default target/sim-store)",
            "  --ack-delay-ms N       delay before orders are acknowledged (default 0)",
            "  --fill-slices N        partial fills before the final fill (default 2)",
            "  --fill-interval-ms N   time between fills (default 50)",
            "  --reject-symbols A,B   symbols whose orders are rejected",
            "  --fill-price SYM=PX    fill price of market orders in SYM (repeatable)",
            "  --default-price PX     fill price of other symbols (default 100.00)",
            "  --rest-only            acknowledge orders, never fill them",
            "  --help");

    private FixSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FixSimulatorConfig config;
        try {
            config = parse(args);
        } catch (HelpRequested h) {
            System.out.println(USAGE);
            return;
        } catch (IllegalArgumentException e) {
            usage(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        FixBrokerSimulator sim = new FixBrokerSimulator(config);
        sim.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.stop();
            stopped.countDown();
        }, "fix-sim-shutdown"));
        System.out.printf("FIX simulator %s listening on 127.0.0.1:%d for %s (store %s); Ctrl-C stops it%n",
                config.senderCompId(), sim.port(), config.targetCompId(), config.storeDir().toAbsolutePath());
        stopped.await();
    }

    /** Parses the command line; visible for tests. */
    static FixSimulatorConfig parse(String[] args) {
        FixSimulatorConfig.Builder b = FixSimulatorConfig.builder(Path.of("target", "sim-store")).acceptPort(9880);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> throw new HelpRequested();
                case "--rest-only" -> b.restOnly(true);
                case "--port" -> b.acceptPort(intArg(a, value(args, ++i, a)));
                case "--sender" -> b.senderCompId(value(args, ++i, a));
                case "--target" -> b.targetCompId(value(args, ++i, a));
                case "--store" -> b.storeDir(Path.of(value(args, ++i, a)));
                case "--ack-delay-ms" -> b.ackDelayMillis(intArg(a, value(args, ++i, a)));
                case "--fill-slices" -> b.fillSlices(intArg(a, value(args, ++i, a)));
                case "--fill-interval-ms" -> b.fillIntervalMillis(intArg(a, value(args, ++i, a)));
                case "--reject-symbols" -> {
                    for (String s : value(args, ++i, a).split(",")) {
                        if (!s.isBlank()) {
                            b.rejectSymbol(s.trim());
                        }
                    }
                }
                case "--fill-price" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--fill-price " + v + ": expected SYMBOL=PRICE");
                    }
                    b.fillPrice(v.substring(0, eq).trim(), v.substring(eq + 1));
                }
                case "--default-price" -> {
                    String v = value(args, ++i, a);
                    try {
                        b.defaultFillPrice(new java.math.BigDecimal(v.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--default-price " + v + ": not a number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return b.build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": value missing");
        }
        return args[i];
    }

    private static int intArg(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": not a whole number");
        }
    }

    private static void usage(PrintStream out, String error) {
        out.println("error: " + error);
        out.println(USAGE);
    }

    private static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
