package io.tradeloom.domain.order;

import java.math.BigDecimal;
import java.util.Objects;

/** What the platform asks a broker adapter to do with an order. */
public sealed interface OrderCommand permits OrderCommand.Submit, OrderCommand.Cancel, OrderCommand.Replace {

    Order order();

    /** Send a new order. */
    record Submit(Order order) implements OrderCommand {
        public Submit {
            Objects.requireNonNull(order, "order");
        }
    }

    /** Cancel the whole remaining quantity. {@code requestId} is the cancel's own ClOrdID. */
    record Cancel(Order order, String requestId) implements OrderCommand {
        public Cancel {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** Change quantity and/or limit price; a null field keeps the current value. */
    record Replace(Order order, String requestId, BigDecimal newQuantity, BigDecimal newLimitPrice)
            implements OrderCommand {
        public Replace {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}
