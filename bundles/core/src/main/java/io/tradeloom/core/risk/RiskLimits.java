package io.tradeloom.core.risk;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The limits of one version of {@code io.tradeloom.risk.cfg}, immutable. Blank or 0 switches a rule off; an
 * override ({@code <rule>.account.<ACCOUNT>}, {@code <rule>.symbol.<SYMBOL>}, for the rate rules
 * {@code <rule>.<VENUE or ACCOUNT>}) replaces the global value in its scope, 0 there exempts the scope, and when
 * both an account and a symbol override apply the stricter one wins.
 */
final class RiskLimits {

    static final String MAX_ORDER_QTY = "max.order.qty";
    static final String MAX_ORDER_NOTIONAL = "max.order.notional";
    static final String PRICE_COLLAR_PCT = "price.collar.pct";
    static final String MAX_OPEN_ORDERS = "max.open.orders";
    static final String MAX_POSITION = "max.position";
    static final String DUPLICATE_WINDOW_MS = "duplicate.window.ms";
    static final String RATE_VENUE = "max.orders.per.second.venue";
    static final String RATE_ACCOUNT = "max.orders.per.second.account";
    static final String RESTRICTED_SYMBOLS = "restricted.symbols";

    /** Rules with global, per-account and per-symbol values; true for whole numbers. */
    static final Map<String, Boolean> SCOPED = scoped();
    /** Rate rules: global value plus overrides by venue or by account. */
    static final Map<String, String> RATE = Map.of(RATE_VENUE, "venue", RATE_ACCOUNT, "account");

    private static final BigDecimal MAX_PCT = new BigDecimal("100000");

    private static Map<String, Boolean> scoped() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put(MAX_ORDER_QTY, false);
        m.put(MAX_ORDER_NOTIONAL, false);
        m.put(PRICE_COLLAR_PCT, false);
        m.put(MAX_OPEN_ORDERS, true);
        m.put(MAX_POSITION, false);
        m.put(DUPLICATE_WINDOW_MS, true);
        return Collections.unmodifiableMap(m);
    }

    /** The values of one rule. A null global means off; an override of 0 means off in that scope. */
    record Rule(String key, BigDecimal global, Map<String, BigDecimal> byAccount, Map<String, BigDecimal> bySymbol) {
    }

    /** A limit that applies to one order: its value and the configuration key it comes from. */
    record Limit(String rule, String key, BigDecimal value) {
        String shown() {
            return value.stripTrailingZeros().toPlainString();
        }
    }

    private final String source;
    private final Map<String, Rule> rules;
    private final Set<String> restricted;

    private RiskLimits(String source, Map<String, Rule> rules, Set<String> restricted) {
        this.source = source;
        this.rules = rules;
        this.restricted = restricted;
    }

    static RiskLimits none() {
        return parse(Map.of());
    }

    /**
     * Parses one configuration.
     *
     * @throws SettingsException naming the file, the key and the value of the first bad setting
     */
    static RiskLimits parse(Map<String, ?> props) {
        Settings settings = new Settings(props);
        Map<String, Map<String, BigDecimal>> accounts = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> symbols = new TreeMap<>();
        Map<String, BigDecimal> globals = new TreeMap<>();
        for (String rule : SCOPED.keySet()) {
            accounts.put(rule, new TreeMap<>());
            symbols.put(rule, new TreeMap<>());
        }
        for (String rule : RATE.keySet()) {
            accounts.put(rule, new TreeMap<>());
        }
        for (String key : new TreeSet<>(props == null ? Set.<String>of() : props.keySet())) {
            if (SCOPED.containsKey(key) || RATE.containsKey(key)) {
                BigDecimal v = value(settings, key, SCOPED.getOrDefault(key, true));
                if (v != null && v.signum() > 0) {
                    globals.put(key, v);
                }
                continue;
            }
            if (key.equals(RESTRICTED_SYMBOLS) || !looksLikeRiskKey(key)) {
                continue;
            }
            boolean matched = false;
            for (String rule : SCOPED.keySet()) {
                if (key.startsWith(rule + ".account.") && key.length() > (rule + ".account.").length()) {
                    put(accounts.get(rule), key.substring((rule + ".account.").length()), settings, key,
                            SCOPED.get(rule));
                    matched = true;
                } else if (key.startsWith(rule + ".symbol.") && key.length() > (rule + ".symbol.").length()) {
                    put(symbols.get(rule), key.substring((rule + ".symbol.").length()), settings, key,
                            SCOPED.get(rule));
                    matched = true;
                } else if (key.startsWith(rule + ".")) {
                    throw settings.invalid(key, "unknown scope: use " + rule + ".account.<ACCOUNT> or " + rule
                            + ".symbol.<SYMBOL>");
                }
            }
            for (String rule : RATE.keySet()) {
                if (key.startsWith(rule + ".") && key.length() > rule.length() + 1) {
                    put(accounts.get(rule), key.substring(rule.length() + 1), settings, key, true);
                    matched = true;
                }
            }
            if (!matched) {
                throw settings.invalid(key, "unknown risk setting");
            }
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (String rule : SCOPED.keySet()) {
            rules.put(rule, new Rule(rule, globals.get(rule), Map.copyOf(accounts.get(rule)),
                    Map.copyOf(symbols.get(rule))));
        }
        for (String rule : List.of(RATE_VENUE, RATE_ACCOUNT)) {
            rules.put(rule, new Rule(rule, globals.get(rule), Map.copyOf(accounts.get(rule)), Map.of()));
        }
        Set<String> restricted = new TreeSet<>(settings.list(RESTRICTED_SYMBOLS, List.of()));
        return new RiskLimits(settings.source(), Collections.unmodifiableMap(rules),
                Collections.unmodifiableSet(restricted));
    }

    /** Keys in the risk file's name space; anything else (service.pid, felix.fileinstall.filename) is ignored. */
    private static boolean looksLikeRiskKey(String key) {
        return key.startsWith("max.") || key.startsWith("price.") || key.startsWith("restricted.")
                || key.startsWith("duplicate.");
    }

    private static void put(Map<String, BigDecimal> into, String scope, Settings settings, String key,
                            boolean whole) {
        BigDecimal v = value(settings, key, whole);
        if (v != null) {
            into.put(scope, v);
        }
    }

    private static BigDecimal value(Settings settings, String key, boolean whole) {
        if (whole) {
            long n = settings.integer(key, -1, 0, Long.MAX_VALUE);
            return n < 0 ? null : BigDecimal.valueOf(n);
        }
        BigDecimal max = key.startsWith(PRICE_COLLAR_PCT) ? MAX_PCT : null;
        return settings.decimal(key, null, BigDecimal.ZERO, max);
    }

    String source() {
        return source;
    }

    Rule rule(String key) {
        return rules.get(key);
    }

    Map<String, Rule> rules() {
        return rules;
    }

    Set<String> restricted() {
        return restricted;
    }

    /** The limit of a scoped rule for this account and symbol, or null when it is off for them. */
    Limit limit(String ruleKey, String account, String symbol) {
        Rule r = rules.get(ruleKey);
        BigDecimal a = r.byAccount().get(account);
        BigDecimal s = r.bySymbol().get(symbol);
        if (a == null && s == null) {
            return r.global() == null ? null : new Limit(ruleKey, ruleKey, r.global());
        }
        Limit best = null;
        if (a != null && a.signum() > 0) {
            best = new Limit(ruleKey, ruleKey + ".account." + account, a);
        }
        if (s != null && s.signum() > 0 && (best == null || s.compareTo(best.value()) < 0)) {
            best = new Limit(ruleKey, ruleKey + ".symbol." + symbol, s);
        }
        return best;
    }

    /** The limit of a rate rule for this venue or account, or null when it is off for it. */
    Limit rate(String ruleKey, String scope) {
        Rule r = rules.get(ruleKey);
        BigDecimal o = r.byAccount().get(scope);
        if (o != null) {
            return o.signum() > 0 ? new Limit(ruleKey, ruleKey + "." + scope, o) : null;
        }
        return r.global() == null ? null : new Limit(ruleKey, ruleKey, r.global());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Rule r : rules.values()) {
            sb.append(r.key()).append('=').append(r.global() == null ? "off" : r.global().toPlainString());
            if (!r.byAccount().isEmpty()) {
                sb.append(' ').append(RATE.containsKey(r.key()) ? RATE.get(r.key()) + 's' : "accounts")
                        .append(r.byAccount());
            }
            if (!r.bySymbol().isEmpty()) {
                sb.append(" symbols").append(r.bySymbol());
            }
            sb.append(", ");
        }
        return sb.append(RESTRICTED_SYMBOLS).append('=').append(restricted).toString();
    }
}
