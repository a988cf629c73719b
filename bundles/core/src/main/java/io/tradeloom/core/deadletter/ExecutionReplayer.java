package io.tradeloom.core.deadletter;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.orders.OrderGateway;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Order;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Replays execution dead letters (kind execution) into the order gateway, which checks them again: one that still
 * cannot be applied becomes a new dead letter, which the store reports as the outcome. The gateway ignores an
 * execution id it has seen before, also one it dead-lettered; that is reported as such.
 */
@Component(service = DeadLetterQueue.Replayer.class)
public class ExecutionReplayer implements DeadLetterQueue.Replayer {

    private final OrderGateway gateway;

    @Activate
    public ExecutionReplayer(@Reference OrderService orders) {
        if (!(orders instanceof OrderGateway g)) {
            throw new IllegalArgumentException("execution replay needs the core's OrderGateway, not " + orders);
        }
        this.gateway = g;
    }

    @Override
    public boolean canReplay(DeadLetter letter) {
        return "execution".equalsIgnoreCase(letter.kind());
    }

    @Override
    public String replay(DeadLetter letter) {
        long duplicatesBefore = gateway.getDuplicateExecutions();
        gateway.onExecution(letter.original());
        if (!(letter.original() instanceof Execution e)) {
            return "passed to the order gateway";
        }
        if (gateway.getDuplicateExecutions() > duplicatesBefore) {
            return "ignored by the order gateway: execution " + e.execId() + " from " + e.venue()
                    + " was seen before (duplicate exec id); order " + e.orderId() + " unchanged";
        }
        return gateway.order(e.orderId()).map(ExecutionReplayer::describe)
                .orElse("passed to the order gateway; order " + e.orderId() + " unknown");
    }

    private static String describe(Order o) {
        return "applied to order " + o.id() + ": " + o.status() + " filled=" + o.filledQty().toPlainString()
                + " leaves=" + o.leavesQty().toPlainString();
    }

    @Override
    public String toString() {
        return "execution replayer";
    }
}
