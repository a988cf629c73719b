package io.tradeloom.domain.order;

/** An execution tried to move an order between two states that FIX does not allow in that order. */
public class IllegalTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalTransitionException(String orderId, OrderStatus from, OrderStatus to) {
        super("order " + orderId + ": illegal transition " + from + " -> " + to);
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
