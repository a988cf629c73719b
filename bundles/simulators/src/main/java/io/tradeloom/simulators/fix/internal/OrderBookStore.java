package io.tradeloom.simulators.fix.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulator's order book on disk: one properties file in the store directory, rewritten (write to a temporary
 * file, then an atomic rename) on every change, so that a restarted simulator answers status requests and finishes
 * pending fills. Keys: {@code nextOrderId} and {@code order.<OrderID>.<field>}.
 */
final class OrderBookStore {

    static final String FILE_NAME = "simulator-orders.properties";

    private final Path file;
    private final Path tmp;

    OrderBookStore(Path storeDir) {
        this.file = storeDir.resolve(FILE_NAME);
        this.tmp = storeDir.resolve(FILE_NAME + ".tmp");
    }

    Path file() {
        return file;
    }

    record Loaded(long nextOrderId, List<SimOrder> orders) {
    }

    Loaded load() throws IOException {
        if (!Files.exists(file)) {
            return new Loaded(1, List.of());
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        long next = Long.parseLong(p.getProperty("nextOrderId", "1"));
        List<SimOrder> orders = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("order.") || !key.endsWith(".status")) {
                continue;
            }
            String id = key.substring("order.".length(), key.length() - ".status".length());
            String k = "order." + id + ".";
            SimOrder o = new SimOrder(id);
            o.clOrdId = p.getProperty(k + "clOrdId");
            o.origClOrdId = p.getProperty(k + "origClOrdId");
            for (int i = 0; p.containsKey(k + "chain." + i); i++) {
                o.chain.add(p.getProperty(k + "chain." + i));
            }
            o.symbol = p.getProperty(k + "symbol");
            o.side = ch(p.getProperty(k + "side"));
            o.qty = dec(p.getProperty(k + "qty"));
            o.ordType = ch(p.getProperty(k + "ordType"));
            o.price = dec(p.getProperty(k + "price"));
            o.stopPx = dec(p.getProperty(k + "stopPx"));
            o.tif = ch(p.getProperty(k + "tif"));
            o.account = p.getProperty(k + "account");
            o.cumQty = dec(p.getProperty(k + "cumQty", "0"));
            o.notional = dec(p.getProperty(k + "notional", "0"));
            o.status = ch(p.getProperty(key));
            o.fills = Integer.parseInt(p.getProperty(k + "fills", "0"));
            o.text = p.getProperty(k + "text");
            if (o.qty == null) {
                o.qty = BigDecimal.ZERO;
            }
            orders.add(o);
        }
        orders.sort(Comparator.comparingLong(OrderBookStore::number).thenComparing(o -> o.orderId));
        return new Loaded(next, orders);
    }

    void save(long nextOrderId, Collection<SimOrder> orders) throws IOException {
        Properties p = new SortedProperties();
        p.setProperty("nextOrderId", Long.toString(nextOrderId));
        for (SimOrder o : orders) {
            String k = "order." + o.orderId + ".";
            put(p, k + "clOrdId", o.clOrdId);
            put(p, k + "origClOrdId", o.origClOrdId);
            for (int i = 0; i < o.chain.size(); i++) {
                p.setProperty(k + "chain." + i, o.chain.get(i));
            }
            put(p, k + "symbol", o.symbol);
            put(p, k + "side", o.side == 0 ? null : String.valueOf(o.side));
            put(p, k + "qty", o.qty == null ? null : o.qty.toPlainString());
            put(p, k + "ordType", o.ordType == 0 ? null : String.valueOf(o.ordType));
            put(p, k + "price", o.price == null ? null : o.price.toPlainString());
            put(p, k + "stopPx", o.stopPx == null ? null : o.stopPx.toPlainString());
            put(p, k + "tif", o.tif == 0 ? null : String.valueOf(o.tif));
            put(p, k + "account", o.account);
            put(p, k + "cumQty", o.cumQty.toPlainString());
            put(p, k + "notional", o.notional.toPlainString());
            put(p, k + "status", String.valueOf(o.status));
            put(p, k + "fills", Integer.toString(o.fills));
            put(p, k + "text", o.text);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Tradeloom FIX simulator order book");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Written in key order, so that the file reads order by order. */
    private static final class SortedProperties extends Properties {
        private static final long serialVersionUID = 1L;

        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            Set<Map.Entry<Object, Object>> sorted = new TreeSet<>(
                    Comparator.comparing((Map.Entry<Object, Object> e) -> String.valueOf(e.getKey())));
            sorted.addAll(super.entrySet());
            return sorted;
        }
    }

    private static long number(SimOrder o) {
        try {
            return Long.parseLong(o.orderId.substring(o.orderId.lastIndexOf('-') + 1));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    private static char ch(String s) {
        return s == null || s.isEmpty() ? 0 : s.charAt(0);
    }

    private static BigDecimal dec(String s) {
        return s == null || s.isEmpty() ? null : new BigDecimal(s);
    }
}
