package io.tradeloom.core.halt;

import io.tradeloom.core.api.FlattenResult;
import io.tradeloom.core.api.FlattenService;
import io.tradeloom.core.api.HaltService;
import io.tradeloom.core.api.OrderService;
import io.tradeloom.core.api.RiskService;
import io.tradeloom.domain.order.Order;
import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.OrderType;
import io.tradeloom.domain.order.Position;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.order.TimeInForce;
import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code tradeloom:flatten}: one MARKET DAY order of the opposite side per non-zero net position in scope, sent
 * through the normal order path (validation, venue checks, risk) with strategy {@value HaltService#FLATTEN_STRATEGY}
 * so that a halt of the scope lets it through.
 */
@Component(service = FlattenService.class)
public class Flattener implements FlattenService {

    private static final Logger LOG = LoggerFactory.getLogger(Flattener.class);

    private final RiskService risk;
    private final OrderService orders;

    @Activate
    public Flattener(@Reference RiskService risk, @Reference OrderService orders) {
        this.risk = risk;
        this.orders = orders;
    }

    /** The closing orders for these positions, sorted by account and symbol; flat positions give none. */
    public static List<OrderRequest> plan(List<Position> positions, String account, String symbol, String venue) {
        if (venue == null || venue.isBlank()) {
            throw new ValidationException("flatten rejected", Violation.of("venue", venue, "give a broker venue"));
        }
        List<OrderRequest> out = new ArrayList<>();
        positions.stream()
                .filter(p -> p.quantity().signum() != 0)
                .filter(p -> account == null || account.equals(p.account()))
                .filter(p -> symbol == null || symbol.equalsIgnoreCase(p.symbol()))
                .sorted(Comparator.comparing(Position::account).thenComparing(Position::symbol))
                .forEach(p -> out.add(OrderRequest.builder()
                        .account(p.account())
                        .symbol(p.symbol())
                        .venue(venue)
                        .side(p.quantity().signum() > 0 ? Side.SELL : Side.BUY)
                        .quantity(p.quantity().abs())
                        .type(OrderType.MARKET)
                        .timeInForce(TimeInForce.DAY)
                        .strategy(HaltService.FLATTEN_STRATEGY)
                        .build()));
        return out;
    }

    @Override
    public FlattenResult flatten(String account, String symbol, String venue) {
        List<Order> submitted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (OrderRequest r : plan(risk.positions(), blankToNull(account), blankToNull(symbol), venue)) {
            try {
                Order o = orders.submit(r);
                submitted.add(o);
                LOG.warn("flatten {} {}: {} {} {} at {} -> order {}", r.account(), r.symbol(),
                        r.side().name().toLowerCase(), r.quantity().toPlainString(), r.type(), venue, o.id());
            } catch (RuntimeException e) {
                failures.add(r.account() + " " + r.symbol() + ": " + e.getMessage());
                LOG.error("flatten {} {} at {} failed: {}", r.account(), r.symbol(), venue, e.getMessage());
            }
        }
        return new FlattenResult(submitted, failures);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
