package io.tradeloom.benchmarks;

import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.core.api.BrokerStatement;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.reconciliation.internal.LocalFill;
import io.tradeloom.reconciliation.internal.ReconConfig;
import io.tradeloom.reconciliation.internal.Reconciler;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long one venue's reconciliation takes for a day of N orders with two fills each, on both sides, with one
 * fill in a thousand lost on our side (so the run finds something). Measures the comparison only (the broker's
 * statement and our orders already in memory), the part that grows with the day's volume.
 *
 * <p>{@code mvn -q -f benchmarks/pom.xml exec:java -Dexec.mainClass=io.tradeloom.benchmarks.ReconciliationBenchmark
 * -Dexec.args="--orders 100000 --rounds 7"}
 */
public final class ReconciliationBenchmark {

    private ReconciliationBenchmark() {
    }

    public static void main(String[] args) {
        int orders = 100_000;
        int rounds = 7;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Instant t0 = Instant.parse("2026-11-20T14:30:00Z");
        List<Order> local = new ArrayList<>(orders);
        Map<String, Order> byId = new HashMap<>();
        List<LocalFill> localFills = new ArrayList<>(orders * 2);
        List<BrokerOrder> brokerOrders = new ArrayList<>(orders);
        List<Execution> brokerFills = new ArrayList<>(orders * 2);
        BigDecimal half = new BigDecimal("50");
        BigDecimal px = new BigDecimal("101.25");
        int lost = 0;
        for (int i = 0; i < orders; i++) {
            String id = "O" + i;
            Instant at = t0.plusMillis(i);
            boolean lose = i % 1000 == 999;
            BigDecimal filled = lose ? half : BigDecimal.valueOf(100);
            Order o = new Order(id, "c" + i, "acc", "paper", "AAPL", Side.BUY, OrderType.MARKET, TimeInForce.DAY,
                    BigDecimal.valueOf(100), null, null, null, null,
                    lose ? OrderStatus.PARTIALLY_FILLED : OrderStatus.FILLED, filled, BigDecimal.ZERO, px, "V" + i,
                    null, at, at);
            local.add(o);
            byId.put(id, o);
            brokerOrders.add(new BrokerOrder(id, "V" + i, "AAPL", Side.BUY, BigDecimal.valueOf(100),
                    OrderStatus.FILLED, BigDecimal.valueOf(100), px, at));
            for (int f = 0; f < 2; f++) {
                String exec = "E" + i + "-" + f;
                brokerFills.add(new Execution(exec, id, "c" + i, "paper", "V" + i, ExecType.TRADE,
                        f == 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.FILLED, half, px,
                        f == 0 ? half : BigDecimal.valueOf(100), f == 0 ? half : BigDecimal.ZERO, px,
                        BigDecimal.valueOf(100), null, at, null, null));
                if (lose && f == 1) {
                    lost++;
                    continue;
                }
                localFills.add(new LocalFill("paper", id, exec, "AAPL", Side.BUY, half, px, at, at.plusMillis(2),
                        false));
            }
        }
        BrokerStatement statement = new BrokerStatement("paper", t0, t0.plusSeconds(86_400), brokerOrders,
                brokerFills, true, List.of());
        Reconciler reconciler = new Reconciler(ReconConfig.defaults());
        long[] millis = new long[rounds];
        int found = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            found = reconciler.reconcile("paper", local, byId::get, localFills, statement).discrepancies().size();
            millis[r] = (System.nanoTime() - start) / 1_000_000;
        }
        if (found != lost) {
            throw new IllegalStateException("found " + found + " discrepancies, expected " + lost);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("| orders | fills compared | discrepancies | median ms | min ms | max ms | rounds |%n");
        System.out.printf("|---|---|---|---|---|---|---|%n");
        System.out.printf("| %d | %d | %d | %d | %d | %d | %d |%n", orders, localFills.size() + brokerFills.size(),
                found, sorted[rounds / 2], sorted[0], sorted[rounds - 1], rounds);
    }
}
