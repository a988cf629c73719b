package io.tradeloom.core.api;

import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The one way into order flow, whatever the entry point. */
public interface OrderService {

    /**
     * Validates the request, accepts it as PENDING_NEW and sends it to its venue. A client order id seen before
     * returns the existing order and creates nothing.
     *
     * @throws io.tradeloom.domain.validation.ValidationException naming the field and value when the request is
     *                                                            invalid or the venue cannot take it
     */
    Order submit(OrderRequest request);

    /** Asks the venue to cancel; the outcome arrives as executions. */
    Order cancel(String orderId);

    /** Asks the venue to change quantity and/or limit price; null keeps the current value. */
    Order replace(String orderId, BigDecimal quantity, BigDecimal limitPrice);

    Optional<Order> order(String orderId);

    /** Orders sorted by creation time; {@code openOnly} hides terminal ones. */
    List<Order> orders(boolean openOnly);

    OrderStats stats();
}
