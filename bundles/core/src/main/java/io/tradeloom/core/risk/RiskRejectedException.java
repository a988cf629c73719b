package io.tradeloom.core.risk;

import io.tradeloom.domain.validation.ValidationException;
import io.tradeloom.domain.validation.Violation;

/**
 * A pre-trade risk reject. The violation's field is the rule key (e.g. {@code max.order.qty}) and its value the
 * order's figure; the message reads {@code risk: max.order.qty=1000 exceeded: qty=5000 (account=default,
 * symbol=AAPL)}, naming the configuration key that set the limit, the limit and the value.
 */
public class RiskRejectedException extends ValidationException {

    private static final long serialVersionUID = 1L;

    private final String message;

    RiskRejectedException(String rule, String key, String limit, String what, Object value, String account,
                          String symbol) {
        super("risk", Violation.of(rule, value, "limit " + key + "=" + limit + ": " + what));
        this.message = "risk: " + key + "=" + limit + " " + what + " (account=" + account + ", symbol=" + symbol
                + ")";
    }

    /** The rule key, e.g. {@code max.order.qty}. */
    public String rule() {
        return violations().get(0).field();
    }

    @Override
    public String getMessage() {
        return message;
    }
}
