package io.tradeloom.core.api;

/**
 * One pre-trade limit as operators see it in {@code tradeloom:risk}.
 *
 * @param rule  the configuration key of the rule, e.g. {@code max.order.qty}
 * @param scope {@code global}, {@code account=<ACCOUNT>}, {@code symbol=<SYMBOL>} or {@code venue=<VENUE>}
 * @param limit the limit in force, {@code off} when the rule is off in that scope
 * @param usage current usage (open orders, position, orders in the last second), or {@code per order} for rules
 *              that look at one order at a time
 */
public record RiskLimitView(String rule, String scope, String limit, String usage) {
}
