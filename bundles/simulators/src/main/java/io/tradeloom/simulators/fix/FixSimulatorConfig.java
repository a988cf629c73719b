package io.tradeloom.simulators.fix;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable configuration of a {@link FixBrokerSimulator}. Build it with {@link #builder(Path)}.
 *
 * @param acceptPort         the loopback port initiators connect to; 0 picks a free port (see
 *                           {@link FixBrokerSimulator#port()})
 * @param senderCompId       the simulator's (acceptor's) SenderCompID, default {@code SIMBROKER}
 * @param targetCompId       the CompID expected from the initiator, default {@code TRADELOOM}
 * @param storeDir           QuickFIX/J file store and the simulator's order book; sequence numbers, resends and
 *                           orders survive a restart of the simulator
 * @param ackDelayMillis     delay before a NewOrderSingle is acknowledged (ExecType NEW), default 0
 * @param fillSlices         partial fills before the final fill, default 2; 0 = one full fill
 * @param fillIntervalMillis time between fills (and between the ack and the first fill), default 50
 * @param rejectSymbols      symbols whose orders are rejected with "symbol X is restricted"
 * @param fillPrices         price per symbol for market, stop and pegged orders
 * @param defaultFillPrice   price for symbols not in {@code fillPrices}, default 100.00
 * @param restOnly           orders are acknowledged but never filled (to test cancels and replaces)
 */
public record FixSimulatorConfig(
        int acceptPort,
        String senderCompId,
        String targetCompId,
        Path storeDir,
        long ackDelayMillis,
        int fillSlices,
        long fillIntervalMillis,
        Set<String> rejectSymbols,
        Map<String, BigDecimal> fillPrices,
        BigDecimal defaultFillPrice,
        boolean restOnly) {

    public static final String BEGIN_STRING = "FIX.4.4";
    public static final String DEFAULT_SENDER_COMP_ID = "SIMBROKER";
    public static final String DEFAULT_TARGET_COMP_ID = "TRADELOOM";
    public static final int DEFAULT_FILL_SLICES = 2;
    public static final long DEFAULT_FILL_INTERVAL_MILLIS = 50;
    public static final BigDecimal DEFAULT_FILL_PRICE = new BigDecimal("100.00");

    public FixSimulatorConfig {
        if (acceptPort < 0 || acceptPort > 65535) {
            throw new IllegalArgumentException("acceptPort=" + acceptPort + ": must be 0..65535");
        }
        senderCompId = requireCompId("senderCompId", senderCompId);
        targetCompId = requireCompId("targetCompId", targetCompId);
        if (senderCompId.equals(targetCompId)) {
            throw new IllegalArgumentException("senderCompId=" + senderCompId + ": must differ from targetCompId");
        }
        Objects.requireNonNull(storeDir, "storeDir");
        if (ackDelayMillis < 0) {
            throw new IllegalArgumentException("ackDelayMillis=" + ackDelayMillis + ": must be >= 0");
        }
        if (fillSlices < 0) {
            throw new IllegalArgumentException("fillSlices=" + fillSlices + ": must be >= 0");
        }
        if (fillIntervalMillis < 0) {
            throw new IllegalArgumentException("fillIntervalMillis=" + fillIntervalMillis + ": must be >= 0");
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String s : Objects.requireNonNull(rejectSymbols, "rejectSymbols")) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("rejectSymbols: blank symbol");
            }
            symbols.add(s.trim());
        }
        rejectSymbols = Set.copyOf(symbols);
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : Objects.requireNonNull(fillPrices, "fillPrices").entrySet()) {
            prices.put(e.getKey().trim(), requirePositive("fillPrices." + e.getKey(), e.getValue()));
        }
        fillPrices = Map.copyOf(prices);
        defaultFillPrice = requirePositive("defaultFillPrice", defaultFillPrice);
    }

    /** A builder with the defaults; {@code storeDir} is the only required value. */
    public static Builder builder(Path storeDir) {
        return new Builder().storeDir(storeDir);
    }

    /** A builder initialised with this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .acceptPort(acceptPort)
                .senderCompId(senderCompId)
                .targetCompId(targetCompId)
                .storeDir(storeDir)
                .ackDelayMillis(ackDelayMillis)
                .fillSlices(fillSlices)
                .fillIntervalMillis(fillIntervalMillis)
                .rejectSymbols(rejectSymbols)
                .defaultFillPrice(defaultFillPrice)
                .restOnly(restOnly);
        fillPrices.forEach(b::fillPrice);
        return b;
    }

    /** The price a market (stop, pegged) order in {@code symbol} fills at. */
    public BigDecimal fillPriceFor(String symbol) {
        return fillPrices.getOrDefault(symbol, defaultFillPrice);
    }

    private static String requireCompId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": must not be blank");
        }
        String v = value.trim();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '=') {
                throw new IllegalArgumentException(name + "=" + v + ": printable ASCII without '=' and spaces only");
            }
        }
        return v;
    }

    private static BigDecimal requirePositive(String name, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(name + "=" + value + ": must be > 0");
        }
        return value;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int acceptPort;
        private String senderCompId = DEFAULT_SENDER_COMP_ID;
        private String targetCompId = DEFAULT_TARGET_COMP_ID;
        private Path storeDir;
        private long ackDelayMillis;
        private int fillSlices = DEFAULT_FILL_SLICES;
        private long fillIntervalMillis = DEFAULT_FILL_INTERVAL_MILLIS;
        private final Set<String> rejectSymbols = new LinkedHashSet<>();
        private final Map<String, BigDecimal> fillPrices = new LinkedHashMap<>();
        private BigDecimal defaultFillPrice = DEFAULT_FILL_PRICE;
        private boolean restOnly;

        private Builder() {
        }

        public Builder acceptPort(int port) {
            this.acceptPort = port;
            return this;
        }

        public Builder senderCompId(String id) {
            this.senderCompId = id;
            return this;
        }

        public Builder targetCompId(String id) {
            this.targetCompId = id;
            return this;
        }

        public Builder storeDir(Path dir) {
            this.storeDir = dir;
            return this;
        }

        public Builder ackDelayMillis(long millis) {
            this.ackDelayMillis = millis;
            return this;
        }

        public Builder fillSlices(int slices) {
            this.fillSlices = slices;
            return this;
        }

        public Builder fillIntervalMillis(long millis) {
            this.fillIntervalMillis = millis;
            return this;
        }

        /** Replaces the set of restricted symbols. */
        public Builder rejectSymbols(Set<String> symbols) {
            this.rejectSymbols.clear();
            this.rejectSymbols.addAll(symbols);
            return this;
        }

        public Builder rejectSymbol(String symbol) {
            this.rejectSymbols.add(symbol);
            return this;
        }

        public Builder fillPrice(String symbol, BigDecimal price) {
            this.fillPrices.put(Objects.requireNonNull(symbol, "symbol"), price);
            return this;
        }

        public Builder fillPrice(String symbol, String price) {
            return fillPrice(symbol, parsePrice("fill price of " + symbol, price));
        }

        public Builder defaultFillPrice(BigDecimal price) {
            this.defaultFillPrice = price;
            return this;
        }

        public Builder restOnly(boolean restOnly) {
            this.restOnly = restOnly;
            return this;
        }

        public FixSimulatorConfig build() {
            return new FixSimulatorConfig(acceptPort, senderCompId, targetCompId, storeDir, ackDelayMillis,
                    fillSlices, fillIntervalMillis, rejectSymbols, fillPrices, defaultFillPrice, restOnly);
        }

        private static BigDecimal parsePrice(String what, String value) {
            try {
                return new BigDecimal(value.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + "=" + value + ": not a number", e);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "FixSimulatorConfig[port=%d, %s->%s, store=%s, ackDelay=%dms, fillSlices=%d, fillInterval=%dms, "
                        + "rejectSymbols=%s, fillPrices=%s, defaultFillPrice=%s, restOnly=%s]",
                acceptPort, senderCompId, targetCompId, storeDir, ackDelayMillis, fillSlices, fillIntervalMillis,
                rejectSymbols, fillPrices, defaultFillPrice.toPlainString(), restOnly);
    }
}
