package io.tradeloom.core.orders;

import io.tradeloom.core.api.OrderStore;
import org.osgi.service.component.annotations.Component;

/** The container's order store until a shared one is configured: this JVM's memory. */
@Component(service = OrderStore.class)
public class LocalOrderStore extends InMemoryOrderStore {
}
