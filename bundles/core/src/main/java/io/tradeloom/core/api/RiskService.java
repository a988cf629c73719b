package io.tradeloom.core.api;

import io.tradeloom.domain.order.OrderRequest;
import io.tradeloom.domain.order.Position;

import java.util.List;
import java.util.Optional;

/**
 * Pre-trade risk: the limits of {@code etc/io.tradeloom.risk.cfg} (PID {@code io.tradeloom.risk}), checked by the
 * order gateway after validation and the venue checks and before an order is accepted.
 */
public interface RiskService {

    /**
     * Checks one valid request against every limit in force; an order that passes counts towards the rate and
     * duplicate windows.
     *
     * @throws io.tradeloom.domain.validation.ValidationException whose violation's field is the rule key and whose
     *                                                            message names the rule, the limit and the value
     */
    void check(OrderRequest request);

    /** Every rule with its scope (global, account=..., symbol=..., venue=...), its limit and current usage. */
    List<RiskLimitView> limits();

    /** Net positions per account and symbol built from the fills the gateway applied. */
    List<Position> positions();

    /** Why the last (re)load of the configuration was refused, if it was; empty when the file is in force. */
    Optional<String> configError();
}
