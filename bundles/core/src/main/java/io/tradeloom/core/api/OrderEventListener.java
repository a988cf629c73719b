package io.tradeloom.core.api;

/**
 * Whiteboard: register one as an OSGi service to hear every order change (Kafka {@code orders.events}, reporting).
 * Called on the thread that changed the order, after the change is stored; keep it short and never throw (a
 * throwing listener is logged and skipped, it never fails order flow).
 */
@FunctionalInterface
public interface OrderEventListener {

    void onOrderEvent(OrderEvent event);
}
