package io.tradeloom.broker.paper.engine;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the paper venue fills orders.
 *
 * @param venueId          venue id written into every execution
 * @param fillModel        the price a fill starts from: the touch or the midpoint
 * @param slippageBps      basis points added against the taker (buys pay more, sells get less); 0 &lt;= bps &lt; 10000
 * @param latencyMillis    delay before each execution is handed to the sink; 0 delivers on the caller's thread
 * @param partialFillRatio fraction of the remaining quantity filled per matching event, 0 &lt; ratio &lt;= 1
 */
public record PaperConfig(String venueId, FillModel fillModel, BigDecimal slippageBps, long latencyMillis,
                          BigDecimal partialFillRatio) {

    public static final String KEY_ID = "id";
    public static final String KEY_FILL_MODEL = "fill.model";
    public static final String KEY_SLIPPAGE_BPS = "slippage.bps";
    public static final String KEY_LATENCY_MS = "latency.ms";
    public static final String KEY_PARTIAL_FILL_RATIO = "partial.fill.ratio";

    public static final String DEFAULT_ID = "paper";

    private static final BigDecimal MAX_BPS = BigDecimal.valueOf(10_000);

    public PaperConfig {
        Objects.requireNonNull(venueId, "venueId");
        Objects.requireNonNull(fillModel, "fillModel");
        Objects.requireNonNull(slippageBps, "slippageBps");
        Objects.requireNonNull(partialFillRatio, "partialFillRatio");
        if (venueId.isBlank()) {
            throw new IllegalArgumentException("venueId must not be blank");
        }
        String bps = checkSlippage(slippageBps);
        if (bps != null) {
            throw new IllegalArgumentException("slippageBps=" + slippageBps.toPlainString() + ": " + bps);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis=" + latencyMillis + ": must be >= 0");
        }
        String ratio = checkRatio(partialFillRatio);
        if (ratio != null) {
            throw new IllegalArgumentException("partialFillRatio=" + partialFillRatio.toPlainString() + ": " + ratio);
        }
    }

    /** Fill at the touch, at once, without slippage or latency. */
    public static PaperConfig defaults() {
        return new PaperConfig(DEFAULT_ID, FillModel.QUOTE, BigDecimal.ZERO, 0, BigDecimal.ONE);
    }

    /**
     * Reads the OSGi/Karaf configuration keys {@code id}, {@code fill.model} (quote|mid), {@code slippage.bps},
     * {@code latency.ms} and {@code partial.fill.ratio}. A missing, null or blank value takes the default;
     * unknown keys are ignored. Values may be strings or numbers.
     *
     * @throws IllegalArgumentException naming the key and the bad value, e.g.
     *                                  {@code partial.fill.ratio=1.5: must be > 0 and <= 1}
     */
    public static PaperConfig parse(Map<String, ?> props) {
        Map<String, ?> p = props == null ? Map.of() : props;

        String id = value(p, KEY_ID);
        String venueId = id == null ? DEFAULT_ID : id;

        String model = value(p, KEY_FILL_MODEL);
        FillModel fillModel = FillModel.QUOTE;
        if (model != null) {
            switch (model.toLowerCase(Locale.ROOT)) {
                case "quote" -> fillModel = FillModel.QUOTE;
                case "mid" -> fillModel = FillModel.MID;
                default -> throw bad(KEY_FILL_MODEL, model, "must be quote or mid");
            }
        }

        BigDecimal slippage = decimal(p, KEY_SLIPPAGE_BPS, BigDecimal.ZERO);
        String slippageProblem = checkSlippage(slippage);
        if (slippageProblem != null) {
            throw bad(KEY_SLIPPAGE_BPS, value(p, KEY_SLIPPAGE_BPS), slippageProblem);
        }

        long latency = 0;
        String latencyText = value(p, KEY_LATENCY_MS);
        if (latencyText != null) {
            try {
                latency = new BigDecimal(latencyText).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw bad(KEY_LATENCY_MS, latencyText, "must be a whole number of milliseconds");
            }
            if (latency < 0) {
                throw bad(KEY_LATENCY_MS, latencyText, "must be >= 0");
            }
        }

        BigDecimal ratio = decimal(p, KEY_PARTIAL_FILL_RATIO, BigDecimal.ONE);
        String ratioProblem = checkRatio(ratio);
        if (ratioProblem != null) {
            throw bad(KEY_PARTIAL_FILL_RATIO, value(p, KEY_PARTIAL_FILL_RATIO), ratioProblem);
        }

        return new PaperConfig(venueId, fillModel, slippage, latency, ratio);
    }

    private static String checkSlippage(BigDecimal bps) {
        if (bps.signum() < 0) {
            return "must be >= 0";
        }
        if (bps.compareTo(MAX_BPS) >= 0) {
            return "must be < 10000 (100%)";
        }
        return null;
    }

    private static String checkRatio(BigDecimal ratio) {
        return ratio.signum() <= 0 || ratio.compareTo(BigDecimal.ONE) > 0 ? "must be > 0 and <= 1" : null;
    }

    private static String value(Map<String, ?> p, String key) {
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    private static BigDecimal decimal(Map<String, ?> p, String key, BigDecimal dflt) {
        String s = value(p, key);
        if (s == null) {
            return dflt;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw bad(key, s, "not a number");
        }
    }

    private static IllegalArgumentException bad(String key, String value, String why) {
        return new IllegalArgumentException(key + "=" + value + ": " + why);
    }
}
