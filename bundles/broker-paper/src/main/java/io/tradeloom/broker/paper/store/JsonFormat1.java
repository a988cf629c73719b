package io.tradeloom.broker.paper.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tradeloom.core.api.BrokerOrder;
import io.tradeloom.domain.order.ExecType;
import io.tradeloom.domain.order.Execution;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.OrderStatus;
import io.tradeloom.domain.order.Side;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Reads the values of a format-1 store file (written until the binary records of format 2), so that such a file
 * is loaded and migrated when the venue first opens it: executions and ledger orders as JSON arrays of their
 * components in declaration order (decimals as strings, instants as epoch seconds and nanoseconds, enums by name),
 * working orders as Jackson data-bound objects (components by name, instants as ISO-8601). Read-only: nothing
 * writes format 1 any more.
 */
final class JsonFormat1 {

    private static final JsonFactory JSON = new JsonFactory();

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("tradeloom-paper-time")
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

    private JsonFormat1() {
    }

    /** @throws IllegalArgumentException naming Jackson's reason */
    static WorkingOrder working(String json) {
        try {
            return MAPPER.readValue(json, WorkingOrder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed WorkingOrder JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Execution execution(String json) {
        return read(json, r -> new Execution(r.str(), r.str(), r.str(), r.str(), r.str(), r.enumOf(ExecType.class),
                r.enumOf(OrderStatus.class), r.dec(), r.dec(), r.dec(), r.dec(), r.dec(), r.dec(), r.dec(),
                r.instant(), r.str(), r.enumOf(Liquidity.class)));
    }

    /** A ledger order with its sequence number in front. */
    static PaperRecords.SeqOrder ledgerOrder(String json) {
        return read(json, r -> new PaperRecords.SeqOrder(r.number(), new BrokerOrder(r.str(), r.str(), r.str(),
                r.enumOf(Side.class), r.dec(), r.enumOf(OrderStatus.class), r.dec(), r.dec(), r.instant())));
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private interface Parse<T> {
        T parse(Reader r) throws IOException;
    }

    /** @throws IllegalArgumentException when the text is not such an array */
    private static <T> T read(String json, Parse<T> parse) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array: " + abbreviate(json));
            }
            T value = parse.parse(new Reader(p));
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException("more fields than expected: " + abbreviate(json));
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static final class Reader {
        private final JsonParser p;

        Reader(JsonParser p) {
            this.p = p;
        }

        String str() throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("expected a string or null, found " + t);
            }
            return p.getText();
        }

        long number() throws IOException {
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("expected a whole number, found " + p.currentToken());
            }
            return p.getLongValue();
        }

        BigDecimal dec() throws IOException {
            String s = str();
            return s == null ? null : new BigDecimal(s);
        }

        Instant instant() throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("expected epoch seconds, found " + t);
            }
            long seconds = p.getLongValue();
            return Instant.ofEpochSecond(seconds, number());
        }

        <E extends Enum<E>> E enumOf(Class<E> type) throws IOException {
            String s = str();
            return s == null ? null : Enum.valueOf(type, s);
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Instant.parse(p.getValueAsString());
        }
    }
}
