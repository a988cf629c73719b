package io.tradeloom.reporting.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradeloom.domain.order.Liquidity;
import io.tradeloom.domain.order.Side;
import io.tradeloom.domain.report.TransactionReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The report's two wire formats, JSON and CSV; their schemas are documented in bundles/reporting/README.md.
 * Decimals are written as strings (JSON) or plain text (CSV) exactly as the venue gave them, never as binary
 * floating point; times are ISO-8601 UTC at the venue's precision.
 */
public final class ReportCodec {

    public static final String SCHEMA = "tradeloom.transaction-report/1";
    public static final List<String> CSV_COLUMNS = List.of("report_id", "order_id", "client_order_id", "exec_id",
            "venue_order_id", "venue", "account", "symbol", "side", "quantity", "price", "execution_time",
            "liquidity");

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private ReportCodec() {
    }

    public static byte[] json(TransactionReport r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        writeJson(r, out);
        return out.toByteArray();
    }

    public static void writeJson(TransactionReport r, OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            writeJson(r, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeJson(TransactionReport r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("schema", SCHEMA);
        g.writeStringField("reportId", r.reportId());
        g.writeStringField("orderId", r.orderId());
        g.writeStringField("clientOrderId", r.clientOrderId());
        g.writeStringField("execId", r.execId());
        g.writeStringField("venueOrderId", r.venueOrderId());
        g.writeStringField("venue", r.venue());
        g.writeStringField("account", r.account());
        g.writeStringField("symbol", r.symbol());
        g.writeStringField("side", r.side().name());
        g.writeStringField("quantity", r.quantity().toPlainString());
        g.writeStringField("price", r.price().toPlainString());
        g.writeStringField("executionTime", r.executionTime().toString());
        g.writeStringField("liquidity", r.liquidity() == null ? Liquidity.UNKNOWN.name() : r.liquidity().name());
        g.writeEndObject();
    }

    /** A JSON array of reports (the end-of-day batch). */
    public static void writeJsonArray(List<TransactionReport> reports, OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartArray();
            for (TransactionReport r : reports) {
                writeJson(r, g);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one report. A missing or malformed field is an IllegalArgumentException naming the field and value.
     */
    public static TransactionReport fromJson(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("report JSON: malformed: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("report JSON: not an object");
        }
        return new TransactionReport(req(n, "reportId"), req(n, "orderId"), opt(n, "clientOrderId"),
                req(n, "execId"), opt(n, "venueOrderId"), req(n, "venue"), opt(n, "account"), req(n, "symbol"),
                parse(n, "side", v -> Side.valueOf(v)), parse(n, "quantity", BigDecimal::new),
                parse(n, "price", BigDecimal::new), parse(n, "executionTime", Instant::parse),
                n.hasNonNull("liquidity") ? parse(n, "liquidity", Liquidity::valueOf) : Liquidity.UNKNOWN);
    }

    private static String req(JsonNode n, String field) {
        String v = opt(n, field);
        if (v == null) {
            throw new IllegalArgumentException("report JSON: " + field + ": missing");
        }
        return v;
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static <T> T parse(JsonNode n, String field, java.util.function.Function<String, T> f) {
        String v = req(n, field);
        try {
            return f.apply(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("report JSON: " + field + "=" + v + ": " + e.getMessage(), e);
        }
    }

    public static String csvHeader() {
        return String.join(",", CSV_COLUMNS);
    }

    /** One CSV record (RFC 4180 quoting), without line end. */
    public static String csv(TransactionReport r) {
        StringBuilder b = new StringBuilder(256);
        Object[] values = {r.reportId(), r.orderId(), r.clientOrderId(), r.execId(), r.venueOrderId(), r.venue(),
                r.account(), r.symbol(), r.side().name(), r.quantity().toPlainString(), r.price().toPlainString(),
                r.executionTime().toString(),
                r.liquidity() == null ? Liquidity.UNKNOWN.name() : r.liquidity().name()};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(values[i] == null ? "" : values[i].toString()));
        }
        return b.toString();
    }

    /** Header plus one record per report, CRLF line ends as RFC 4180 says. */
    public static byte[] csvDocument(List<TransactionReport> reports) {
        StringBuilder b = new StringBuilder(csvHeader()).append("\r\n");
        for (TransactionReport r : reports) {
            b.append(csv(r)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
