package io.tradeloom.api.rest.internal;

import io.tradeloom.core.api.DeadLetter;
import io.tradeloom.core.api.DeadLetterQueue;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.OrderStats;
import io.tradeloom.core.api.RiskLimitView;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.core.api.VenueDirectory;
import io.tradeloom.core.api.VenueListener;
import io.tradeloom.core.api.VenueView;
import io.tradeloom.domain.instrument.Instrument;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.validation.OrderValidator;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;
import io.tradeloom.domain.venue.Venue;
import io.tradeloom.domain.venue.VenueKind;
import io.tradeloom.domain.venue.VenueState;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Hand-written stand-ins for the core's services: the same validation and reject words, no venues behind them. */
final class Fakes {

    private Fakes() {
    }

    /** Validates like the gateway (OrderValidator, then venue and symbol), keeps orders in a map. */
    static class Orders implements OrderService {
        final Map<String, Order> byId = Collections.synchronizedMap(new LinkedHashMap<>());
        final Map<String, String> byClientId = Collections.synchronizedMap(new LinkedHashMap<>());
        final Set<String> venues = Set.of("paper");
        final Set<String> symbols = Set.of("AAPL", "MSFT");
        int seq;

        @Override
        public synchronized Order submit(OrderRequest r) {
            OrderValidator.requireValid(r);
            if (r.clientOrderId() != null && byClientId.containsKey(r.clientOrderId())) {
                return byId.get(byClientId.get(r.clientOrderId()));
            }
            if (!venues.contains(r.venue())) {
                throw new ValidationException("order rejected", Violation.of("venue", r.venue(),
                        "venue " + r.venue() + " is not deployed"));
            }
            if (!symbols.contains(r.symbol())) {
                throw new ValidationException("order rejected", Violation.of("symbol", r.symbol(), "unknown symbol"));
            }
            String id = "T-" + (++seq);
            String cid = r.clientOrderId() == null ? id : r.clientOrderId();
            Order o = Order.accept(id, cid, r, Instant.now());
            byId.put(id, o);
            byClientId.put(cid, id);
            return o;
        }

        @Override
        public Order cancel(String orderId) {
            Order o = byId.get(orderId);
            if (o == null) {
                throw new ValidationException("cancel rejected", Violation.of("id", orderId, "unknown order"));
            }
            if (o.status().terminal()) {
                throw new ValidationException("cancel rejected", Violation.of("id", orderId, "order is "
                        + o.status()));
            }
            Order pending = o.transition(OrderStatus.PENDING_CANCEL, null, Instant.now());
            byId.put(orderId, pending);
            return pending;
        }

        @Override
        public Order replace(String orderId, BigDecimal quantity, BigDecimal limitPrice) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Order> order(String orderId) {
            return Optional.ofNullable(byId.get(orderId));
        }

        @Override
        public List<Order> orders(boolean openOnly) {
            synchronized (byId) {
                return byId.values().stream().filter(o -> !openOnly || o.status().open()).toList();
            }
        }

        @Override
        public OrderStats stats() {
            throw new UnsupportedOperationException();
        }
    }

    static final class Venues implements VenueDirectory {
        @Override
        public List<VenueView> venues() {
            return List.of(new VenueView("paper", VenueKind.BROKER, "paper", "io.tradeloom.broker.paper",
                    VenueState.UP, "", 3, 4, 0, 12), new VenueView("sim", VenueKind.VENDOR, "sim",
                    "io.tradeloom.vendor.sim", VenueState.DOWN, "stopped", 0, 0, 1, -1));
        }

        @Override
        public Optional<VenueView> venue(String id) {
            return venues().stream().filter(v -> v.id().equals(id)).findFirst();
        }

        @Override
        public Optional<Venue> adapter(String id) {
            return Optional.empty();
        }

        @Override
        public Collection<Instrument> instruments() {
            return List.of();
        }

        @Override
        public Optional<Instrument> instrument(String symbol) {
            return Optional.empty();
        }

        @Override
        public void addListener(VenueListener listener) {
        }

        @Override
        public void removeListener(VenueListener listener) {
        }
    }

    static final class Risk implements RiskService {
        final List<Position> positions = new ArrayList<>();

        @Override
        public void check(OrderRequest request) {
        }

        @Override
        public List<RiskLimitView> limits() {
            return List.of();
        }

        @Override
        public List<Position> positions() {
            return positions;
        }

        @Override
        public Optional<String> configError() {
            return Optional.empty();
        }
    }

    static final class DeadLetters implements DeadLetterQueue {
        final List<DeadLetter> letters = Collections.synchronizedList(new ArrayList<>());

        @Override
        public DeadLetter add(String source, String kind, Object payload, String reason) {
            DeadLetter d = new DeadLetter(letters.size() + 1, Instant.now(), source, kind, String.valueOf(payload),
                    reason);
            letters.add(d);
            return d;
        }

        @Override
        public List<DeadLetter> recent(int max) {
            return letters.stream().limit(max).toList();
        }

        @Override
        public long total() {
            return letters.size();
        }
    }
}
