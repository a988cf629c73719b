package io.tradeloom.broker.paper.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.OrderStatus;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a store file as the format-1 store did (tests only): the same maps, the same meta entries and the same
 * JSON encodings (working orders data-bound with ISO-8601 instants, ledger orders and executions as streaming JSON
 * arrays), copied from that store's {@code PaperJson} and {@code PaperCodec}; synchronously, since only the file's
 * content matters here.
 */
final class JsonFormat1Writer implements PaperJournal, AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("tradeloom-paper-time").addSerializer(Instant.class,
                    new JsonSerializer<Instant>() {
                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider p)
                                throws IOException {
                            gen.writeString(value.toString());
                        }
                    }));

    private final MVStore store;
    private final MVMap<String, String> working;
    private final MVMap<String, String> ledgerOrders;
    private final MVMap<Long, String> executions;

    JsonFormat1Writer(Path file, String venueId) {
        store = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<String, String> meta = store.openMap("meta");
        meta.put("format", "1");
        meta.put("venue", venueId);
        working = store.openMap(PaperStore.JSON_WORKING);
        ledgerOrders = store.openMap(PaperStore.JSON_LEDGER_ORDERS);
        executions = store.openMap(PaperStore.JSON_EXECUTIONS, new MVMap.Builder<Long, String>().singleWriter());
    }

    @Override
    public void working(WorkingOrder order) {
        try {
            working.put(order.order().id(), MAPPER.writeValueAsString(order));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void finished(long seq, String orderId, OrderStatus status) {
        working.remove(orderId);
    }

    @Override
    public void ledgerOrder(long seq, BrokerOrder o) {
        ledgerOrders.put(o.orderId(), write(g -> {
            g.writeNumber(seq);
            str(g, o.orderId());
            str(g, o.venueOrderId());
            str(g, o.symbol());
            str(g, o.side() == null ? null : o.side().name());
            dec(g, o.quantity());
            str(g, o.status().name());
            dec(g, o.cumQty());
            dec(g, o.avgPrice());
            instant(g, o.updatedAt());
        }));
    }

    @Override
    public void ledgerOrderEvicted(String orderId) {
        ledgerOrders.remove(orderId);
    }

    @Override
    public void execution(long seq, Execution e) {
        executions.put(seq, write(g -> {
            str(g, e.execId());
            str(g, e.orderId());
            str(g, e.clientOrderId());
            str(g, e.venue());
            str(g, e.venueOrderId());
            str(g, e.execType() == null ? null : e.execType().name());
            str(g, e.ordStatus() == null ? null : e.ordStatus().name());
            dec(g, e.lastQty());
            dec(g, e.lastPrice());
            dec(g, e.cumQty());
            dec(g, e.leavesQty());
            dec(g, e.avgPrice());
            dec(g, e.quantity());
            dec(g, e.limitPrice());
            instant(g, e.transactTime());
            str(g, e.text());
            str(g, e.liquidity() == null ? null : e.liquidity().name());
        }));
    }

    @Override
    public void executionEvicted(long seq) {
        executions.remove(seq);
    }

    @Override
    public void close() {
        store.commit();
        store.close();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            fields.write(g);
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void str(JsonGenerator g, String s) throws IOException {
        if (s == null) {
            g.writeNull();
        } else {
            g.writeString(s);
        }
    }

    private static void instant(JsonGenerator g, Instant t) throws IOException {
        if (t == null) {
            g.writeNull();
        } else {
            g.writeNumber(t.getEpochSecond());
            g.writeNumber(t.getNano());
        }
    }

    private static void dec(JsonGenerator g, BigDecimal d) throws IOException {
        str(g, d == null ? null : d.toString());
    }
}
